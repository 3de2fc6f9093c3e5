/**
 * Runs the product stores contract suite against the SQLite adapters, one temporary database per test.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteDatabase, type SqliteDatabase } from '../../storage/sqlite.js';
import { SqliteApiKeyStore } from '../../storage/sqlite-api-key-store.js';
import { SqliteIdentityLinkStore } from '../../storage/sqlite-identity-link-store.js';
import { SqliteSlackInstallationStore } from '../../storage/sqlite-slack-installation-store.js';
import { SqliteTenantStore } from '../../storage/sqlite-tenant-store.js';
import { productStoresContractSuite } from './product-stores.suite.js';

const folder = mkdtempSync(join(tmpdir(), 'product-stores-'));
let database: SqliteDatabase | undefined;
let count = 0;

afterAll(() => rmSync(folder, { recursive: true, force: true }));

productStoresContractSuite({
  name: 'sqlite',
  create: async (clock, cipher) => {
    count += 1;
    const db = openSqliteDatabase(join(folder, `db-${count}.db`));
    database = db;
    return {
      tenants: new SqliteTenantStore(db, { cipher, clock }),
      apiKeys: new SqliteApiKeyStore(db, { clock }),
      links: new SqliteIdentityLinkStore(db, { clock }),
      installations: new SqliteSlackInstallationStore(db, { cipher, clock }),
      storedText: () =>
        JSON.stringify([
          db.sqlite.prepare('SELECT * FROM tenants').all(),
          db.sqlite.prepare('SELECT * FROM api_keys').all(),
          db.sqlite.prepare('SELECT * FROM slack_installations').all(),
        ]),
    };
  },
  cleanup: async () => {
    database?.close();
    database = undefined;
  },
});
