/**
 * Runs the HandoffStore contract suite against SqliteHandoffStore, one temporary database file per test.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteDatabase } from '../../storage/sqlite.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteHandoffStore } from '../../storage/sqlite-store.js';
import { handoffStoreContractSuite } from './handoff-store.suite.js';

const folder = mkdtempSync(join(tmpdir(), 'handoff-store-'));
const open = new Map<SqliteHandoffStore, SqliteDatabase>();
let count = 0;

handoffStoreContractSuite({
  name: 'sqlite',
  create: async (clock) => {
    count += 1;
    const database = openSqliteDatabase(join(folder, `suite-${count}`, 'handoff.db'));
    const store = new SqliteHandoffStore(database, { clock });
    open.set(store, database);
    return store;
  },
  cleanup: async (store) => {
    open.get(store as SqliteHandoffStore)?.close();
  },
  clear: async () => {
    rmSync(folder, { recursive: true, force: true });
  },
});
