/**
 * Store failures in the product's words: a driver error that means "the database cannot take this now" (SQLite's
 * SQLITE_FULL, SQLITE_READONLY*, SQLITE_IOERR*, SQLITE_BUSY; a full disk; MongoDB unreachable) becomes the engine's
 * StoreError, so the engine pauses a run with a clear error and the API answers 503. `withStoreFaults` wraps every
 * method of a store so nothing has to remember to.
 * @module
 */
import { StoreError } from '../engine/errors.js';

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/**
 * The StoreError for a driver error that means the database itself failed; undefined for anything else (a bug,
 * a constraint the code should have honoured), which stays as it is.
 * @example
 * toStoreError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))?.code // 'storage_full'
 */
export function toStoreError(error: unknown): StoreError | undefined {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  const options = { cause: error };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError(
      'The database is full: the disk (or its size limit) has no room left.',
      'storage_full',
      options,
    );
  }
  if (code?.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return new StoreError('The database is read-only: it cannot be written.', 'storage_read_only', options);
  }
  if (code?.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new StoreError('The database could not be read or written (an I/O error).', 'storage_unavailable', options);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError(
      'The database is busy (locked by another writer for too long).',
      'storage_unavailable',
      options,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new StoreError(
      'The database file cannot be used (missing, damaged or not a database).',
      'storage_unavailable',
      options,
    );
  }
  if (error instanceof Error && /^Mongo(Network|ServerSelection|NotConnected|Topology)/.test(error.name)) {
    return new StoreError('The database cannot be reached.', 'storage_unavailable', options);
  }
  return undefined;
}

function rethrown(error: unknown): unknown {
  return toStoreError(error) ?? error;
}

/**
 * Wraps `store` so every method's failure that means "the database failed" rejects (or throws) with a StoreError.
 * Methods run on the store itself (its private fields work); what is not a function passes through untouched.
 * @example
 * const store = withStoreFaults(new SqliteHandoffStore(sqlite));
 */
export function withStoreFaults<T extends object>(store: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      let fn = wrapped.get(property);
      if (fn === undefined) {
        const method = value as (...args: unknown[]) => unknown;
        fn = (...args: unknown[]) => {
          let result: unknown;
          try {
            result = method.apply(target, args);
          } catch (error) {
            throw rethrown(error);
          }
          if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(rethrown(error)));
          return result;
        };
        wrapped.set(property, fn);
      }
      return fn;
    },
  });
}
