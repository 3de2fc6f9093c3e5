/**
 * Opens the SQLite database: creates its folder, turns on WAL, and applies the committed drizzle migrations
 * (storage/migrations/) before anything reads or writes.
 * @module
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

export interface SqliteDatabase {
  /** The drizzle handle, typed by storage/schema.ts. */
  readonly db: SqliteDb;
  /** The raw better-sqlite3 connection, for prepared statements on hot paths and for other adapters (Agenda). */
  readonly sqlite: Database.Database;
  readonly path: string;
  close(): void;
}

/**
 * Where the migrations live: next to this file in the source tree (tsx, vitest); a build (tsc) does not copy SQL, so
 * dist/storage/sqlite.js reads them from the source tree it was built from.
 */
function defaultMigrationsFolder(): string {
  const beside = join(import.meta.dirname, 'migrations');
  return existsSync(beside) ? beside : join(import.meta.dirname, '..', '..', 'storage', 'migrations');
}

export interface OpenSqliteOptions {
  /** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Override the migrations folder (tests of a built copy). */
  readonly migrationsFolder?: string;
}

/**
 * Opens (creating when missing) the database at `path`, or an in-memory one for `:memory:`.
 * @example
 * const { db, close } = openSqliteDatabase('./data/handoff.db');
 */
export function openSqliteDatabase(path: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    // WAL lets readers run beside the one writer; NORMAL sync is durable across application crashes in WAL mode
    // (https://www.sqlite.org/pragma.html#pragma_synchronous) and much faster than FULL.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() });
    return { db, sqlite, path, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
