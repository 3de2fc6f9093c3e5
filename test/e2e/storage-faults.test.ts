/**
 * A full disk, end to end on the real composition (createRuntime: SQLite store, Agenda on SQLite, the connector
 * against the sandbox portal on loopback, the REST API): mid-transfer the database stops growing — a real
 * SQLITE_FULL, made without root by lowering SQLite's `PRAGMA max_page_count` on the runtime's own connection. The
 * transfer pauses as `failed` with a storage_full error (not `running` forever), `/healthz` says the database cannot
 * be written, creating answers 503 while reads (with a per-tenant key) keep working; once there is room, a retry
 * finishes the transfer with every item moved exactly once.
 */
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../storage/sqlite.js';
import { openDatabaseView } from './support/database.js';
import { waitFor } from './support/handoff-api.js';
import { type InProcessRuntime, startInProcessRuntime } from './support/in-process-runtime.js';
import { TEST_API_KEY } from './support/runtime-process.js';
import { addItems, ownedBy, type ServedPortal, servePortal, updateCountsOtherThan } from './support/served-portal.js';
import { noOf } from './support/transfer-world.js';

const DEALS = 400;
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely here; their shapes are checked by the API tests
type Json = Record<string, any>;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Lets the database file grow by nothing more (SQLite answers SQLITE_FULL to a write that needs a new page). */
function fillUp(sqlite: Database): void {
  const pages = Number(sqlite.pragma('page_count', { simple: true }));
  sqlite.pragma(`max_page_count = ${pages}`);
}

function makeRoom(sqlite: Database): void {
  sqlite.pragma('max_page_count = 1073741823');
}

async function call(url: string, method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Json) };
}

async function startWorld(deals: number) {
  const served: ServedPortal = await servePortal({ rate: false, seed: { seed: 5, users: 4, itemsPerUser: 1 } });
  cleanups.push(() => served.close());
  const from = served.portal.addUser().id;
  const to = served.portal.addUser().id;
  const ids = addItems(served.portal, 'deals', from, deals);
  let database: SqliteDatabase | undefined;
  const h: InProcessRuntime = await startInProcessRuntime(served.webhookUrl, {
    processEveryMs: 100,
    onDatabaseOpen: (opened) => {
      database = opened;
    },
  });
  cleanups.push(() => h.close());
  const sqlite = database?.sqlite;
  if (sqlite === undefined) throw new Error('the runtime opened no SQLite database');
  const wait = { timeoutMs: 30_000, intervalMs: 50, detail: () => h.logTail() };
  return { served, portal: served.portal, from, to, ids, h, sqlite, wait };
}

describe('storage faults: a database that cannot be written', () => {
  it('answers 503 naming a read-only database for writes, keeps reads (a fresh per-tenant key too) and /healthz says why', async () => {
    const { from, to, h, sqlite, wait } = await startWorld(5);
    const hrKey = (await h.runtime.apiKeys.createApiKey(h.runtime.tenantId, 'hr')).key;
    const plan = { from: { id: from }, to: { type: 'user', id: to }, kinds: ['deals'], notify: false };
    const before = await call(h.url, 'GET', '/api/v1/handoffs', TEST_API_KEY);
    // SQLite refuses every write on this connection from now on (SQLITE_READONLY), as on a read-only file.
    sqlite.pragma('query_only = ON');

    const refused = await call(h.url, 'POST', '/api/v1/handoffs', TEST_API_KEY, plan);
    // The HR stores too (HR people, webhook subscriptions): 503 naming the database, not a 500.
    const hrPerson = await call(h.url, 'POST', '/api/v1/hr-people', TEST_API_KEY, { portalUserId: to });
    const webhook = await call(h.url, 'POST', '/api/v1/webhooks', TEST_API_KEY, {
      url: 'https://hr.example.com/hooks/handoff',
      events: ['handoff.started'],
    });
    const read = await call(h.url, 'GET', '/api/v1/handoffs', hrKey);
    const health = await waitFor(
      '/healthz to report the database',
      async () => {
        const answer = await call(h.url, 'GET', '/healthz', TEST_API_KEY);
        return answer.status === 503 ? answer : undefined;
      },
      wait,
    );
    sqlite.pragma('query_only = OFF');
    const created = await call(h.url, 'POST', '/api/v1/handoffs', TEST_API_KEY, plan);

    expect(before.status).toBe(200);
    expect(refused.status).toBe(503);
    expect(refused.body?.error).toMatchObject({ code: 'storage_read_only' });
    expect(String(refused.body?.error.message)).toMatch(/^The database is read-only/);
    expect([hrPerson.status, webhook.status]).toEqual([503, 503]);
    expect(hrPerson.body?.error).toMatchObject({ code: 'storage_read_only' });
    expect(webhook.body?.error).toMatchObject({ code: 'storage_read_only' });
    expect(read.status).toBe(200);
    expect(read.body?.handoffs).toEqual([]);
    expect(health.body).toMatchObject({
      ok: false,
      checks: { database: expect.stringMatching(/^not writable: The database is read-only/) },
    });
    expect(created.status).toBe(201);
  }, 60_000);

  it('pauses a transfer hit by a full disk (SQLITE_FULL) with a clear error; reads go on; a retry finishes it, each item moved once', async () => {
    const { portal, from, to, ids, h, sqlite, wait, served } = await startWorld(DEALS);
    const hrKey = (await h.runtime.apiKeys.createApiKey(h.runtime.tenantId, 'hr')).key;
    expect((await call(h.url, 'GET', '/healthz', TEST_API_KEY)).body?.checks.database).toBe('ok');

    // The disk fills the moment the portal has applied an update batch past a quarter of the items, before its
    // answer reaches the runtime: whatever the runtime writes next needs room it does not get.
    let seen = 0;
    served.afterRequest(() => {
      const moved = ownedBy(portal, 'deals', ids, to);
      const applied = moved > seen;
      seen = moved;
      if (!applied || moved < DEALS / 4) return;
      fillUp(sqlite);
      served.afterRequest(undefined);
    });
    const created = await call(h.url, 'POST', '/api/v1/handoffs', TEST_API_KEY, {
      from: { id: from },
      to: { type: 'user', id: to },
      kinds: ['deals'],
      notify: false,
    });
    const id = String(created.body?.id);
    const paused = await waitFor(
      `${id} to pause`,
      async () => {
        const view = (await call(h.url, 'GET', `/api/v1/handoffs/${id}`, hrKey)).body;
        return view?.status === 'running' ? undefined : view;
      },
      wait,
    );
    const health = await waitFor(
      '/healthz to report the database',
      async () => {
        const answer = await call(h.url, 'GET', '/healthz', TEST_API_KEY);
        return answer.status === 503 ? answer : undefined;
      },
      wait,
    );
    const movedWhilePaused = ownedBy(portal, 'deals', ids, to);
    const readWithKey = await call(h.url, 'GET', `/api/v1/handoffs/${id}/items?status=pending`, hrKey);

    expect(paused).toMatchObject({ status: 'failed' });
    expect(String(paused?.error)).toMatch(/^storage_full: The database is full.*retry H-\d+/);
    expect(movedWhilePaused).toBeGreaterThanOrEqual(DEALS / 4);
    expect(movedWhilePaused).toBeLessThan(DEALS);
    expect(health.body).toMatchObject({ ok: false, checks: { database: expect.stringMatching(/^not writable: /) } });
    expect(readWithKey.status).toBe(200);

    makeRoom(sqlite);
    await waitFor(
      '/healthz to see room again',
      async () => ((await call(h.url, 'GET', '/healthz', TEST_API_KEY)).status === 200 ? true : undefined),
      wait,
    );
    const retried = await call(h.url, 'POST', `/api/v1/handoffs/${id}/retry`, hrKey, {});
    const final = await waitFor(
      `${id} to finish after the retry`,
      async () => {
        const view = (await call(h.url, 'GET', `/api/v1/handoffs/${id}`, hrKey)).body;
        return view?.status === 'running' ? undefined : view;
      },
      wait,
    );

    expect(retried.status).toBe(200);
    expect(final).toMatchObject({ status: 'completed', error: null });
    expect(ownedBy(portal, 'deals', ids, to)).toBe(DEALS);
    expect(updateCountsOtherThan(portal, 'deals', ids, 1), 'deals not updated exactly once').toEqual([]);
    const db = openDatabaseView(h.databasePath);
    try {
      const handoff = await db.handoff(noOf(id));
      const items = await db.items(handoff.id);
      expect(items).toHaveLength(DEALS);
      expect(items.filter((item) => item.status !== 'moved')).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
