/**
 * Runs the RoleStore contract suite against the memory and SQLite adapters (a temp file per test, migrations
 * applied), and against Mongo when MONGODB_URL is set (a database per test, dropped after); says why it skips.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { MemoryRoleStore } from '../../engine/roles.js';
import { MongoRoleStore } from '../../storage/mongo-role-store.js';
import { openSqliteDatabase, type SqliteDatabase } from '../../storage/sqlite.js';
import { SqliteRoleStore } from '../../storage/sqlite-role-store.js';
import { roleStoreContractSuite } from './role-store.suite.js';

roleStoreContractSuite({ name: 'memory', create: async () => new MemoryRoleStore() });

const folder = mkdtempSync(join(tmpdir(), 'role-store-'));
let database: SqliteDatabase | undefined;
let count = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

roleStoreContractSuite({
  name: 'sqlite',
  create: async () => {
    count += 1;
    database = openSqliteDatabase(join(folder, `db-${count}.db`));
    return new SqliteRoleStore(database);
  },
  cleanup: async () => {
    database?.close();
    database = undefined;
  },
});

const url = process.env.MONGODB_URL;
if (!url) console.info('RoleStore contract (mongo) skipped: MONGODB_URL is not set');
const client = url ? new MongoClient(url, { serverSelectionTimeoutMS: 5000 }) : undefined;
let db: Db | undefined;
afterAll(async () => {
  await client?.close();
});

roleStoreContractSuite({
  name: 'mongo',
  skip: !client,
  create: async () => {
    if (!client) throw new Error('no MongoDB client');
    db = client.db(`handoff_roles_${randomUUID().slice(0, 8)}`);
    return MongoRoleStore.open(db);
  },
  cleanup: async () => {
    await db?.dropDatabase();
    db = undefined;
  },
});
