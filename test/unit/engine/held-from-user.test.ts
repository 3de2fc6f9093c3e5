import { beforeEach, describe, expect, it } from 'vitest';
import { HandoffError } from '../../../engine/errors.js';
import { ACTOR, createHarness, type Harness, plan, TENANT, user } from './harness.js';

async function refusal(promise: Promise<unknown>): Promise<HandoffError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandoffError);
  return error as HandoffError;
}

describe('undo, return and retry while a newer handoff holds the from-user', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 5, maxBatchSize: 5 } });
  });

  /** H-1 finished for user 1, then H-2 of user 1 running (it holds user 1). */
  async function finishedThenNewer(options: { failOne?: boolean } = {}) {
    const ids = h.ws.addItems('deals', 1, 6);
    if (options.failOne && ids[0] !== undefined) h.ws.denyItem('deals', ids[0]);
    const first = await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();
    h.ws.addItems('deals', 1, 3);
    const newer = await h.service.create(plan({ kinds: ['deals'], to: user(3) }));
    await h.store.updateHandoff(TENANT, newer.view.handoff.id, { status: 'running' });
    return { first: first.view.handoff, newer: newer.view.handoff, ids };
  }

  it('refuses undo with already_running naming the H-n in the way and its status, and schedules nothing', async () => {
    const { first } = await finishedThenNewer();
    const calls = h.scheduler.calls.length;

    const error = await refusal(h.service.undo(TENANT, first.no, ACTOR));

    expect(error.code).toBe('already_running');
    expect(error.details).toMatchObject({ handoffNo: 2, status: 'running' });
    expect(error.message).toContain('H-2');
    expect(h.scheduler.calls.slice(calls)).toEqual([]);
    expect((await h.service.get(TENANT, first.no)).handoff.status).toBe('completed');
  });

  it('refuses retry of failed items with already_running naming the H-n in the way', async () => {
    const { first } = await finishedThenNewer({ failOne: true });

    const error = await refusal(h.service.retry(TENANT, first.no, ACTOR));

    expect(error.code).toBe('already_running');
    expect(error.details).toMatchObject({ handoffNo: 2, status: 'running' });
    expect((await h.service.get(TENANT, first.no)).handoff.status).toBe('completed_with_errors');
  });

  it('accepts undo once the newer handoff has finished', async () => {
    const { first, newer, ids } = await finishedThenNewer();
    await h.store.updateHandoff(TENANT, newer.id, { status: 'completed' });

    await h.service.undo(TENANT, first.no, ACTOR);
    await h.runDue();

    expect((await h.service.get(TENANT, first.no)).handoff.status).toBe('returned');
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });

  it('when a newer handoff slips in between undo and its job, the return waits (saying why) and runs after it', async () => {
    const ids = h.ws.addItems('deals', 1, 6);
    const first = await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();
    await h.service.undo(TENANT, first.view.handoff.no, ACTOR);
    h.ws.addItems('deals', 1, 2);
    await h.service.create(plan({ kinds: ['deals'], to: user(3) }));

    await h.runDue();
    const waiting = await h.service.get(TENANT, first.view.handoff.no);
    h.clock.advance(15 * 60_000);
    await h.runDue();

    expect(waiting.handoff.status).toBe('completed');
    expect(waiting.handoff.error).toBe('return waits: H-2 holds the same person');
    const events = await h.service.events(TENANT, first.view.handoff.no);
    expect(events.find((e) => e.type === 'return.failed')?.data).toMatchObject({ blockedBy: 2 });
    const after = await h.service.get(TENANT, first.view.handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(after.handoff.error).toBeUndefined();
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });
});

describe('idempotent create after the first handoff ran', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness();
  });

  it('returns the first handoff instead of empty_selection once it moved everything', async () => {
    h.ws.addItems('deals', 1, 3);
    const first = await h.service.create(plan({ kinds: ['deals'] }), { idempotencyKey: 'hr-1' });
    await h.runDue();

    const again = await h.service.create(plan({ kinds: ['deals'] }), { idempotencyKey: 'hr-1' });

    expect(again.created).toBe(false);
    expect(again.view.handoff.id).toBe(first.view.handoff.id);
    expect(again.view.handoff.status).toBe('completed');
    expect(again.view.counts.byStatus.moved).toBe(3);
    await expect(h.service.create(plan({ kinds: ['deals'] }))).rejects.toMatchObject({ code: 'empty_selection' });
  });

  it('returns the first handoff instead of in_the_past once its start has passed', async () => {
    h.ws.addItems('deals', 1, 2);
    const startAt = new Date(h.clock.now().getTime() + 3_600_000);
    const request = plan({ kinds: ['deals'], when: { mode: 'permanent', startAt } });
    await h.service.create(request, { idempotencyKey: 'hr-2' });
    h.clock.advance(2 * 3_600_000);
    await h.runDue();

    const again = await h.service.create(request, { idempotencyKey: 'hr-2' });

    expect(again).toMatchObject({ created: false, view: { handoff: { no: 1, status: 'completed' } } });
  });

  it('schedules a replayed, still scheduled handoff again (healing a crash between store and scheduler)', async () => {
    h.ws.addItems('deals', 1, 2);
    const first = await h.service.create(plan({ kinds: ['deals'] }), { idempotencyKey: 'hr-3' });
    await h.scheduler.cancel({ tenantId: TENANT, handoffId: first.view.handoff.id });

    await h.service.create(plan({ kinds: ['deals'] }), { idempotencyKey: 'hr-3' });

    expect(h.scheduler.get('handoff.start', first.view.handoff.id)).toBeDefined();
  });
});
