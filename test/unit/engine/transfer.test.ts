import { beforeEach, describe, expect, it } from 'vitest';
import { HandoffError, PortalError } from '../../../engine/errors.js';
import { ACTOR, createHarness, type Harness, plan, TENANT, user } from './harness.js';

describe('transfer', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 7, maxBatchSize: 5 } });
  });

  it('moves every open item, stores the original owner, and completes', async () => {
    const deals = h.ws.addItems('deals', 1, 12);
    const closed = h.ws.addItem('deals', 1, { open: false });
    const tasks = h.ws.addItems('tasks', 1, 3);
    h.ws.addItems('deals', 3, 2);

    const { view } = await h.service.create(plan());
    await h.runDue();

    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed');
    expect(after.counts.byStatus.moved).toBe(15);
    for (const id of [...deals, ...tasks]) expect(h.ws.ownerOf(id <= 13 ? 'deals' : 'tasks', id)).toBe(2);
    expect(h.ws.ownerOf('deals', closed)).toBe(1);
    const items = await h.service.items(TENANT, view.handoff.no);
    expect(items.every((i) => i.originalOwnerId === 1 && i.newOwnerId === 2)).toBe(true);
    expect(Math.max(...h.ws.batchSizes)).toBeLessThanOrEqual(5);
  });

  it('moves closed items too with allItems', async () => {
    const closed = h.ws.addItem('deals', 1, { open: false });

    await h.service.create(plan({ options: { allItems: true } }));
    await h.runDue();

    expect(h.ws.ownerOf('deals', closed)).toBe(2);
  });

  it('writes an audit trail and tells participants once', async () => {
    h.ws.addItems('deals', 1, 3);

    const { view } = await h.service.create(plan());
    await h.runDue();

    const events = await h.service.events(TENANT, view.handoff.no);
    expect(events.map((e) => e.type)).toEqual([
      'handoff.created',
      'handoff.started',
      'transfer.enumerated',
      'handoff.completed',
    ]);
    expect(events[0]?.actor).toBe('test:admin');
    expect(h.notifier.participantCalls.map((c) => c.phase)).toEqual(['transferred']);
    expect(h.notifier.finals()).toHaveLength(1);
    expect(h.notifier.summaries().map((s) => s.status)).toEqual(['moved', 'moved', 'moved']);
  });

  it('logs with the handoff context', async () => {
    h.ws.addItems('deals', 1, 1);

    await h.service.create(plan());
    await h.runDue();

    const started = h.logs.find((l) => l.msg === 'handoff.started');
    expect(started?.obj).toMatchObject({ tenantId: 't1', handoffId: 'h-1', handoffNo: 'H-1', job: 'handoff.start' });
  });

  it('records a dry run and changes nothing', async () => {
    h.ws.addItems('deals', 1, 6);

    const { view } = await h.service.create(plan({ options: { dryRun: true } }));
    await h.runDue();

    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed');
    expect(after.counts.byStatus.skipped).toBe(6);
    const items = await h.service.items(TENANT, view.handoff.no);
    expect(items.every((i) => i.skipReason === 'dry_run')).toBe(true);
    expect(h.ws.totalUpdates()).toBe(0);
    expect(h.notifier.participantCalls).toEqual([]);
  });

  it('goes on past a per-item failure, then retries only the failed item once the fault is cleared', async () => {
    const ids = h.ws.addItems('deals', 1, 8);
    const denied = ids[3] ?? 0;
    h.ws.denyItem('deals', denied);

    const { view } = await h.service.create(plan());
    await h.runDue();
    const failed = await h.service.get(TENANT, view.handoff.no);
    h.ws.allowItem('deals', denied);
    await h.service.retry(TENANT, view.handoff.no, ACTOR);
    await h.runDue();

    expect(failed.handoff.status).toBe('completed_with_errors');
    expect(failed.counts.byStatus).toMatchObject({ moved: 7, failed: 1 });
    const item = (await h.service.items(TENANT, view.handoff.no)).find((i) => i.itemId === denied);
    expect(item?.status).toBe('moved');
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed');
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
  });

  it('refuses to retry a handoff without failed items', async () => {
    h.ws.addItems('deals', 1, 1);
    const { view } = await h.service.create(plan());
    await h.runDue();

    const error = await h.service.retry(TENANT, view.handoff.no, ACTOR).catch((e: unknown) => e);

    expect((error as HandoffError).code).toBe('nothing_to_retry');
  });

  it('fails the handoff when the portal fails as a whole, and a retry finishes the work', async () => {
    const ids = h.ws.addItems('deals', 1, 12);
    h.ws.failNext('setOwners', new PortalError('token revoked', 'NO_AUTH_FOUND', false));

    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();
    const failed = await h.service.get(TENANT, view.handoff.no);
    await h.service.retry(TENANT, view.handoff.no, ACTOR);
    await h.runDue();

    expect(failed.handoff.status).toBe('failed');
    expect(failed.handoff.error).toContain('NO_AUTH_FOUND');
    expect(failed.counts.byStatus.pending).toBe(5);
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('completed');
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(2);
  });

  it('refuses a second handoff of the same person with the one in the way', async () => {
    h.ws.addItems('deals', 1, 2);
    await h.service.create(plan());

    const error = await h.service.create(plan({ to: user(3) })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HandoffError);
    expect((error as HandoffError).code).toBe('already_running');
    expect((error as HandoffError).details.handoffNo).toBe(1);
  });

  it('returns the first handoff for a repeated idempotency key', async () => {
    h.ws.addItems('deals', 1, 2);

    const first = await h.service.create(plan(), { idempotencyKey: 'k1' });
    const second = await h.service.create(plan(), { idempotencyKey: 'k1' });

    expect(second.created).toBe(false);
    expect(second.view.handoff.id).toBe(first.view.handoff.id);
  });

  it('waits for a future start, and a cancel before it stops it for good', async () => {
    h.ws.addItems('deals', 1, 2);
    const startAt = new Date(h.clock.now().getTime() + 3_600_000);

    const { view } = await h.service.create(plan({ when: { mode: 'permanent', startAt } }));
    const ran = await h.runDue();
    await h.service.cancel(TENANT, view.handoff.no, ACTOR);
    h.clock.advance(2 * 3_600_000);
    const ranLater = await h.runDue();

    expect(ran).toEqual([]);
    expect(ranLater).toEqual([]);
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('cancelled');
    expect(h.ws.totalUpdates()).toBe(0);
  });

  it('stops a running handoff after the current batch; what moved is recorded and can be undone', async () => {
    const ids = h.ws.addItems('deals', 1, 20);
    const original = h.ws.setOwners.bind(h.ws);
    let batches = 0;
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      batches += 1;
      if (batches === 2) await h.service.cancel(TENANT, 1, ACTOR);
      return result;
    };

    await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();
    const cancelled = await h.service.get(TENANT, 1);
    await h.service.undo(TENANT, 1, ACTOR);
    await h.runDue();

    expect(cancelled.handoff.status).toBe('cancelled');
    expect(cancelled.counts.byStatus.moved).toBe(10);
    expect(cancelled.counts.byStatus.pending).toBe(0);
    expect(ids.filter((id) => h.ws.ownerOf('deals', id) === 2)).toHaveLength(0);
    expect((await h.service.get(TENANT, 1)).handoff.status).toBe('returned');
    const types = (await h.service.events(TENANT, 1)).map((e) => e.type);
    expect(types).toContain('handoff.cancel_requested');
    expect(types).toContain('handoff.cancelled');
  });

  it('leaves items pending on shutdown and resumes them in the next run', async () => {
    const ids = h.ws.addItems('deals', 1, 20);
    const controller = new AbortController();
    const original = h.ws.setOwners.bind(h.ws);
    h.ws.setOwners = async (kind, changes) => {
      controller.abort();
      return original(kind, changes);
    };
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    h.scheduler.due();

    await h.service.jobs.start({ tenantId: TENANT, handoffId: view.handoff.id }, controller.signal);
    const interrupted = await h.service.get(TENANT, view.handoff.no);
    h.ws.setOwners = original;
    await h.runDue();

    expect(interrupted.handoff.status).toBe('running');
    expect(interrupted.counts.byStatus.moved).toBe(5);
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('completed');
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
  });

  it('keeps going when the notifier throws', async () => {
    h.ws.addItems('deals', 1, 4);
    h.notifier.failWith = new Error('slack down');

    const { view } = await h.service.create(plan());
    await h.runDue();

    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('completed');
    expect(h.logs.some((l) => l.level === 'warn' && l.msg === 'notifier call failed')).toBe(true);
  });

  it('streams: owner changes start before the listing is done, never reading everything first', async () => {
    h.ws.addItems('deals', 1, 200);
    const original = h.ws.setOwners.bind(h.ws);
    const pagesReadAtFirstBatch: number[] = [];
    h.ws.setOwners = async (kind, changes) => {
      pagesReadAtFirstBatch.push(h.ws.calls.listItems);
      return original(kind, changes);
    };

    await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();

    expect(pagesReadAtFirstBatch[0]).toBeLessThanOrEqual(1);
    expect(h.ws.calls.listItems).toBeGreaterThan(20);
    expect(pagesReadAtFirstBatch).toHaveLength(40);
  });
});
