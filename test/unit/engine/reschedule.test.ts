import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandoffError } from '../../../engine/errors.js';
import { ACTOR, createHarness, type Harness, plan, TENANT } from './harness.js';

const DAY = 86_400_000;

describe('moving the dates of a handoff', () => {
  let h: Harness;
  let ids: number[];

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 4, maxBatchSize: 3 } });
    ids = h.ws.addItems('deals', 1, 5);
  });

  const at = (days: number) => new Date(h.clock.now().getTime() + days * DAY);

  async function vacation(startDays: number, endDays: number) {
    const { view } = await h.service.create(
      plan({ kinds: ['deals'], when: { mode: 'temporary', startAt: at(startDays), returnAt: at(endDays) } }),
    );
    return view.handoff;
  }

  it('tells the people involved when a handoff with a later start is scheduled', async () => {
    await vacation(2, 9);

    expect(h.notifier.noticeCalls.map((c) => c.notice)).toEqual([{ kind: 'scheduled', actor: 'test:admin' }]);
  });

  it('moves both dates of a scheduled handoff and re-schedules its start', async () => {
    const handoff = await vacation(2, 9);

    const { view, outcome } = await h.service.move(TENANT, handoff.no, { startAt: at(4), returnAt: at(11) }, ACTOR);

    expect(outcome).toBe('moved');
    expect(view.handoff.plan.when).toEqual({ mode: 'temporary', startAt: at(4), returnAt: at(11) });
    expect(h.scheduler.get('handoff.start', handoff.id)?.at).toEqual(at(4));
    const notice = h.notifier.noticeCalls.at(-1)?.notice;
    expect(notice).toEqual({ kind: 'moved', actor: ACTOR.label, previous: { startAt: at(2), returnAt: at(9) } });
    const events = await h.service.events(TENANT, handoff.no);
    expect(events.at(-1)).toMatchObject({ type: 'handoff.moved', actor: ACTOR.label });
  });

  it('a stale start job fired at the old start does nothing; the new start runs it', async () => {
    const handoff = await vacation(2, 9);
    await h.service.move(TENANT, handoff.no, { startAt: at(4) }, ACTOR);
    h.clock.advance(2 * DAY);

    await h.service.jobs.start({ tenantId: TENANT, handoffId: handoff.id });

    expect((await h.service.get(TENANT, handoff.no)).handoff.status).toBe('scheduled');
    h.clock.advance(2 * DAY);
    await h.runDue();
    expect((await h.service.get(TENANT, handoff.no)).handoff.status).toBe('return_scheduled');
  });

  for (const failing of [1, 2]) {
    it(`a crash at the move's job write #${failing} (before or after the dates are stored): the start still runs by the stored date`, async () => {
      const handoff = await vacation(2, 9);
      const schedule = h.scheduler.schedule.bind(h.scheduler);
      let calls = 0;
      vi.spyOn(h.scheduler, 'schedule').mockImplementation(async (...args) => {
        calls += 1;
        if (calls === failing) throw new Error('killed');
        return schedule(...args);
      });

      const newStart = at(1);
      await expect(h.service.move(TENANT, handoff.no, { startAt: newStart }, ACTOR)).rejects.toThrow('killed');
      vi.restoreAllMocks();
      const stored = (await h.service.get(TENANT, handoff.no)).handoff.plan.when.startAt;
      h.clock.advance(DAY + 1000);
      await h.runDue();

      const status = (await h.service.get(TENANT, handoff.no)).handoff.status;
      // Whichever date the store kept, the job runs by it: started (and done) if the earlier start was stored.
      const started = stored?.getTime() === newStart.getTime();
      expect(status).toBe(started ? 'return_scheduled' : 'scheduled');
    });
  }

  for (const failing of [1, 2]) {
    it(`a crash at a shortened leave's job write #${failing}: the return still runs by the stored date`, async () => {
      const handoff = await vacation(0.5, 9);
      h.clock.advance(DAY);
      await h.runDue();
      const schedule = h.scheduler.schedule.bind(h.scheduler);
      let calls = 0;
      vi.spyOn(h.scheduler, 'schedule').mockImplementation(async (...args) => {
        calls += 1;
        if (calls === failing) throw new Error('killed');
        return schedule(...args);
      });

      const newReturn = at(2);
      await expect(h.service.move(TENANT, handoff.no, { returnAt: newReturn }, ACTOR)).rejects.toThrow('killed');
      vi.restoreAllMocks();
      const view = await h.service.get(TENANT, handoff.no);
      const stored = view.handoff.plan.when.mode === 'temporary' ? view.handoff.plan.when.returnAt : undefined;
      h.clock.advance(2 * DAY + 1000);
      await h.runDue();

      const after = (await h.service.get(TENANT, handoff.no)).handoff.status;
      expect(after).toBe(stored?.getTime() === newReturn.getTime() ? 'returned' : 'return_scheduled');
    });
  }

  it('cancels a scheduled handoff whose return is moved to now, and says so', async () => {
    const handoff = await vacation(2, 9);

    const { view, outcome } = await h.service.move(TENANT, handoff.no, { returnAt: h.clock.now() }, ACTOR);

    expect(outcome).toBe('cancelled');
    expect(view.handoff.status).toBe('cancelled');
    expect(h.scheduler.get('handoff.start', handoff.id)).toBeUndefined();
    expect(h.notifier.noticeCalls.at(-1)?.notice.kind).toBe('cancelled');
  });

  it('shortens a started leave: the return runs at the earlier instant', async () => {
    const handoff = await vacation(0.5, 9);
    h.clock.advance(DAY);
    await h.runDue();

    const { outcome } = await h.service.move(TENANT, handoff.no, { returnAt: at(2) }, ACTOR);
    h.clock.advance(2 * DAY);
    await h.runDue();

    expect(outcome).toBe('moved');
    const after = await h.service.get(TENANT, handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(after.counts.byStatus.returned).toBe(5);
  });

  it('extends a started leave: the return job due at the old instant re-schedules itself', async () => {
    const handoff = await vacation(0.5, 3);
    h.clock.advance(DAY);
    await h.runDue();

    await h.service.move(TENANT, handoff.no, { returnAt: at(6) }, ACTOR);
    h.clock.advance(2 * DAY);
    await h.service.jobs.return({ tenantId: TENANT, handoffId: handoff.id });
    await h.runDue();

    expect((await h.service.get(TENANT, handoff.no)).handoff.status).toBe('return_scheduled');
    expect(h.scheduler.get('handoff.return', handoff.id)?.at).toEqual(at(4));
    h.clock.advance(4 * DAY);
    await h.runDue();
    expect((await h.service.get(TENANT, handoff.no)).handoff.status).toBe('returned');
  });

  it('a return moved to now while the transfer runs stops it before anything more moves', async () => {
    const handoff = await vacation(0.5, 9);
    h.clock.advance(DAY);
    // The start job is claimed (status running) but has not finished when the move arrives.
    await h.store.updateHandoff(TENANT, handoff.id, { status: 'running', startedAt: h.clock.now() }, ['scheduled']);

    const { outcome, view } = await h.service.move(TENANT, handoff.no, { returnAt: h.clock.now() }, ACTOR);
    await h.runDue();

    expect(outcome).toBe('returning');
    expect(view.handoff.cancelRequested).toBe(true);
    const after = await h.service.get(TENANT, handoff.no);
    // The run finds the stop asked for before it listed anything: it settles, moves nothing and ends cancelled.
    expect(after.handoff.status).toBe('cancelled');
    expect(after.counts.byStatus.moved).toBe(0);
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });

  it('an end moved to now just as the start job claims the handoff: nothing stays with the backup', async () => {
    const handoff = await vacation(0.5, 9);
    h.clock.advance(DAY);
    const original = h.store.updateHandoff.bind(h.store);
    // The start job flips the handoff to running between the read and the cancel's compare-and-set.
    vi.spyOn(h.store, 'updateHandoff').mockImplementationOnce(async (tenantId, id, patch, expect) => {
      await original(tenantId, id, { status: 'running', startedAt: h.clock.now() }, ['scheduled']);
      return original(tenantId, id, patch, expect);
    });

    const { outcome } = await h.service.move(TENANT, handoff.no, { returnAt: h.clock.now() }, ACTOR);
    await h.runDue();

    // No run holds the lease here, so the cancel settles the claimed run itself (nothing listed: cancelled); with a
    // live run it stops after its batch and returns. Either way the backup keeps nothing and no return is left.
    const after = await h.service.get(TENANT, handoff.no);
    expect([outcome, after.handoff.status]).toEqual(['cancelled', 'cancelled']);
    expect(after.counts.byStatus.moved).toBe(0);
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
    expect(h.scheduler.pending()).toEqual([]);
  });

  it('the same race with a live run holding the handoff: the run is told to stop and the return follows at once', async () => {
    const handoff = await vacation(0.5, 9);
    h.clock.advance(DAY);
    const original = h.store.updateHandoff.bind(h.store);
    vi.spyOn(h.store, 'updateHandoff').mockImplementationOnce(async (tenantId, id, patch, expect) => {
      await original(tenantId, id, { status: 'running', startedAt: h.clock.now() }, ['scheduled']);
      await h.store.claimRun(tenantId, id, 'live-run', new Date(h.clock.now().getTime() + 60_000), h.clock.now());
      return original(tenantId, id, patch, expect);
    });

    const { outcome, view } = await h.service.move(TENANT, handoff.no, { returnAt: h.clock.now() }, ACTOR);

    expect(outcome).toBe('returning');
    expect(view.handoff).toMatchObject({ status: 'running', cancelRequested: true });
    expect(view.handoff.plan.when.mode === 'temporary' && view.handoff.plan.when.returnAt).toEqual(h.clock.now());
    await h.store.releaseRun(TENANT, handoff.id, 'live-run');
    await h.runDue();
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });

  it('refuses to move the start of a handoff that already started, changing nothing', async () => {
    const handoff = await vacation(0.5, 9);
    h.clock.advance(DAY);
    await h.runDue();

    const error = (await h.service.move(TENANT, handoff.no, { startAt: at(2) }, ACTOR).catch((e) => e)) as HandoffError;

    expect(error.code).toBe('already_started');
    expect((await h.service.get(TENANT, handoff.no)).handoff.plan.when.startAt).toEqual(handoff.plan.when.startAt);
  });

  it('refuses a return before the start', async () => {
    const handoff = await vacation(2, 9);

    const error = (await h.service
      .move(TENANT, handoff.no, { returnAt: at(1) }, ACTOR)
      .catch((e) => e)) as HandoffError;

    expect(error.code).toBe('return_before_start');
  });

  it('ends early: cancelled before the start, returned now after it, nothing to do once given back', async () => {
    const scheduled = await vacation(2, 9);
    expect((await h.service.endEarly(TENANT, scheduled.no, ACTOR)).outcome).toBe('cancelled');

    const started = await vacation(0.5, 9);
    h.clock.advance(DAY);
    await h.runDue();
    expect((await h.service.endEarly(TENANT, started.no, ACTOR)).outcome).toBe('returning');
    await h.runDue();
    expect((await h.service.get(TENANT, started.no)).handoff.status).toBe('returned');
    expect((await h.service.endEarly(TENANT, started.no, ACTOR)).outcome).toBe('ended');
  });
});
