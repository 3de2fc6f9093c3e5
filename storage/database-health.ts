/**
 * Whether the database can take writes, for `/healthz` (and `/readyz`): one real write (a single row in the
 * `database_health` table, committed), the room left under SQLite's page limit, and the free space on the disk
 * that holds the file. Cheap but not free, so the answer is kept a few seconds and shared by concurrent callers —
 * never on a request's hot path.
 * @module
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Db } from 'mongodb';
import { toStoreError } from './store-faults.js';

export interface DatabaseHealth {
  /** True when a write just went through and there is room for more. */
  readonly writable: boolean;
  /** Why not, in words for an operator (never a path or a value): e.g. "not writable: the database is full …". */
  readonly problem?: string;
}

/** Checks the database; never throws. */
export type DatabaseHealthCheck = () => Promise<DatabaseHealth>;

export interface SqliteHealthOptions {
  /** The database file (its folder's disk is checked for free space); `:memory:` skips the disk check. */
  readonly path: string;
  /** Below this much free disk space the database counts as full (default 1 MiB: a few batches of items). */
  readonly minFreeBytes?: number;
  /** How long an answer is reused (default 5 s). */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/** Pages the file must still be able to grow by (max_page_count) for the database to count as writable. */
const RESERVE_PAGES = 16;

const TABLE = `CREATE TABLE IF NOT EXISTS database_health (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at INTEGER NOT NULL
)`;

/**
 * The write itself: upserts the one row of `database_health` (creating the table on first use). Throws the driver's
 * error when the database cannot take it. Synchronous (better-sqlite3), so start-up can call it before serving.
 */
export function writeSqliteProbe(sqlite: Database, now: number = Date.now()): void {
  sqlite.exec(TABLE);
  sqlite
    .prepare(
      'INSERT INTO database_health (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at',
    )
    .run(now);
}

function problemOf(error: unknown): string {
  const known = toStoreError(error);
  if (known) return `not writable: ${known.message}`;
  return `not writable: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The write probe on a SQLite connection: upserts one row, then checks the room left. Use the connection the
 * stores use, so its limits (PRAGMA max_page_count) and its file are the ones checked.
 * @example
 * const health = createSqliteHealthCheck(database.sqlite, { path: database.path });
 * const { writable, problem } = await health();
 */
export function createSqliteHealthCheck(sqlite: Database, options: SqliteHealthOptions): DatabaseHealthCheck {
  const minFree = options.minFreeBytes ?? 1024 * 1024;
  const probe = (): DatabaseHealth => {
    try {
      writeSqliteProbe(sqlite);
    } catch (error) {
      return { writable: false, problem: problemOf(error) };
    }
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    const maxPages = Number(sqlite.pragma('max_page_count', { simple: true }));
    const freePages = Number(sqlite.pragma('freelist_count', { simple: true }));
    if (maxPages - pages + freePages < RESERVE_PAGES) {
      return { writable: false, problem: 'not writable: the database is full (its size limit is reached).' };
    }
    if (options.path !== ':memory:' && options.path !== '') {
      try {
        const disk = statfsSync(dirname(options.path));
        const free = disk.bavail * disk.bsize;
        if (free < minFree) {
          return { writable: false, problem: `not writable: the disk is full (${Math.floor(free / 1024)} KiB free).` };
        }
      } catch {
        // A file system without statfs: the write above is the check.
      }
    }
    return { writable: true };
  };
  return cached(async () => probe(), options.cacheMs ?? 5_000, options.now ?? Date.now);
}

/** The write probe on MongoDB: one upsert in the `database_health` collection. */
export function createMongoHealthCheck(
  db: Db,
  options: { readonly cacheMs?: number; readonly now?: () => number } = {},
): DatabaseHealthCheck {
  const probe = async (): Promise<DatabaseHealth> => {
    try {
      await db
        .collection<{ _id: string; checkedAt: Date }>('database_health')
        .updateOne({ _id: 'probe' }, { $set: { checkedAt: new Date() } }, { upsert: true });
      return { writable: true };
    } catch (error) {
      return { writable: false, problem: problemOf(error) };
    }
  };
  return cached(probe, options.cacheMs ?? 5_000, options.now ?? Date.now);
}

/** Reuses an answer for `ms`; callers arriving while a check runs share it. */
function cached(check: () => Promise<DatabaseHealth>, ms: number, now: () => number): DatabaseHealthCheck {
  let last: { at: number; value: DatabaseHealth } | undefined;
  let running: Promise<DatabaseHealth> | undefined;
  return () => {
    const at = now();
    if (last && at - last.at < ms) return Promise.resolve(last.value);
    running ??= check()
      .catch((error: unknown): DatabaseHealth => ({ writable: false, problem: problemOf(error) }))
      .then((value) => {
        last = { at: now(), value };
        running = undefined;
        return value;
      });
    return running;
  };
}
