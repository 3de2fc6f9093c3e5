import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorOut, HandoffOut } from '../../bot/api/response-schemas.js';
import { type ApiHarness, createApiHarness, SINGLE_TENANT_KEY, TENANT_A } from './api-harness.js';

const PLAN = { from: { id: 12 }, to: { type: 'user', id: 34 } };

describe('REST API: keys, tenants, idempotency and bad input', () => {
  let h: ApiHarness;

  beforeEach(async () => {
    h = await createApiHarness();
  });

  async function expectNothingCreated() {
    expect(await h.store.listHandoffs(TENANT_A)).toEqual([]);
  }

  it.each([
    ['no Authorization header', null, undefined],
    ['a wrong key', 'hnd_not-a-key', undefined],
    ['another scheme', null, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
  ])('answers 401 with %s', async (_label, key, headers) => {
    const { status, body } = await h.call('GET', '/api/v1/handoffs', { key, ...(headers ? { headers } : {}) });

    expect(status).toBe(401);
    expect(ErrorOut.parse(body).error.code).toBe('unauthorized');
  });

  it('answers 401 for a revoked key, before touching the engine', async () => {
    const [info] = await h.apiKeys.listApiKeys(TENANT_A);
    await h.apiKeys.revokeApiKey(TENANT_A, info?.id ?? '');

    const { status } = await h.call('POST', '/api/v1/handoffs', { body: PLAN });

    expect(status).toBe(401);
    await expectNothingCreated();
  });

  it("never shows another tenant's handoff: tenant B's key gets 404 for A's H-1", async () => {
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });

    const get = await h.call('GET', '/api/v1/handoffs/H-1', { key: h.keyB });
    const items = await h.call('GET', '/api/v1/handoffs/H-1/items', { key: h.keyB });
    const cancel = await h.call('POST', '/api/v1/handoffs/H-1/cancel', { key: h.keyB });
    const list = await h.call('GET', '/api/v1/handoffs', { key: h.keyB });

    expect([get.status, items.status, cancel.status]).toEqual([404, 404, 404]);
    expect(get.body.error.code).toBe('not_found');
    expect(list.body.handoffs).toEqual([]);
    expect((await h.call('GET', '/api/v1/handoffs/H-1')).body.status).toBe('scheduled');
  });

  it('replays a create with the same Idempotency-Key: one handoff, the same 201 body', async () => {
    const headers = { 'idempotency-key': 'hr-req-42' };

    const first = await h.call('POST', '/api/v1/handoffs', { body: PLAN, headers });
    const second = await h.call('POST', '/api/v1/handoffs', { body: PLAN, headers });

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await h.store.listHandoffs(TENANT_A)).toHaveLength(1);
  });

  // engine/service.ts looks the key up before validating: by now the from-user has nothing left to move.
  it('replays a create even after the first one ran', async () => {
    const headers = { 'idempotency-key': 'hr-req-43' };
    await h.call('POST', '/api/v1/handoffs', { body: PLAN, headers });
    await h.runJobs();

    const replay = await h.call('POST', '/api/v1/handoffs', { body: PLAN, headers });

    expect(replay.status).toBe(201);
    expect(HandoffOut.parse(replay.body)).toMatchObject({ id: 'H-1', status: 'completed' });
    expect(await h.store.listHandoffs(TENANT_A)).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused for another person (422)', async () => {
    const headers = { 'idempotency-key': 'hr-req-44' };
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, kinds: ['deals'] }, headers });

    const other = await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, from: { id: 78 } }, headers });

    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', field: 'header.Idempotency-Key' });
  });

  it('refuses an Idempotency-Key reused with a different plan for the same person (422 naming the key)', async () => {
    const headers = { 'idempotency-key': 'hr-req-45' };
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, kinds: ['deals'] }, headers });

    const other = await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, kinds: ['tasks'] }, headers });

    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', field: 'header.Idempotency-Key' });
    expect(other.body.error.message).toContain('"hr-req-45"');
    expect(other.body.error.message).toContain('H-1');
    expect(await h.store.listHandoffs(TENANT_A)).toHaveLength(1);
  });

  it('replays the same plan written another way (fields and kinds in another order) as a retry', async () => {
    const headers = { 'idempotency-key': 'hr-req-46' };
    await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 12 }, to: { type: 'user', id: 34 }, kinds: ['deals', 'tasks'] },
      headers,
    });

    const again = await h.call('POST', '/api/v1/handoffs', {
      body: { kinds: ['tasks', 'deals'], to: { id: 34, type: 'user' }, from: { id: 12 } },
      headers,
    });

    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id: 'H-1' });
  });

  it('answers 409 already_running naming the H-n in the way', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });

    const { status, body } = await h.call('POST', '/api/v1/handoffs', {
      body: { ...PLAN, to: { type: 'user', id: 56 } },
    });

    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'already_running', handoff: 'H-1' });
    expect(await h.store.listHandoffs(TENANT_A)).toHaveLength(1);
  });

  it('answers 409 receiver_away naming the absence, the return and the backup to hand to instead', async () => {
    // Dora (78) is on vacation until Dec 20 with Carl (56) as backup.
    await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 78 }, to: { type: 'user', id: 56 }, returnAt: '2026-12-20T09:00:00Z' },
    });
    await h.runJobs();

    const { status, body } = await h.call('POST', '/api/v1/handoffs', {
      body: { ...PLAN, to: { type: 'user', id: 78 } },
    });
    const instead = await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, to: { type: 'user', id: 56 } } });

    expect(status).toBe(409);
    expect(ErrorOut.parse(body).error).toEqual({
      code: 'receiver_away',
      message:
        "Dora Diaz is away until 2026-12-20 09:00 UTC (H-1), so they can't receive work now. Carl Cole covers for them: hand the work to Carl Cole instead.",
      field: 'to',
      path: ['to'],
      handoff: 'H-1',
      backup: { id: 56, name: 'Carl Cole' },
      until: '2026-12-20T09:00:00.000Z',
    });
    expect(instead.status).toBe(201);
  });

  it.each([
    ['bad JSON', '{"from": ', 'invalid_json', 'body'],
    ['an array body', '[]', 'invalid_input', 'body'],
    ['an unknown field', { ...PLAN, extra: 1 }, 'invalid_input', 'extra'],
    ['an unknown nested field', { ...PLAN, from: { id: 12, name: 'Anna' } }, 'invalid_input', 'from.name'],
    ['a missing target', { from: { id: 12 } }, 'invalid_input', 'to'],
    ['id and email together', { ...PLAN, from: { id: 12, email: 'anna@acme.com' } }, 'invalid_input', 'from'],
    ['a bad e-mail', { ...PLAN, from: { email: 'anna' } }, 'invalid_input', 'from.email'],
    ['a string id', { ...PLAN, from: { id: '12' } }, 'invalid_input', 'from.id'],
    ['an unknown kind', { ...PLAN, kinds: ['deals', 'dealz'] }, 'invalid_input', 'kinds.1'],
    ['an unknown target type', { ...PLAN, to: { type: 'boss' } }, 'invalid_input', 'to.type'],
    ['a date that is neither', { ...PLAN, returnAt: 'tomorrow' }, 'invalid_input', 'returnAt'],
    ['the same person', { ...PLAN, to: { type: 'user', email: 'anna@acme.com' } }, 'same_person', 'to'],
    ['an unknown e-mail', { ...PLAN, from: { email: 'nobody@acme.com' } }, 'unknown_user', 'from.email'],
    [
      'an unknown e-mail in a per-kind target',
      { ...PLAN, targets: { tasks: { type: 'user', email: 'x@acme.com' } } },
      'unknown_user',
      'targets.tasks.email',
    ],
    [
      'a bad date phrase',
      { ...PLAN, returnAt: { phrase: 'when pigs fly', timeZone: 'Europe/Kyiv' } },
      'date_unreadable',
      'returnAt.phrase',
    ],
    [
      'a bad time zone',
      { ...PLAN, returnAt: { phrase: 'next monday 9am', timeZone: 'Mars/Olympus' } },
      'date_bad_zone',
      'returnAt.timeZone',
    ],
    ['a return in the past', { ...PLAN, returnAt: '2026-01-01T00:00:00Z' }, 'in_the_past', 'returnAt'],
  ])('answers 400 for %s, naming it, and creates nothing', async (_label, body, code, field) => {
    for (const path of ['/api/v1/handoffs', '/api/v1/handoffs/preview']) {
      const response = await h.call('POST', path, { body });

      expect(response.status).toBe(400);
      const { error } = ErrorOut.parse(response.body);
      expect(error.code).toBe(code);
      expect(error.field).toBe(field);
      expect(error.message.length).toBeGreaterThan(10);
    }
    await expectNothingCreated();
  });

  it('names the unknown e-mail in the message', async () => {
    const { body } = await h.call('POST', '/api/v1/handoffs', {
      body: { ...PLAN, from: { email: 'nobody@acme.com' } },
    });

    expect(body.error.message).toContain('nobody@acme.com');
  });

  it.each([
    ['/api/v1/handoffs?status=done', 'query.status'],
    ['/api/v1/handoffs?limit=0', 'query.limit'],
    ['/api/v1/handoffs?cursor=abc', 'query.cursor'],
    ['/api/v1/handoffs?page=2', 'query.page'],
  ])('answers 400 for the query of %s', async (path, field) => {
    const { status, body } = await h.call('GET', path);

    expect(status).toBe(400);
    expect(body.error.field).toBe(field);
  });

  it('answers 400 for a bad items cursor or kind, 404 for unknown or malformed handoff ids', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });

    const cursor = await h.call('GET', '/api/v1/handoffs/H-1/items?cursor=zzz');
    const kind = await h.call('GET', '/api/v1/handoffs/H-1/items?kind=dealz');
    const unknown = await h.call('GET', '/api/v1/handoffs/H-99');
    const malformed = await h.call('GET', '/api/v1/handoffs/abc');
    const route = await h.call('GET', '/api/v1/nothing-here');

    expect([cursor.status, cursor.body.error.field]).toEqual([400, 'query.cursor']);
    expect([kind.status, kind.body.error.field]).toEqual([400, 'query.kind']);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect([malformed.status, malformed.body.error.code]).toEqual([404, 'not_found']);
    expect([route.status, route.body.error.code]).toEqual([404, 'not_found']);
  });

  it('answers 400 for an unknown field in an action body and 413 for a huge body', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, start: '2026-12-01T09:00:00Z' } });

    const action = await h.call('POST', '/api/v1/handoffs/H-1/return', { body: { force: true, now: true } });
    const huge = await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, pad: 'x'.repeat(70_000) } });

    expect([action.status, action.body.error.field]).toEqual([400, 'now']);
    expect([huge.status, huge.body.error.code]).toEqual([413, 'payload_too_large']);
    expect((await h.call('GET', '/api/v1/handoffs/H-1')).body.status).toBe('scheduled');
  });

  it('accepts the single-portal API_KEY, and answers 502 when that portal fails', async () => {
    const list = await h.call('GET', '/api/v1/handoffs', { key: SINGLE_TENANT_KEY });
    const preview = await h.call('POST', '/api/v1/handoffs/preview', { key: SINGLE_TENANT_KEY, body: PLAN });

    expect(list.status).toBe(200);
    expect(preview.status).toBe(502);
    expect(preview.body.error.code).toBe('portal_error');
  });

  it('answers a person with several heads with the heads to choose from, and creates nothing', async () => {
    h.portalA.addDepartment(8, 'Sales', { headId: 78 });
    h.portalA.addDepartment(9, 'Partners', { headId: 90 });
    h.portalA.addUser(11, { name: 'Ola Olsen', departmentIds: [8, 9] });

    const { status, body } = await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 11 }, to: { type: 'head' } },
    });

    expect(status).toBe(400);
    const parsed = ErrorOut.parse(body);
    expect(parsed.error.code).toBe('ambiguous_head');
    expect(parsed.error.heads?.map((x) => [x.departmentId, x.userId])).toEqual([
      [8, 78],
      [9, 90],
    ]);
    await expectNothingCreated();
  });
});
