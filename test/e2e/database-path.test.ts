/**
 * Start-up on an unusable DATABASE_PATH, as a process: the real entry (bot/main.ts through tsx) exits with code 2 and
 * one line on stderr naming DATABASE_PATH and the reason — no stack, not the path itself — for a file that is not a
 * database, a path under a regular file, a read-only folder and a read-only database file. Running as root (which
 * may write anywhere), the read-only cases run the child as the unprivileged user 65534.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { canSpawnRuntime } from './support/runtime-process.js';

const root = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'handoff-database-path-'));
chmodSync(folder, 0o755);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;
const NOBODY = 65_534;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs bot/main.ts with `databasePath`; resolves when it exits (or fails after 30 s, killing it). */
function startWith(databasePath: string, asNobody = false): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bot', 'main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_PATH: databasePath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the runtime did not exit within 30 s; it printed:\n${stdout}\n${stderr}`));
    }, 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function notADatabase(): string {
  const path = join(folder, 'notes.db');
  writeFileSync(path, 'Meeting notes, not a database. '.repeat(40));
  return path;
}

function underAFile(): string {
  const file = join(folder, 'plain-file');
  writeFileSync(file, 'x');
  return join(file, 'handoff.db');
}

/** A folder nobody but root may write to (the child runs as 65534 when we are root). */
function readOnlyFolder(): string {
  const dir = join(folder, 'read-only');
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  return join(dir, 'handoff.db');
}

/** A good database file that its user may only read, in a folder it may write. */
function readOnlyFile(): string {
  const dir = join(folder, 'read-only-file');
  mkdirSync(dir);
  const path = join(dir, 'handoff.db');
  const database = openSqliteDatabase(path);
  database.sqlite.pragma('journal_mode = DELETE');
  database.close();
  chmodSync(path, 0o444);
  if (isRoot) chownSync(dir, NOBODY, NOBODY);
  return path;
}

describe.skipIf(!canSpawnRuntime)('start-up on an unusable DATABASE_PATH', () => {
  it.each([
    ['a file that is not a database', notADatabase, false, /^DATABASE_PATH is not a SQLite database/],
    ['a path under a regular file', underAFile, false, /^DATABASE_PATH lies under a file, not a folder/],
    ['a read-only folder', readOnlyFolder, true, /^DATABASE_PATH is read-only/],
    ['a read-only database file', readOnlyFile, true, /^DATABASE_PATH is read-only/],
  ])(
    'exits with one line naming DATABASE_PATH for %s',
    async (_label, pathOf, readOnly, reason) => {
      const path = pathOf();

      const outcome = await startWith(path, readOnly && isRoot);

      const lines = outcome.stderr.trim().split('\n');
      expect(outcome.code, outcome.stdout + outcome.stderr).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(reason);
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
      expect(outcome.stderr).not.toContain(folder);
      expect(outcome.stdout).not.toContain('handoff.listening');
    },
    60_000,
  );
});
