/**
 * Opens the SQLite database at DATABASE_PATH for the runtime and turns every way that can fail — a path under a
 * file, a read-only folder or file, a file that is not a database, a full disk — into one DatabasePathError whose
 * message names the variable and the reason (never the path, never a stack), printed as one line at start-up.
 * @module
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeSqliteProbe } from './database-health.js';
import { type OpenSqliteOptions, openSqliteDatabase, type SqliteDatabase } from './sqlite.js';

export class DatabasePathError extends Error {
  override readonly name = 'DatabasePathError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`DATABASE_PATH ${reason}`, options);
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** Why SQLite could not open the file at all: a folder in its place, or a folder that does not let it be created. */
function cannotOpen(path: string | undefined): string {
  if (path !== undefined) {
    try {
      if (statSync(path).isDirectory()) return 'is a folder, not a database file';
    } catch {
      // Missing: see whether its folder may be written.
      try {
        accessSync(dirname(path), constants.W_OK);
      } catch {
        return 'is read-only: its folder does not let the database file be created';
      }
    }
  }
  return 'cannot be opened (it is a folder, or its folder cannot be written)';
}

/** Why opening failed, in words (completes "DATABASE_PATH …"); `path` lets it look closer (never printed). */
export function databasePathProblem(error: unknown, path?: string): string {
  const code = codeOf(error) ?? '';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'lies under a file, not a folder: its folder cannot be created';
  if (code === 'EACCES' || code === 'EPERM')
    return 'is in a folder that cannot be created or written (permission denied)';
  if (code === 'EROFS') return 'is on a read-only file system';
  if (code.startsWith('SQLITE_READONLY')) return 'is read-only: the file or its folder cannot be written';
  if (code === 'SQLITE_NOTADB') return 'is not a SQLite database (the file holds something else)';
  if (code === 'SQLITE_CORRUPT') return 'is a damaged SQLite database';
  if (code === 'SQLITE_CANTOPEN') return cannotOpen(path);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'is on a full disk';
  if (code.startsWith('SQLITE_IOERR')) return 'cannot be read or written (an I/O error)';
  if (code === 'SQLITE_BUSY') return 'is locked by another program';
  if (code === 'SQLITE_ERROR') return "holds a SQLite database that is not Handoff's (its tables do not match)";
  return `cannot be used (${code || (error instanceof Error ? error.name : 'unknown error')})`;
}

/**
 * Opens the database and proves it takes a write; throws DatabasePathError when it cannot be used.
 * @example
 * const database = openDatabaseAt(config.storage.databasePath); // DatabasePathError: "DATABASE_PATH is read-only: …"
 */
export function openDatabaseAt(path: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  let database: SqliteDatabase;
  try {
    database = openSqliteDatabase(path, options);
  } catch (error) {
    throw new DatabasePathError(databasePathProblem(error, path), { cause: error });
  }
  try {
    writeSqliteProbe(database.sqlite);
  } catch (error) {
    database.close();
    throw new DatabasePathError(databasePathProblem(error, path), { cause: error });
  }
  return database;
}
