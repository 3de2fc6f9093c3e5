/**
 * Runs the product stores contract suite against the Mongo adapters when MONGODB_URL is set (one database per test,
 * dropped afterwards), plus what only Mongo needs checking (secrets in the raw documents, re-opening over existing
 * indexes); skips, saying so, otherwise.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../engine/ids.js';
import { type Cipher, createCipher } from '../../storage/crypto.js';
import { API_KEYS_COLLECTION, MongoApiKeyStore } from '../../storage/mongo-api-key-store.js';
import { MongoIdentityLinkStore } from '../../storage/mongo-identity-link-store.js';
import {
  MongoSlackInstallationStore,
  SLACK_INSTALLATIONS_COLLECTION,
} from '../../storage/mongo-slack-installation-store.js';
import { MongoTenantStore, TENANTS_COLLECTION } from '../../storage/mongo-tenant-store.js';
import { type ManualClock, T1, T2 } from './handoff-store.fixtures.js';
import { type ProductStores, productStoresContractSuite } from './product-stores.suite.js';

const url = process.env.MONGODB_URL;
if (!url) console.info('product stores contract (mongo) skipped: MONGODB_URL is not set');

const client = url ? new MongoClient(url, { serverSelectionTimeoutMS: 5000 }) : undefined;
let db: Db | undefined;

afterAll(async () => {
  await client?.close();
});

async function openStores(database: Db, clock: ManualClock | undefined, cipher: Cipher): Promise<ProductStores> {
  const options = clock ? { clock } : {};
  const [tenants, apiKeys, links, installations] = await Promise.all([
    MongoTenantStore.open(database, { cipher, ...options }),
    MongoApiKeyStore.open(database, options),
    MongoIdentityLinkStore.open(database, options),
    MongoSlackInstallationStore.open(database, { cipher, ...options }),
  ]);
  return { tenants, apiKeys, links, installations };
}

function freshDb(): Db {
  if (!client) throw new Error('no MongoDB client');
  db = client.db(`handoff_products_${randomUUID().slice(0, 8)}`);
  return db;
}

async function dropDb(): Promise<void> {
  await db?.dropDatabase();
  db = undefined;
}

productStoresContractSuite({
  name: 'mongo',
  skip: !client,
  create: async (clock, cipher) => openStores(freshDb(), clock, cipher),
  cleanup: dropDb,
});

describe.skipIf(!client)('product stores on Mongo: documents at rest', () => {
  let database: Db;
  let stores: ProductStores;

  beforeEach(async () => {
    database = freshDb();
    stores = await openStores(database, undefined, createCipher(randomBytes(32)));
  });
  afterEach(dropDb);

  it('keeps portal tokens, webhook codes, Slack tokens and API keys out of the raw documents', async () => {
    await stores.tenants.ensureTenant({ id: T1, name: 'Acme' });
    await stores.tenants.ensureTenant({ id: T2, name: 'Beta' });
    await stores.tenants.updateTenant(T1, {
      portal: {
        type: 'oauth',
        domain: 'acme.bitrix24.com',
        memberId: 'member-abc',
        accessToken: 'access-SECRET-1',
        refreshToken: 'refresh-SECRET-2',
        expiresAt: new Date('2026-03-01T11:00:00.000Z'),
      },
    });
    await stores.tenants.updateTenant(T2, {
      portal: { type: 'webhook', url: 'https://b.bitrix24.com/rest/1/SECRET/' },
    });
    const { key } = await stores.apiKeys.createApiKey(T1, 'hr');
    await stores.installations.storeInstallation({
      team: { id: 'T0TEAM', name: 'Acme' },
      enterprise: undefined,
      user: { token: undefined, scopes: undefined, id: 'U1' },
      bot: { token: 'xoxb-SECRET-3', scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });

    const raw = JSON.stringify(
      await Promise.all(
        [TENANTS_COLLECTION, API_KEYS_COLLECTION, SLACK_INSTALLATIONS_COLLECTION].map((name) =>
          database.collection(name).find({}).toArray(),
        ),
      ),
    );

    expect(raw).not.toMatch(/SECRET/);
    expect(raw).not.toContain(key);
    expect(raw).toContain('member-abc');
    expect(raw).toContain('b.bitrix24.com');
  });

  it('re-opens over existing indexes and data, and still refuses a second binding of a portal', async () => {
    const cipher = createCipher(randomBytes(32));
    const first = await openStores(database, undefined, cipher);
    await first.tenants.ensureTenant({ id: T1, name: 'Acme' });
    await first.tenants.ensureTenant({ id: T2, name: 'Beta' });
    const portal = {
      type: 'oauth',
      domain: 'acme.bitrix24.com',
      memberId: 'member-abc',
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: new Date('2026-03-01T11:00:00.000Z'),
    } as const;
    await first.tenants.updateTenant(T1, { portal });
    await first.links.linkUser(T1, 'U1', toPortalUserId(10));

    const again = await openStores(database, undefined, cipher);

    expect((await again.tenants.getTenant(T1))?.portal).toStrictEqual(portal);
    expect(await again.links.getPortalUser(T1, 'U1')).toBe(10);
    await expect(again.tenants.updateTenant(T2, { portal })).rejects.toThrow(/already bound/);
  });
});
