/**
 * Store failures on a real SQLite file: a full database (PRAGMA max_page_count) and a read-only one (query_only)
 * surface as the engine's StoreError through withStoreFaults, the write probe reports them (cached), and
 * openDatabaseAt names DATABASE_PATH's problem in one line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreError, StoreError } from '../../../engine/errors.js';
import { toPortalUserId } from '../../../engine/ids.js';
import { createSqliteHealthCheck } from '../../../storage/database-health.js';
import { DatabasePathError, openDatabaseAt } from '../../../storage/database-path.js';
import { openSqliteDatabase } from '../../../storage/sqlite.js';
import { SqliteHandoffStore } from '../../../storage/sqlite-store.js';
import { toStoreError, withStoreFaults } from '../../../storage/store-faults.js';
import { newHandoff, T1 } from '../../contract/handoff-store.fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'database-faults-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(folder, `db-${++n}`, 'handoff.db');

describe('toStoreError', () => {
  it.each([
    ['SQLITE_FULL', 'storage_full'],
    ['ENOSPC', 'storage_full'],
    ['SQLITE_READONLY', 'storage_read_only'],
    ['SQLITE_READONLY_DIRECTORY', 'storage_read_only'],
    ['SQLITE_IOERR_WRITE', 'storage_unavailable'],
    ['SQLITE_BUSY', 'storage_unavailable'],
  ])('maps %s to %s', (code, expected) => {
    expect(toStoreError(Object.assign(new Error('x'), { code }))?.code).toBe(expected);
  });

  it('leaves a bug alone (a constraint, a TypeError)', () => {
    expect(toStoreError(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT' }))).toBe(
      undefined,
    );
    expect(toStoreError(new TypeError('x is undefined'))).toBe(undefined);
  });
});

describe('withStoreFaults on a real SQLite store', () => {
  it('turns SQLITE_FULL into a StoreError, keeps the store working (private fields) and reads on a full file', async () => {
    const database = openSqliteDatabase(freshPath());
    try {
      const store = withStoreFaults(new SqliteHandoffStore(database));
      const { handoff } = await store.createHandoff(newHandoff({ status: 'scheduled' }));
      database.sqlite.pragma(`max_page_count = ${database.sqlite.pragma('page_count', { simple: true })}`);
      const items = Array.from({ length: 2_000 }, (_, i) => ({
        kind: 'deals' as const,
        itemId: i + 1,
        title: `A deal with a long enough title to need pages ${i}`.repeat(3),
        originalOwnerId: toPortalUserId(1),
        newOwnerId: toPortalUserId(2),
        status: 'pending' as const,
      }));

      const failure = await store.insertItems(T1, handoff.id, items).catch((err: unknown) => err);

      expect(isStoreError(failure)).toBe(true);
      expect(failure).toMatchObject({ code: 'storage_full' });
      expect((await store.getHandoff(T1, handoff.id))?.status).toBe('scheduled');
      expect((await store.countItems(T1, handoff.id)).byStatus.pending).toBe(0);
    } finally {
      database.close();
    }
  });
});

describe('the database write probe', () => {
  it('reports writable, then a full database and a read-only one, keeping each answer for its cache time', async () => {
    const database = openSqliteDatabase(freshPath());
    let now = 0;
    try {
      const check = createSqliteHealthCheck(database.sqlite, { path: database.path, cacheMs: 5_000, now: () => now });

      const healthy = await check();
      database.sqlite.pragma(`max_page_count = ${database.sqlite.pragma('page_count', { simple: true })}`);
      const cached = await check();
      now += 5_000;
      const full = await check();
      database.sqlite.pragma('max_page_count = 1073741823');
      database.sqlite.pragma('query_only = ON');
      now += 5_000;
      const readOnly = await check();

      expect(healthy).toEqual({ writable: true });
      expect(cached).toEqual({ writable: true });
      expect(full).toEqual({ writable: false, problem: expect.stringMatching(/^not writable: the database is full/) });
      expect(readOnly).toEqual({
        writable: false,
        problem: expect.stringMatching(/^not writable: The database is read-only/),
      });
    } finally {
      database.close();
    }
  });
});

describe('openDatabaseAt (DATABASE_PATH at start-up)', () => {
  it.each([
    [
      'a file that is not a database',
      () => {
        const path = join(folder, 'notes.db');
        writeFileSync(path, 'these are my notes, not a database; '.repeat(20));
        return path;
      },
      /^DATABASE_PATH is not a SQLite database/,
    ],
    [
      'a path under a regular file',
      () => {
        const file = join(folder, 'plain-file');
        writeFileSync(file, 'x');
        return join(file, 'handoff.db');
      },
      /^DATABASE_PATH lies under a file, not a folder/,
    ],
    [
      'a folder',
      () => {
        const dir = join(folder, 'a-folder');
        mkdirSync(dir, { recursive: true });
        return dir;
      },
      /^DATABASE_PATH is a folder, not a database file/,
    ],
  ])('refuses %s with one line naming DATABASE_PATH', (_label, pathOf, message) => {
    const failure = (() => {
      try {
        openDatabaseAt(pathOf()).close();
        return undefined;
      } catch (err) {
        return err;
      }
    })();

    expect(failure).toBeInstanceOf(DatabasePathError);
    expect((failure as Error).message).toMatch(message);
    expect((failure as Error).message).not.toContain('\n');
    expect((failure as Error).message).not.toContain(folder);
  });

  it('opens a good path and leaves a StoreError alone', () => {
    const database = openDatabaseAt(freshPath());
    database.close();

    expect(new StoreError('x', 'storage_full').code).toBe('storage_full');
  });
});
