/**
 * SqliteHandoffStore across processes on one file: per-tenant numbers stay unique and consecutive, and the
 * already_running rule holds, because creation takes the write lock up front (BEGIN IMMEDIATE); and of many run lease
 * claims from several processes exactly one wins.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteHandoffStore } from '../../storage/sqlite-store.js';
import { newHandoff } from './handoff-store.fixtures.js';

interface ChildResult {
  readonly numbers: number[];
  readonly sharedCreated: number;
  readonly refused: number;
}

const folder = mkdtempSync(join(tmpdir(), 'handoff-processes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function startChild(dbPath: string, count: number, userBase: number, leaseHandoffId?: string) {
  const script = join(import.meta.dirname, 'handoff-store-sqlite-child.ts');
  const args = [script, dbPath, String(count), String(userBase), ...(leaseHandoffId ? [leaseHandoffId] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, lines, exited };
}

describe('SqliteHandoffStore with several processes on one file', () => {
  it('hands out unique consecutive numbers and lets only one handoff hold a from-user', async () => {
    const dbPath = join(folder, 'shared.db');
    openSqliteDatabase(dbPath).close();
    const children = [startChild(dbPath, 40, 1000), startChild(dbPath, 40, 2000), startChild(dbPath, 40, 3000)];
    await expect.poll(() => children.every((c) => c.lines.length === 1), { timeout: 20_000 }).toBe(true);

    for (const c of children) c.child.stdin.end('go\n');
    const codes = await Promise.all(children.map((c) => c.exited));

    expect(codes).toEqual([0, 0, 0]);
    const results = children.map((c) => JSON.parse(c.lines[1] ?? '{}') as ChildResult);
    const numbers = results.flatMap((r) => r.numbers).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(numbers).toHaveLength(3 * 20 + 1);
    expect(results.reduce((sum, r) => sum + r.sharedCreated, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.refused, 0)).toBe(3 * 20 - 1);
  });

  it('gives a handoff’s run lease to exactly one of many owners claiming from several processes', async () => {
    const dbPath = join(folder, 'lease.db');
    const database = openSqliteDatabase(dbPath);
    const { handoff } = await new SqliteHandoffStore(database).createHandoff(newHandoff());
    database.close();
    const children = [1000, 2000, 3000].map((base) => startChild(dbPath, 30, base, handoff.id));
    await expect.poll(() => children.every((c) => c.lines.length === 1), { timeout: 20_000 }).toBe(true);

    for (const c of children) c.child.stdin.end('go\n');
    const codes = await Promise.all(children.map((c) => c.exited));

    expect(codes).toEqual([0, 0, 0]);
    const won = children.map((c) => (JSON.parse(c.lines[1] ?? '{}') as { won: number }).won);
    expect(won.reduce((sum, n) => sum + n, 0)).toBe(1);
  });
});
