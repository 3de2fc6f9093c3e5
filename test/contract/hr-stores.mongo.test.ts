/**
 * Runs the HR stores contract suite against the Mongo adapters when MONGODB_URL is set (one database per test,
 * dropped afterwards); skips, saying so, otherwise.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { MongoApprovalStore } from '../../storage/mongo-approval-store.js';
import { MongoHrPeopleStore } from '../../storage/mongo-hr-people-store.js';
import { MongoVacationStore } from '../../storage/mongo-vacation-store.js';
import { MongoWebhookStore } from '../../storage/mongo-webhook-store.js';
import { hrStoresContractSuite } from './hr-stores.suite.js';

const url = process.env.MONGODB_URL;
if (!url) console.info('HR stores contract (mongo) skipped: MONGODB_URL is not set');

const client = url ? new MongoClient(url, { serverSelectionTimeoutMS: 5000 }) : undefined;
let db: Db | undefined;

afterAll(async () => {
  await client?.close();
});

hrStoresContractSuite({
  name: 'mongo',
  skip: !client,
  create: async (clock, cipher) => {
    if (!client) throw new Error('no MongoDB client');
    db = client.db(`handoff_hr_${randomUUID().slice(0, 8)}`);
    return {
      vacations: await MongoVacationStore.open(db, { clock }),
      hrPeople: await MongoHrPeopleStore.open(db, { clock }),
      approvals: await MongoApprovalStore.open(db, { clock }),
      webhooks: await MongoWebhookStore.open(db, { cipher, clock }),
    };
  },
  cleanup: async () => {
    await db?.dropDatabase();
    db = undefined;
  },
});
