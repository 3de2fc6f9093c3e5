/**
 * Runs the HR stores contract suite against the SQLite adapters, one temporary database per test.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteDatabase, type SqliteDatabase } from '../../storage/sqlite.js';
import { SqliteApprovalStore } from '../../storage/sqlite-approval-store.js';
import { SqliteHrPeopleStore } from '../../storage/sqlite-hr-people-store.js';
import { SqliteVacationStore } from '../../storage/sqlite-vacation-store.js';
import { SqliteWebhookStore } from '../../storage/sqlite-webhook-store.js';
import { hrStoresContractSuite } from './hr-stores.suite.js';

const folder = mkdtempSync(join(tmpdir(), 'hr-stores-'));
let database: SqliteDatabase | undefined;
let count = 0;

afterAll(() => rmSync(folder, { recursive: true, force: true }));

hrStoresContractSuite({
  name: 'sqlite',
  create: async (clock, cipher) => {
    count += 1;
    const db = openSqliteDatabase(join(folder, `db-${count}.db`));
    database = db;
    return {
      vacations: new SqliteVacationStore(db, { clock }),
      hrPeople: new SqliteHrPeopleStore(db, { clock }),
      approvals: new SqliteApprovalStore(db, { clock }),
      webhooks: new SqliteWebhookStore(db, { cipher, clock }),
      storedText: async () => JSON.stringify(db.sqlite.prepare('SELECT * FROM webhook_subscriptions').all()),
    };
  },
  cleanup: async () => {
    database?.close();
    database = undefined;
  },
});
