import { describe, expect, it } from 'vitest';
import { ACTOR, createHarness, plan, TENANT } from './harness.js';

const LEASE = 20_000;

describe('a run that died: cancel at once, lease kept alive while alive', () => {
  it('cancels a handoff whose run died at once: the interrupted batch is settled, nothing else moves', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, engine: { runLeaseMs: LEASE } });
    const ids = h.ws.addItems('deals', 1, 10);
    h.ws.crashAfterNextSetOwners();
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    await expect(h.runDue()).rejects.toThrow('simulated crash');
    // What a SIGKILL leaves: the dead process's lease, no longer renewed, runs out.
    const now = h.clock.now();
    await h.store.claimRun(TENANT, view.handoff.id, 'dead-run', new Date(now.getTime() + LEASE), now);
    h.clock.advance(LEASE + 1);

    const answer = await h.service.cancel(TENANT, view.handoff.no, ACTOR);

    expect(answer.handoff.status).toBe('cancelled');
    expect(answer.counts.byStatus).toMatchObject({ moved: 4, pending: 0 });
    const moved = ids.filter((id) => h.ws.ownerOf('deals', id) === 2);
    expect(moved).toHaveLength(4);
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(moved.includes(id) ? 1 : 0);
    const types = (await h.service.events(TENANT, view.handoff.no)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['handoff.cancel_requested', 'handoff.cancelled']));
  });

  it('leaves a cancel to the run while its lease is alive (the run stops after its batch)', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, engine: { runLeaseMs: LEASE } });
    h.ws.addItems('deals', 1, 10);
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    h.scheduler.due();
    await h.store.updateHandoff(TENANT, view.handoff.id, { status: 'running' });
    const now = h.clock.now();
    await h.store.claimRun(TENANT, view.handoff.id, 'live-run', new Date(now.getTime() + LEASE), now);

    const answer = await h.service.cancel(TENANT, view.handoff.no, ACTOR);

    expect(answer.handoff.status).toBe('running');
    expect(answer.handoff.cancelRequested).toBe(true);
    expect(h.ws.totalUpdates()).toBe(0);
  });

  it('keeps the lease by a timer while a batch waits on the portal longer than the lease', async () => {
    const lease = 400;
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, engine: { runLeaseMs: lease } });
    h.ws.addItems('deals', 1, 8);
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    const hold = h.ws.holdSetOwners();
    const run = h.runDue();
    await hold.reached;

    // Five leases of (fake) time pass while the batch waits; the timer renews every 100 ms of real time.
    const stolen: boolean[] = [];
    for (let step = 0; step < 30; step += 1) {
      h.clock.advance(60);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = h.clock.now();
      stolen.push(await h.store.claimRun(TENANT, view.handoff.id, 'intruder', new Date(now.getTime() + lease), now));
    }
    hold.release();
    await run;

    expect(stolen.filter(Boolean)).toEqual([]);
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('completed');
  });
});
