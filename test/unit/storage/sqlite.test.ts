/**
 * openSqliteDatabase: creates the folder, turns on WAL, applies the migrations once, and reopens cleanly.
 * @module
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../storage/sqlite.js';

const folder = mkdtempSync(join(tmpdir(), 'open-sqlite-'));
const migrationCount = readdirSync(join(import.meta.dirname, '..', '..', '..', 'storage', 'migrations')).filter((f) =>
  f.endsWith('.sql'),
).length;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('openSqliteDatabase', () => {
  it('creates the folder and the file, in WAL mode, with every table', () => {
    const path = join(folder, 'nested', 'deeper', 'handoff.db');

    const database = openSqliteDatabase(path);

    expect(existsSync(path)).toBe(true);
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = database.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'api_keys',
        'handoff_counters',
        'handoff_events',
        'handoff_items',
        'handoff_targets',
        'handoffs',
        'idempotency_keys',
        'identity_links',
        'slack_installations',
        'tenants',
      ]),
    );
    database.close();
  });

  it('applies each migration once across reopenings and keeps the data', () => {
    const path = join(folder, 'reopen.db');
    const first = openSqliteDatabase(path);
    first.sqlite.prepare("INSERT INTO handoff_counters (tenant_id, last_no) VALUES ('t', 7)").run();
    first.close();

    const second = openSqliteDatabase(path);

    expect(second.sqlite.prepare('SELECT last_no FROM handoff_counters').pluck().get()).toBe(7);
    expect(second.sqlite.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get()).toBe(migrationCount);
    second.close();
  });

  it('opens an in-memory database for :memory:', () => {
    const database = openSqliteDatabase(':memory:');

    expect(database.sqlite.prepare('SELECT COUNT(*) FROM handoffs').pluck().get()).toBe(0);
    database.close();
  });
});
