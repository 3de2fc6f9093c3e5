/**
 * Runs the HandoffStore contract suite against MongoHandoffStore when MONGODB_URL is set (one database per test,
 * dropped afterwards); skips, saying so, otherwise.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { MongoHandoffStore } from '../../storage/mongo-store.js';
import { handoffStoreContractSuite } from './handoff-store.suite.js';

const url = process.env.MONGODB_URL;
if (!url) console.info('HandoffStore contract (mongo) skipped: MONGODB_URL is not set');

const client = url ? new MongoClient(url, { serverSelectionTimeoutMS: 5000 }) : undefined;
let db: Db | undefined;

afterAll(async () => {
  await client?.close();
});

handoffStoreContractSuite({
  name: 'mongo',
  skip: !client,
  create: async (clock) => {
    if (!client) throw new Error('no MongoDB client');
    db = client.db(`handoff_test_${randomUUID().slice(0, 8)}`);
    return MongoHandoffStore.open(db, { clock });
  },
  cleanup: async () => {
    await db?.dropDatabase();
    db = undefined;
  },
});
