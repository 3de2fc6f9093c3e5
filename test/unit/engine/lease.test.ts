import { beforeEach, describe, expect, it } from 'vitest';
import { LEASE_RETRY_MAX_MS } from '../../../engine/lease.js';
import type { JobRef } from '../../../engine/ports.js';
import { createHarness, type Harness, plan, TENANT, until } from './harness.js';

const LEASE = 60_000;
const DAY = 86_400_000;

describe('run lease: one run per handoff at a time', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 5, maxBatchSize: 5 }, engine: { runLeaseMs: LEASE } });
  });

  async function createPermanent(): Promise<{ ref: JobRef; no: number }> {
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    return { ref: { tenantId: TENANT, handoffId: view.handoff.id }, no: view.handoff.no };
  }

  async function eventTypes(no: number): Promise<string[]> {
    return (await h.service.events(TENANT, no)).map((e) => e.type);
  }

  it('lets a second run that starts while the first works exit, and updates every item exactly once', async () => {
    const ids = h.ws.addItems('deals', 1, 23);
    const { ref, no } = await createPermanent();
    const hold = h.ws.holdSetOwners();

    const first = h.service.jobs.start(ref);
    await hold.reached;
    await h.service.jobs.start(ref);
    hold.release();
    await first;

    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
    expect((await h.service.get(TENANT, no)).handoff.status).toBe('completed');
    expect(await eventTypes(no)).not.toContain('handoff.resumed');
    expect(h.notifier.progressCalls.filter((c) => c.progress.final)).toHaveLength(1);
  });

  it('runs three overlapping starts of one handoff as one run (the smoke-run symptom: one started, two resumed)', async () => {
    const ids = h.ws.addItems('deals', 1, 48);
    const { ref, no } = await createPermanent();
    const hold = h.ws.holdSetOwners();
    const first = h.service.jobs.start(ref);
    await hold.reached;

    const others = Promise.all([h.service.jobs.start(ref), h.service.jobs.start(ref)]);
    hold.release();
    await Promise.all([first, others]);

    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
    const view = await h.service.get(TENANT, no);
    expect(view.counts.byStatus).toMatchObject({ moved: 48, pending: 0 });
    const types = await eventTypes(no);
    expect(types.filter((t) => t === 'handoff.started')).toHaveLength(1);
    expect(types).not.toContain('handoff.resumed');
    expect(h.logs.some((l) => l.msg === 'handoff changed status during transfer')).toBe(false);
  });

  it('makes sure there is a next run: the one refused is scheduled again soon, and then does nothing', async () => {
    h.ws.addItems('deals', 1, 12);
    const { ref, no } = await createPermanent();
    const hold = h.ws.holdSetOwners();
    const first = h.service.jobs.start(ref);
    await hold.reached;
    const refusedAt = h.clock.now().getTime();

    await h.service.jobs.start(ref);
    hold.release();
    await first;

    const again = h.scheduler.get('handoff.start', ref.handoffId);
    expect(again?.at.getTime()).toBeGreaterThan(refusedAt);
    expect(again?.at.getTime()).toBeLessThanOrEqual(refusedAt + LEASE_RETRY_MAX_MS);
    const before = h.ws.totalUpdates();
    h.clock.advance(LEASE * 2);
    expect(await h.runDue()).toEqual(['handoff.start']);
    expect(h.ws.totalUpdates()).toBe(before);
    expect((await h.service.get(TENANT, no)).handoff.status).toBe('completed');
  });

  it('takes over from a crashed holder once its lease has expired, without updating any item twice', async () => {
    const ids = h.ws.addItems('deals', 1, 17);
    const { ref, no } = await createPermanent();
    h.ws.crashAfterNextSetOwners();
    await expect(h.runDue()).rejects.toThrow('simulated crash');
    // The process died holding the lease (its `finally` never ran).
    const now = h.clock.now();
    await h.store.claimRun(TENANT, ref.handoffId, 'dead-process-run', new Date(now.getTime() + LEASE), now);

    await h.service.jobs.start(ref);
    const whileHeld = await h.service.get(TENANT, no);
    // Refused runs keep looking again every few seconds and change nothing while the dead lease lasts.
    while (h.clock.now().getTime() < now.getTime() + LEASE - LEASE_RETRY_MAX_MS) {
      h.clock.advance(LEASE_RETRY_MAX_MS);
      expect(await h.runDue()).toEqual(['handoff.start']);
      expect((await h.service.get(TENANT, no)).counts.byStatus).toMatchObject({ pending: 5, moved: 0 });
    }
    h.clock.advance(LEASE);
    const takeover = await h.runDue();

    expect(whileHeld.counts.byStatus).toMatchObject({ pending: 5, moved: 0 });
    expect(takeover).toEqual(['handoff.start']);
    const after = await h.service.get(TENANT, no);
    expect(after.handoff.status).toBe('completed');
    expect(after.counts.byStatus).toMatchObject({ moved: 17, pending: 0 });
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
  });

  it('renews the lease between batches, so a slow holder is not taken over', async () => {
    const ids = h.ws.addItems('deals', 1, 15);
    const { ref, no } = await createPermanent();
    const firstBatch = h.ws.holdSetOwners();
    const first = h.service.jobs.start(ref);
    await firstBatch.reached;
    const secondBatch = h.ws.holdSetOwners();
    h.clock.advance(LEASE * 0.3);
    firstBatch.release();
    await secondBatch.reached;
    // Past the first lease's end, within the renewed one.
    h.clock.advance(LEASE * 0.9);

    await h.service.jobs.start(ref);
    secondBatch.release();
    await first;

    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
    expect(await eventTypes(no)).not.toContain('handoff.resumed');
    expect(h.scheduler.get('handoff.start', ref.handoffId)).toBeDefined();
  });

  it('stops a holder that stalled past its lease once another run took over, leaving the finish to that run', async () => {
    h.ws.addItems('deals', 1, 15);
    const { ref, no } = await createPermanent();
    const stall = h.ws.holdSetOwners();
    const stalled = h.service.jobs.start(ref);
    await stall.reached;
    h.clock.advance(LEASE * 1.5);

    await h.service.jobs.start(ref);
    const finishedByTakeover = await h.service.get(TENANT, no);
    stall.release();
    await stalled;

    expect(finishedByTakeover.handoff.status).toBe('completed');
    expect(h.logs.some((l) => l.msg === 'transfer handed over to another run')).toBe(true);
    expect(h.notifier.progressCalls.filter((c) => c.progress.final)).toHaveLength(1);
    expect((await h.service.get(TENANT, no)).counts.byStatus.pending).toBe(0);
  });

  it('skips a sweep while another run holds the handoff, keeping the sweep recurring', async () => {
    h.ws.addItems('deals', 1, 3);
    const { view } = await h.service.create(
      plan({ kinds: ['deals'], when: until(h.clock, 7), options: { sweep: true } }),
    );
    await h.runDue();
    const ref = { tenantId: TENANT, handoffId: view.handoff.id };
    const now = h.clock.now();
    await h.store.claimRun(TENANT, ref.handoffId, 'other-run', new Date(now.getTime() + LEASE), now);
    const newcomer = h.ws.addItem('deals', 1);

    await h.service.jobs.sweep(ref);

    expect(h.ws.ownerOf('deals', newcomer)).toBe(1);
    expect(h.scheduler.get('handoff.sweep', ref.handoffId)?.everyMs).toBeDefined();
    await h.store.releaseRun(TENANT, ref.handoffId, 'other-run');
    await h.service.jobs.sweep(ref);
    expect(h.ws.ownerOf('deals', newcomer)).toBe(2);
  });

  it('runs a return refused by a sweep holding the handoff after that lease', async () => {
    const ids = h.ws.addItems('deals', 1, 4);
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 7) }));
    await h.runDue();
    const ref = { tenantId: TENANT, handoffId: view.handoff.id };
    h.clock.advance(7 * DAY);
    const now = h.clock.now();
    await h.store.claimRun(TENANT, ref.handoffId, 'sweep-run', new Date(now.getTime() + LEASE), now);

    await h.runDue();
    const waiting = await h.service.get(TENANT, view.handoff.no);
    h.clock.advance(LEASE * 2);
    await h.runDue();

    expect(waiting.handoff.status).toBe('return_scheduled');
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('returned');
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });
});
