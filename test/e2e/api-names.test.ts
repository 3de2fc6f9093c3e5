import { describe, expect, it, vi } from 'vitest';
import { HandoffListOut, HandoffOut } from '../../bot/api/response-schemas.js';
import { PortalError } from '../../engine/errors.js';
import { toPortalUserId } from '../../engine/ids.js';
import { createApiHarness, TENANT_A } from './api-harness.js';

const PLAN = { from: { id: 12 }, to: { type: 'user', id: 34 } };
/** Longer than the name cache's default lifetime (5 minutes), so the next read looks names up again. */
const PAST_CACHE_MS = 6 * 60_000;

describe('REST API read-back names the people (added fields only)', () => {
  it('names from, to and each receiver, with e-mails, on create, get and list', async () => {
    const h = await createApiHarness();

    const created = await h.call('POST', '/api/v1/handoffs', {
      body: { ...PLAN, targets: { tasks: { type: 'user', id: 56 } } },
    });
    await h.runJobs();
    const got = HandoffOut.parse((await h.call('GET', '/api/v1/handoffs/H-1')).body);
    const listed = HandoffListOut.parse((await h.call('GET', '/api/v1/handoffs')).body);

    expect(HandoffOut.parse(created.body).from).toEqual({ id: 12, name: 'Anna Adams', email: 'anna@acme.com' });
    expect(got.from).toEqual({ id: 12, name: 'Anna Adams', email: 'anna@acme.com' });
    expect(got.to).toEqual({ type: 'user', id: 34, name: 'Ben Brown', email: 'ben@acme.com' });
    expect(got.targets).toEqual({
      deals: { type: 'user', id: 34, via: 'user', name: 'Ben Brown', email: 'ben@acme.com' },
      tasks: { type: 'user', id: 56, via: 'user', name: 'Carl Cole', email: 'carl@acme.com' },
    });
    expect(got.initiator).toBe('api-key:hr');
    expect(got).not.toHaveProperty('initiatorUser');
    expect(listed.handoffs[0]?.to).toMatchObject({ name: 'Ben Brown' });
  });

  it('names a department target and its receivers (no e-mail when the portal has none)', async () => {
    const h = await createApiHarness();

    const { status, body } = await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 12 }, to: { type: 'department', id: 7 }, dryRun: true },
    });

    expect(status).toBe(201);
    const view = HandoffOut.parse(body);
    expect(view.to).toEqual({ type: 'department', id: 7, name: 'Support' });
    expect(view.targets.deals).toEqual({
      type: 'department',
      id: 7,
      memberIds: [56, 90],
      name: 'Support',
      members: [
        { id: 56, name: 'Carl Cole', email: 'carl@acme.com' },
        { id: 90, name: 'Eve Evans' },
      ],
    });
  });

  it("names the initiator's portal user when the surface knew it", async () => {
    const h = await createApiHarness();
    await h.service.create({
      tenantId: TENANT_A,
      initiator: { label: 'slack:U78 (Dora)', portalUserId: toPortalUserId(78) },
      fromUserId: toPortalUserId(12),
      to: { type: 'user', userId: toPortalUserId(34) },
      when: { mode: 'permanent' },
      options: { allItems: false, dryRun: true, forceReturn: false, notify: false, sweep: false },
    });

    const view = HandoffOut.parse((await h.call('GET', '/api/v1/handoffs/H-1')).body);

    expect(view.initiator).toBe('slack:U78 (Dora)');
    expect(view.initiatorUser).toEqual({ id: 78, name: 'Dora Diaz', email: 'dora@acme.com' });
  });

  it('looks each person up once per answer and reuses names across reads (a watching CLI costs no portal calls)', async () => {
    const h = await createApiHarness();
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });
    const getUser = vi.spyOn(h.portalA, 'getUser');

    await h.call('GET', '/api/v1/handoffs/H-1');
    const warm = getUser.mock.calls.length;
    await h.call('GET', '/api/v1/handoffs/H-1');
    h.clock.advance(PAST_CACHE_MS);
    await h.call('GET', '/api/v1/handoffs/H-1');

    expect(warm).toBe(0);
    expect(getUser.mock.calls.map(([id]) => id).sort()).toEqual([12, 34]);
  });

  it('answers without names, never an error, when the portal fails the lookups', async () => {
    const h = await createApiHarness();
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });
    h.clock.advance(PAST_CACHE_MS);
    vi.spyOn(h.portalA, 'getUser').mockRejectedValue(new PortalError('portal unavailable', 'network', true));

    const { status, body } = await h.call('GET', '/api/v1/handoffs/H-1');

    expect(status).toBe(200);
    const view = HandoffOut.parse(body);
    expect(view.from).toEqual({ id: 12 });
    expect(view.to).toEqual({ type: 'user', id: 34 });
    expect(view.targets.deals).toEqual({ type: 'user', id: 34, via: 'user' });
  });

  it('answers without names when the lookups outlast their time budget, and names them on a later read', async () => {
    const h = await createApiHarness({ names: { timeoutMs: 20 } });
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });
    h.clock.advance(PAST_CACHE_MS);
    let answer: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const original = h.portalA.getUser.bind(h.portalA);
    vi.spyOn(h.portalA, 'getUser').mockImplementation(async (id) => {
      await held;
      return original(id);
    });

    const slow = await h.call('GET', '/api/v1/handoffs/H-1');
    answer();

    expect(slow.status).toBe(200);
    expect(HandoffOut.parse(slow.body).from).toEqual({ id: 12 });
    await expect
      .poll(async () => HandoffOut.parse((await h.call('GET', '/api/v1/handoffs/H-1')).body).from.name)
      .toBe('Anna Adams');
  });
});
