import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTenantId } from '../../engine/ids.js';
import { createCipher } from '../../storage/crypto.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteApiKeyStore } from '../../storage/sqlite-api-key-store.js';
import { SqliteTenantStore } from '../../storage/sqlite-tenant-store.js';
import { type ApiHarness, createApiHarness } from './api-harness.js';

const root = join(import.meta.dirname, '..', '..');
// tsx runs the TypeScript entry as it is: no build needed (it comes with drizzle-kit; skip where it is missing).
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

async function handoff(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(tsx, [join(root, 'bot', 'cli', 'main.ts'), ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe.skipIf(!existsSync(tsx))('handoff CLI as a process (smoke)', () => {
  let h: ApiHarness;
  let server: ServerType;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'handoff-cli-'));

  beforeAll(async () => {
    h = await createApiHarness();
    url = await new Promise<string>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve(`http://127.0.0.1:${info.port}`),
      );
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads HANDOFF_URL and HANDOFF_API_KEY, prints JSON, and exits with the right codes', async () => {
    const env = { HANDOFF_URL: url, HANDOFF_API_KEY: h.keyA };

    // Independent of each other, so run side by side: each process takes about a second to start.
    const [started, text, missing, usage] = await Promise.all([
      handoff(['start', '--from', '12', '--to', '34', '--json'], env),
      handoff(['start', '--from', '78', '--to', '34', '--tz', 'UTC'], env),
      handoff(['status', 'H-9'], env),
      handoff(['start'], env),
    ]);

    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({
      id: expect.stringMatching(/^H-[12]$/),
      from: { id: 12, name: 'Anna Adams' },
    });
    // Not a terminal: the one-line result leads stdout, before the status, and nothing of it goes to stderr.
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^(H-[12]) started\.\n\1 {2}scheduled \(starting\) {2}Dora Diaz \(78\) → Ben Brown \(34\)\n/,
    );
    expect(text.stderr).toBe('');
    expect(missing.code).toBe(1);
    expect(usage.code).toBe(2);
  });

  it('creates an API key in the SQLite file at DATABASE_PATH, shown once, stored hashed', async () => {
    const databasePath = join(dir, 'handoff.db');
    const setup = openSqliteDatabase(databasePath);
    const unknown = await handoff(['api-key', 'create', '--tenant', 'acme', '--name', 'hr'], {
      DATABASE_PATH: databasePath,
    });
    await new SqliteTenantStore(setup, { cipher: createCipher(null) }).ensureTenant({
      id: toTenantId('acme'),
      name: 'Acme',
    });
    setup.close();

    const created = await handoff(['api-key', 'create', '--tenant', 'acme', '--name', 'hr'], {
      DATABASE_PATH: databasePath,
    });

    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('acme');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    const database = openSqliteDatabase(databasePath);
    try {
      const store = new SqliteApiKeyStore(database);
      expect(await store.verify(key)).toEqual({ tenantId: toTenantId('acme'), name: 'hr' });
      expect(database.sqlite.prepare('select count(*) as n from api_keys where key_hash = ?').get(key)).toEqual({
        n: 0,
      });
    } finally {
      database.close();
    }
  });
});

describe.skipIf(!existsSync(tsx))('handoff CLI as a process: a closed pipe and mistyped flags', () => {
  it('stops quietly when the reader has gone (handoff help | head -1), without a stack', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(tsx, [join(root, 'bot', 'cli', 'main.ts'), 'help'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head -1` that has already read its line: the pipe is closed before the CLI writes.
    child.stdout.destroy();

    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));

    expect(stderr).not.toMatch(/EPIPE|\n\s+at |node:internal/);
    expect(code).toBe(0);
  });

  it('names a mistyped flag and suggests the close one (exit code 2)', async () => {
    const result = await handoff(['start', '--from', '12', '--to', '34', '--untill', 'friday'], {
      HANDOFF_URL: 'http://127.0.0.1:9',
      HANDOFF_API_KEY: 'unused-key-0123456789',
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Unknown flag --untill. Did you mean --until?\nRun "handoff help" for usage.\n');
  });
});
