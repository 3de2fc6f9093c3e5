/**
 * The console's routes in-process (app.request) on the real engine with memory stores: signed-link login, the
 * session cookie, CSRF and origin checks on POSTs, the permission rule, the REST API's error words, tenant
 * isolation, the CSV export; and the Bitrix24 placement entry checked against the sandbox portal over HTTP
 * (user.current with the viewer's token, member_id → tenant).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_MEMBER_ID } from '../../bitrix24/sandbox/index.js';
import { createConsoleKeys } from '../../bot/console/keys.js';
import { createConsoleLinkIssuer } from '../../bot/console/links.js';
import { createConsoleRoutes } from '../../bot/console/routes.js';
import { type TenantId, toPortalUserId, toTenantId } from '../../engine/ids.js';
import { createHandoffService } from '../../engine/service.js';
import { MemoryHrPeopleStore } from '../../storage/hr-people-store.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { MemoryTenantStore } from '../../storage/tenant-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { ManualScheduler } from '../fakes/manual-scheduler.js';
import { MemoryWorkSystem } from '../fakes/memory-work-system.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';
import { silentLogger } from './api-harness.js';
import { type ServedPortal, servePortal } from './support/served-portal.js';

const TENANT_A = toTenantId('tenant-a');
const TENANT_B = toTenantId('tenant-b');
const TENANT_APP = toTenantId('b24-app');
const ORIGIN = 'http://console.test';
const keys = createConsoleKeys(Buffer.alloc(32, 9));
// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on their fields.
type Json = any;

function seedPortal(): MemoryWorkSystem {
  const portal = new MemoryWorkSystem({ kinds: ['deals', 'tasks'] });
  portal.addUser(12, { name: 'Anna Adams', email: 'anna@acme.com' });
  portal.addUser(34, { name: 'Ben Brown', email: 'ben@acme.com' });
  portal.addUser(78, { name: 'Dora Diaz', email: 'dora@acme.com' });
  portal.addItems('deals', 12, 3);
  portal.addItems('tasks', 12, 2);
  portal.addItems('deals', 34, 1);
  return portal;
}

describe('console routes', () => {
  const clock = new FakeClock('2026-11-23T10:00:00Z');
  const scheduler = new ManualScheduler(clock);
  const portals = new Map<TenantId, MemoryWorkSystem>([
    [TENANT_A, seedPortal()],
    [TENANT_B, seedPortal()],
  ]);
  const workSystems = async (tenantId: TenantId) => portals.get(tenantId) ?? seedPortal();
  const service = createHandoffService({
    store: new MemoryHandoffStore({ clock }),
    workSystems,
    scheduler,
    notifier: new RecordingNotifier(),
    clock,
    logger: silentLogger,
  });
  const tenants = new MemoryTenantStore({ clock });
  const hrPeople = new MemoryHrPeopleStore({ clock });
  let sandbox: ServedPortal;
  const app = createConsoleRoutes({
    service,
    workSystems,
    tenants,
    hrPeople,
    keys,
    clock,
    logger: silentLogger,
    fetch: (input, init) => globalThis.fetch(input, init),
    portalBaseUrl: async (tenantId) => (tenantId === TENANT_APP ? sandbox.url : 'https://acme.bitrix24.com'),
  });
  const issue = createConsoleLinkIssuer({ keys, baseUrl: ORIGIN, clock });

  /** Logs in with a link for (tenant, user); answers the cookie and the CSRF token from the page. */
  async function signIn(tenantId: TenantId, userId: number) {
    const link = new URL(issue({ tenantId, portalUserId: toPortalUserId(userId), label: `test:${userId}` }).url);
    const login = await app.request(`${ORIGIN}${link.pathname}${link.search}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await (await app.request(`${ORIGIN}/app`, { headers: { cookie } })).text();
    const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
    return { login, cookie, csrf, page };
  }

  async function post(
    path: string,
    session: { cookie: string; csrf: string },
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await app.request(`${ORIGIN}/app/api${path}`, {
      method: 'POST',
      headers: {
        cookie: session.cookie,
        'content-type': 'application/json',
        'x-csrf-token': session.csrf,
        origin: ORIGIN,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  beforeAll(async () => {
    sandbox = await servePortal({ rate: false, seed: { users: 4 } });
    await tenants.ensureTenant({ id: TENANT_APP, name: 'App portal' });
    const tokens = sandbox.portal.issueTokens(1);
    await tenants.updateTenant(TENANT_APP, {
      portal: {
        type: 'oauth',
        domain: new URL(sandbox.url).host,
        memberId: SANDBOX_MEMBER_ID,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: new Date(Date.now() + 3_600_000),
        clientEndpoint: `${sandbox.url}/rest/`,
      },
    });
  });
  afterAll(() => sandbox?.close());

  it('exchanges a good link for an HttpOnly, SameSite=Lax cookie on /app and redirects away from the token', async () => {
    const { login, cookie, csrf, page } = await signIn(TENANT_A, 12);

    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/app');
    expect(login.headers.get('set-cookie')).toMatch(
      /^handoff_console=[^;]+; Max-Age=28800; Path=\/app; HttpOnly; SameSite=Lax$/,
    );
    expect(cookie).not.toBe('');
    expect(csrf.length).toBeGreaterThan(20);
    expect(page).toContain('Signed in as <strong>Anna Adams</strong>');
    expect(page).not.toContain(cookie.split('=')[1] ?? 'no cookie');
  });

  it('refuses the API without a session, and POSTs without the CSRF token or from another origin', async () => {
    const session = await signIn(TENANT_A, 12);
    const plan = { from: { id: 12 }, to: { type: 'user', id: 34 } };

    const anonymous = await app.request(`${ORIGIN}/app/api/handoffs`);
    const noToken = await post('/preview', { ...session, csrf: 'nope' }, plan);
    const otherOrigin = await post('/preview', session, plan, { origin: 'https://evil.example' });
    const crossSite = await post('/preview', session, plan, { 'sec-fetch-site': 'cross-site' });
    const ok = await post('/preview', session, plan);

    expect(anonymous.status).toBe(401);
    expect(noToken).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    expect(otherOrigin).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    expect(ok).toMatchObject({ status: 200, body: { total: 5, countsByKind: { deals: 3, tasks: 2 } } });
  });

  it("applies the chat surfaces' permission rule and the REST API's error words", async () => {
    const anna = await signIn(TENANT_A, 12);

    const someoneElses = await post('/preview', anna, { from: { id: 34 }, to: { type: 'user', id: 12 } });
    const badField = await post('/preview', anna, { from: { id: 12 }, to: { type: 'user', id: 34 }, kinds: ['nope'] });
    const badPhrase = await post('/preview', anna, {
      from: { id: 12 },
      to: { type: 'user', id: 34 },
      returnAt: { phrase: 'someday maybe', timeZone: 'Europe/Kyiv' },
    });

    expect(someoneElses.status).toBe(403);
    expect(someoneElses.body.error).toMatchObject({ code: 'not_allowed' });
    expect(someoneElses.body.error.message).toContain("You can't hand off Ben Brown's work");
    expect(badField).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', field: 'kinds.0' } } });
    expect(badPhrase).toMatchObject({ status: 400, body: { error: { field: 'returnAt.phrase' } } });
    // The codes and fields are the API's; the sentences are the console's own words, not JSON to type.
    expect(badPhrase.body.error.message).toMatch(/^“Return on”: /);
  });

  it('words a domain refusal in the console’s labels, not the REST API’s JSON', async () => {
    const anna = await signIn(TENANT_A, 12);

    const same = await post('/preview', anna, { from: { id: 12 }, to: { type: 'user', id: 12 } });
    const past = await post('/preview', anna, {
      from: { id: 12 },
      to: { type: 'user', id: 34 },
      returnAt: '2020-01-01T00:00:00Z',
    });

    expect(same.body.error.code).toBe('same_person');
    expect(past.status).toBe(400);
    for (const message of [same.body.error.message, past.body.error.message]) {
      expect(message).not.toMatch(/"to":|"returnAt"|POST \/api|GET \/api/);
    }
  });

  it('echoes a phrase in the viewer zone and counts open items per kind', async () => {
    const { cookie } = await signIn(TENANT_A, 12);
    const get = async (path: string) => {
      const res = await app.request(`${ORIGIN}/app/api${path}`, { headers: { cookie } });
      return { status: res.status, body: (await res.json()) as Json };
    };

    const when = await get('/when?phrase=next%20monday%209am&timeZone=Europe%2FKyiv');
    const past = await get('/when?phrase=yesterday&timeZone=Europe%2FKyiv');
    const kinds = await get('/people/12/kinds');
    const people = await get('/people?q=ben');

    expect(when.body).toEqual({
      iso: '2026-11-30T07:00:00.000Z',
      text: 'Mon 30 Nov 2026, 09:00 (Europe/Kyiv)',
      timeZone: 'Europe/Kyiv',
    });
    expect(past).toMatchObject({ status: 400, body: { error: { code: 'date_past' } } });
    expect(kinds.body.kinds).toEqual([
      expect.objectContaining({ kind: 'deals', count: 3 }),
      expect.objectContaining({ kind: 'tasks', count: 2 }),
    ]);
    expect(people.body.people).toEqual([{ id: 34, name: 'Ben Brown', email: 'ben@acme.com' }]);
  });

  it("starts a handoff, lists it with its actions, exports its items as CSV — and another tenant's session sees none of it", async () => {
    const anna = await signIn(TENANT_A, 12);
    const other = await signIn(TENANT_B, 12);

    const created = await post(
      '/handoffs',
      anna,
      { from: { id: 12 }, to: { type: 'user', id: 34 } },
      { 'idempotency-key': 'k1' },
    );
    const again = await post(
      '/handoffs',
      anna,
      { from: { id: 12 }, to: { type: 'user', id: 34 } },
      { 'idempotency-key': 'k1' },
    );
    await scheduler.runDue(service.jobs);
    const list: Json = await (
      await app.request(`${ORIGIN}/app/api/handoffs`, { headers: { cookie: anna.cookie } })
    ).json();
    const csv = await app.request(`${ORIGIN}/app/handoffs/H-1/items.csv`, { headers: { cookie: anna.cookie } });
    const csvText = await csv.text();
    const foreignItems = await app.request(`${ORIGIN}/app/api/handoffs/H-1/items`, {
      headers: { cookie: other.cookie },
    });
    const foreignCsv = await app.request(`${ORIGIN}/app/handoffs/H-1/items.csv`, { headers: { cookie: other.cookie } });
    const events: Json = await (
      await app.request(`${ORIGIN}/app/api/handoffs/H-1/events`, { headers: { cookie: anna.cookie } })
    ).json();

    expect(created).toMatchObject({ status: 201, body: { id: 'H-1' } });
    expect(again).toMatchObject({ status: 200, body: { id: 'H-1' } });
    expect(list.handoffs).toEqual([expect.objectContaining({ id: 'H-1', status: 'completed', actions: ['undo'] })]);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="handoff-H-1-items.csv"');
    expect(csvText.split('\r\n').filter((l) => l !== '')).toHaveLength(6);
    expect(csvText).toContain(
      ',moved,Moved to Ben Brown,12,Anna Adams,34,Ben Brown,34,Ben Brown,,https://acme.bitrix24.com/crm/deal/details/',
    );
    expect(foreignItems.status).toBe(404);
    expect(foreignCsv.status).toBe(404);
    expect(events.events[0]).toMatchObject({ who: 'test:12', text: 'created the handoff' });
  });

  it('tells the chain in Changed Entities: came via H-n, waiting for H-n with whom, and filters waiting items', async () => {
    const TENANT_CHAIN = toTenantId('tenant-chain');
    portals.set(TENANT_CHAIN, seedPortal());
    let anna = await signIn(TENANT_CHAIN, 12);
    const ben = await signIn(TENANT_CHAIN, 34);
    const day = 86_400_000;
    const at = (days: number) => new Date(clock.now().getTime() + days * day).toISOString();
    // H-1: Anna's 5 items lent to Ben for a day; H-2: Ben's work (Anna's items with it) to Dora for three.
    expect(
      (await post('/handoffs', anna, { from: { id: 12 }, to: { type: 'user', id: 34 }, returnAt: at(1) })).status,
    ).toBe(201);
    await scheduler.runDue(service.jobs);
    expect(
      (await post('/handoffs', ben, { from: { id: 34 }, to: { type: 'user', id: 78 }, returnAt: at(3) })).status,
    ).toBe(201);
    await scheduler.runDue(service.jobs);
    const items = async (session: { cookie: string }, path: string): Promise<Json[]> => {
      const body = (await (
        await app.request(`${ORIGIN}/app/api${path}`, { headers: { cookie: session.cookie } })
      ).json()) as Json;
      expect(body.items, JSON.stringify(body)).toBeDefined();
      return body.items;
    };

    const onward = await items(ben, '/handoffs/H-2/items');
    expect(onward.filter((i) => i.via === 'H-1')).toHaveLength(5);
    expect(onward.find((i) => i.via === 'H-1')?.action).toBe('Moved to Dora Diaz (came to Ben Brown via H-1)');

    clock.advance(day);
    await scheduler.runDue(service.jobs);
    anna = await signIn(TENANT_CHAIN, 12); // sessions last 8 hours

    const waiting = await items(anna, '/handoffs/H-1/items?status=waiting');
    expect(waiting).toHaveLength(5);
    for (const item of waiting) {
      expect(item).toMatchObject({
        status: 'moved',
        waitingFor: 'H-2',
        holderId: 78,
        holderName: 'Dora Diaz',
        action: 'Waiting with Dora Diaz until H-2 ends, then home to Anna Adams',
      });
    }
    expect(await items(anna, '/handoffs/H-1/items?status=returned')).toEqual([]);
    const csv = await (
      await app.request(`${ORIGIN}/app/handoffs/H-1/items.csv?status=waiting`, { headers: { cookie: anna.cookie } })
    ).text();
    expect(csv.split('\r\n').filter((l) => l.includes('Waiting with Dora Diaz until H-2 ends'))).toHaveLength(5);
    const page = await (await app.request(`${ORIGIN}/app`, { headers: { cookie: anna.cookie } })).text();
    expect(page).toContain('<option value="waiting">');

    clock.advance(2 * day);
    await scheduler.runDue(service.jobs);
    anna = await signIn(TENANT_CHAIN, 12);

    expect(await items(anna, '/handoffs/H-1/items?status=waiting')).toEqual([]);
    const home = await items(anna, '/handoffs/H-1/items');
    expect(home.map((i) => i.action)).toEqual(Array.from({ length: 5 }, () => 'Returned to Anna Adams'));
  });

  it('shows a handoff to the people in it, and to nobody else (as if it did not exist)', async () => {
    const ben = await signIn(TENANT_A, 34);
    const dora = await signIn(TENANT_A, 78);
    const get = (path: string, cookie: string) => app.request(`${ORIGIN}${path}`, { headers: { cookie } });

    const bensList: Json = await (await get('/app/api/handoffs', ben.cookie)).json();
    const dorasList: Json = await (await get('/app/api/handoffs', dora.cookie)).json();
    const answers = await Promise.all(
      [
        '/app/api/handoffs/H-1',
        '/app/api/handoffs/H-1/items',
        '/app/api/handoffs/H-1/events',
        '/app/handoffs/H-1/items.csv',
      ].map(async (path) => (await get(path, dora.cookie)).status),
    );
    const undo = await post('/handoffs/H-1/undo', dora, {});

    expect(bensList.handoffs.map((h: { id: string }) => h.id)).toEqual(['H-1']);
    expect(dorasList.handoffs).toEqual([]);
    expect(answers).toEqual([404, 404, 404, 404]);
    expect(undo.status).toBe(404);
  });

  it("lets an HR person of the tenant hand off anyone's work and see every handoff, as in chat; only in that tenant", async () => {
    const before = await signIn(TENANT_A, 78);
    const refused = await post('/preview', before, { from: { id: 34 }, to: { type: 'user', id: 12 } });
    await hrPeople.addHrPerson(TENANT_A, { kind: 'portal', userId: toPortalUserId(78) }, 'test');
    const dora = await signIn(TENANT_A, 78);
    const doraInB = await signIn(TENANT_B, 78);

    const allowed = await post('/preview', dora, { from: { id: 34 }, to: { type: 'user', id: 12 } });
    const list: Json = await (
      await app.request(`${ORIGIN}/app/api/handoffs`, { headers: { cookie: dora.cookie } })
    ).json();
    const elsewhere = await post('/preview', doraInB, { from: { id: 34 }, to: { type: 'user', id: 12 } });

    expect(refused.status).toBe(403);
    expect(allowed.status).toBe(200);
    expect(list.handoffs.map((h: { id: string }) => h.id)).toContain('H-1');
    expect(elsewhere.status).toBe(403);
    await hrPeople.removeHrPerson(TENANT_A, { kind: 'portal', userId: toPortalUserId(78) });
  });

  describe('the Bitrix24 placement (POST /app), checked with the sandbox portal', () => {
    const host = () => new URL(sandbox.url).host;
    const placement = (fields: Record<string, string>) =>
      app.request(`${ORIGIN}/app?DOMAIN=${encodeURIComponent(fields.DOMAIN ?? host())}&PROTOCOL=0&LANG=en`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ PLACEMENT: 'DEFAULT', ...fields }).toString(),
      });

    it('opens the console for the viewer the portal names from their token; the cookie works afterwards', async () => {
      const viewer = sandbox.portal.users[1];
      const token = sandbox.portal.issueTokens(viewer?.id).access_token;

      const res = await placement({ AUTH_ID: token, member_id: SANDBOX_MEMBER_ID });
      const page = await res.text();
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const again = await app.request(`${ORIGIN}/app`, { headers: { cookie } });

      expect(res.status).toBe(200);
      expect(page).toContain(`Signed in as <strong>`);
      expect(page).not.toContain(token);
      expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${sandbox.url}`);
      expect(again.status).toBe(200);
    });

    it.each([
      [
        'a token the portal does not know',
        { AUTH_ID: 'sbxa-forged', member_id: SANDBOX_MEMBER_ID },
        'Bitrix24 did not confirm who you are',
      ],
      ['an unknown member_id', { AUTH_ID: 'x', member_id: 'nobody' }, 'Handoff is not installed for this portal'],
      [
        'another DOMAIN than the tenant’s portal',
        { AUTH_ID: 'x', member_id: SANDBOX_MEMBER_ID, DOMAIN: 'evil.example' },
        'Bitrix24 did not confirm who you are',
      ],
    ])('refuses %s', async (_name, fields, title) => {
      const res = await placement(fields);

      expect(res.status).toBe(403);
      expect(await res.text()).toContain(title);
      expect(res.headers.get('set-cookie')).toBeNull();
    });
  });
});
