import { beforeEach, describe, expect, it } from 'vitest';
import {
  ErrorOut,
  HandoffListOut,
  HandoffOut,
  ItemPageOut,
  KindListOut,
  PreviewOut,
} from '../../bot/api/response-schemas.js';
import { createApp } from '../../bot/app.js';
import { type ApiHarness, createApiHarness, silentLogger } from './api-harness.js';

const PLAN = { from: { id: 12 }, to: { type: 'user', id: 34 } };

describe('REST API /api/v1 on the real engine', () => {
  let h: ApiHarness;

  beforeEach(async () => {
    h = await createApiHarness();
  });

  it('serves its OpenAPI 3.1 document without a key', async () => {
    const { status, body } = await h.call('GET', '/api/v1/openapi.json', { key: null });

    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.paths['/api/v1/handoffs'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Plan',
    });
  });

  it('lists the kinds the portal offers', async () => {
    const { status, body } = await h.call('GET', '/api/v1/kinds');

    expect(status).toBe(200);
    expect(KindListOut.parse(body).kinds.map((k) => k.kind)).toEqual(['deals', 'tasks']);
  });

  it('previews counts per kind and receiver, and creates nothing', async () => {
    const plan = { ...PLAN, targets: { tasks: { type: 'user', email: 'carl@acme.com' } } };

    const { status, body } = await h.call('POST', '/api/v1/handoffs/preview', { body: plan });

    expect(status).toBe(200);
    const preview = PreviewOut.parse(body);
    expect(preview.countsByKind).toEqual({ deals: 3, tasks: 2 });
    expect(preview.countsByTarget).toEqual(
      expect.arrayContaining([
        { kind: 'deals', userId: 34, name: 'Ben Brown', count: 3 },
        { kind: 'tasks', userId: 56, name: 'Carl Cole', count: 2 },
      ]),
    );
    expect(preview.total).toBe(5);
    expect(preview.from).toEqual({ id: 12, name: 'Anna Adams', email: 'anna@acme.com' });
    expect((await h.call('GET', '/api/v1/handoffs')).body.handoffs).toEqual([]);
  });

  it('creates a handoff (201, H-1), runs it, and reads it back with counts per kind', async () => {
    const created = await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, from: { email: 'anna@acme.com' } } });

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/handoffs/H-1');
    expect(HandoffOut.parse(created.body)).toMatchObject({ id: 'H-1', mode: 'permanent', from: { id: 12 } });

    await h.runJobs();
    const { status, body } = await h.call('GET', '/api/v1/handoffs/H-1');

    expect(status).toBe(200);
    const view = HandoffOut.parse(body);
    expect(view.status).toBe('completed');
    expect(view.counts).toMatchObject({ moved: 5, pending: 0, failed: 0 });
    expect(view.countsByKind.deals).toMatchObject({ moved: 3 });
    expect(view.countsByKind.tasks).toMatchObject({ moved: 2 });
    expect(view.startedAt).not.toBeNull();
    expect(view.finishedAt).not.toBeNull();
    expect(view.returnAt).toBeNull();
    expect(h.portalA.ownerOf('deals', 1)).toBe(34);
  });

  it('schedules a handoff with a future start and returns at a phrase read in its time zone', async () => {
    const plan = {
      ...PLAN,
      start: '2026-11-25T09:00:00Z',
      returnAt: { phrase: 'next monday 9am', timeZone: 'Europe/Kyiv' },
    };

    const { status, body } = await h.call('POST', '/api/v1/handoffs', { body: plan });

    expect(status).toBe(201);
    expect(HandoffOut.parse(body)).toMatchObject({
      id: 'H-1',
      status: 'scheduled',
      mode: 'temporary',
      startAt: '2026-11-25T09:00:00.000Z',
      returnAt: '2026-11-30T07:00:00.000Z',
    });
    expect(h.scheduler.get('handoff.start', h.scheduler.pending()[0]?.ref.handoffId ?? '')?.at.toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it('lists handoffs newest first, filtered by status, paged with nextCursor', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, dryRun: true } });
    await h.runJobs();
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, start: '2026-12-01T09:00:00Z' } });

    const all = HandoffListOut.parse((await h.call('GET', '/api/v1/handoffs?limit=1')).body);
    const next = HandoffListOut.parse((await h.call('GET', `/api/v1/handoffs?limit=1&cursor=${all.nextCursor}`)).body);
    const scheduled = HandoffListOut.parse((await h.call('GET', '/api/v1/handoffs?status=scheduled,running')).body);

    expect(all.handoffs.map((x) => x.id)).toEqual(['H-2']);
    expect(all.nextCursor).toBe('H-2');
    expect(next.handoffs.map((x) => x.id)).toEqual(['H-1']);
    expect(scheduled.handoffs.map((x) => [x.id, x.status])).toEqual([['H-2', 'scheduled']]);
  });

  it('pages items with nextCursor and filters them by status and kind', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });
    await h.runJobs();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = ItemPageOut.parse((await h.call('GET', `/api/v1/handoffs/H-1/items?limit=2${query}`)).body);
      seen.push(...page.items.map((i) => `${i.kind}:${i.itemId}:${i.status}`));
      expect(page.items.length).toBeLessThanOrEqual(2);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const tasks = ItemPageOut.parse((await h.call('GET', '/api/v1/handoffs/H-1/items?kind=tasks&status=moved')).body);
    const failed = ItemPageOut.parse((await h.call('GET', '/api/v1/handoffs/H-1/items?status=failed')).body);

    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(tasks.items.map((i) => i.kind)).toEqual(['tasks', 'tasks']);
    expect(tasks.items[0]).toMatchObject({ originalOwnerId: 12, newOwnerId: 34, status: 'moved' });
    expect(tasks.nextCursor).toBeNull();
    expect(failed.items).toEqual([]);
  });

  it('cancels a scheduled handoff, and a second cancel is a wrong status (409)', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, start: '2026-12-01T09:00:00Z' } });

    const cancelled = await h.call('POST', '/api/v1/handoffs/H-1/cancel');
    const again = await h.call('POST', '/api/v1/handoffs/1/cancel', { body: {} });

    expect(cancelled.status).toBe(200);
    expect(HandoffOut.parse(cancelled.body).status).toBe('cancelled');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('wrong_status');
  });

  it('retries failed items', async () => {
    h.portalA.denyItem('deals', 2);
    await h.call('POST', '/api/v1/handoffs', { body: PLAN });
    await h.runJobs();
    expect((await h.call('GET', '/api/v1/handoffs/H-1')).body.status).toBe('completed_with_errors');
    h.portalA.allowItem('deals', 2);

    const retried = await h.call('POST', '/api/v1/handoffs/H-1/retry');
    await h.runJobs();

    expect(retried.status).toBe(200);
    expect(HandoffOut.parse((await h.call('GET', '/api/v1/handoffs/H-1')).body)).toMatchObject({
      status: 'completed',
      counts: { moved: 5, failed: 0 },
    });
    expect(h.portalA.ownerOf('deals', 2)).toBe(34);
  });

  it('returns a temporary handoff now, with force, and undoes a permanent one', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, kinds: ['deals'], returnAt: '2026-12-20T09:00:00Z' } });
    await h.runJobs();
    h.portalA.setOwnerManually('deals', 1, 56);

    const returned = await h.call('POST', '/api/v1/handoffs/H-1/return', { body: { force: true } });
    await h.runJobs();

    expect(returned.status).toBe(200);
    expect((await h.call('GET', '/api/v1/handoffs/H-1')).body.status).toBe('returned');
    expect(h.portalA.ownerOf('deals', 1)).toBe(12);

    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, kinds: ['tasks'] } });
    await h.runJobs();
    const undone = await h.call('POST', '/api/v1/handoffs/H-2/undo');
    await h.runJobs();

    expect(undone.status).toBe(200);
    expect((await h.call('GET', '/api/v1/handoffs/H-2')).body.status).toBe('returned');
    expect(h.portalA.ownerOf('tasks', 4)).toBe(12);
  });

  it('names who has a kept item in the item view, and documents the field', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, kinds: ['deals'], returnAt: '2026-12-20T09:00:00Z' } });
    await h.runJobs();
    h.portalA.setOwnerManually('deals', 1, 56);

    await h.call('POST', '/api/v1/handoffs/H-1/return');
    await h.runJobs();
    const { items } = ItemPageOut.parse((await h.call('GET', '/api/v1/handoffs/H-1/items?kind=deals')).body);
    const openapi = (await h.call('GET', '/api/v1/openapi.json', { key: null })).body;

    expect(items.find((i) => i.itemId === 1)).toMatchObject({ status: 'kept', currentOwnerId: 56 });
    const others = items.filter((i) => i.itemId !== 1);
    expect(others.length).toBeGreaterThan(0);
    for (const item of others) expect(item.currentOwnerId).toBeUndefined();
    expect(openapi.components.schemas.Item.properties.currentOwnerId).toMatchObject({ type: 'integer' });
  });

  it('answers a wrong status for returning a permanent handoff that never ran', async () => {
    await h.call('POST', '/api/v1/handoffs', { body: { ...PLAN, start: '2026-12-01T09:00:00Z' } });

    const { status, body } = await h.call('POST', '/api/v1/handoffs/H-1/return', { body: '' });

    expect(status).toBe(409);
    expect(body.error.code).toMatch(/wrong_status|nothing_to_return/);
  });

  it('keeps its JSON errors and statuses when mounted by createApp', async () => {
    const app = createApp({ logger: silentLogger, routes: [h.app] });
    const headers = { authorization: `Bearer ${h.keyA}`, 'content-type': 'application/json' };

    const created = await app.request('/api/v1/handoffs', { method: 'POST', headers, body: JSON.stringify(PLAN) });
    const conflict = await app.request('/api/v1/handoffs', { method: 'POST', headers, body: JSON.stringify(PLAN) });
    const noKey = await app.request('/api/v1/handoffs');

    expect(created.status).toBe(201);
    expect([conflict.status, ErrorOut.parse(await conflict.json()).error.code]).toEqual([409, 'already_running']);
    expect([noKey.status, ErrorOut.parse(await noKey.json()).error.code]).toEqual([401, 'unauthorized']);
  });

  it("leaves unexpected errors to createApp's onError: a 500 that tells nothing", async () => {
    const app = createApp({ logger: silentLogger, routes: [h.app] });

    const response = await app.request('/api/v1/kinds', { headers: { authorization: `Bearer ${h.keyBug}` } });

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(ErrorOut.parse(JSON.parse(text)).error.code).toBe('internal');
    expect(text).not.toContain('secret');
  });
});
