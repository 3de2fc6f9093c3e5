import { beforeEach, describe, expect, it } from 'vitest';
import { type HandoffError, PortalError } from '../../../engine/errors.js';
import { ACTOR, createHarness, type Harness, plan, TENANT, until } from './harness.js';

const DAY = 86_400_000;

describe('temporary handoffs and returns', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 4, maxBatchSize: 3 } });
  });

  async function startTemporary(options: { forceReturn?: boolean } = {}) {
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 7), options }));
    await h.runDue();
    return view.handoff.no;
  }

  it('schedules the return at returnAt and gives everything back then', async () => {
    const ids = h.ws.addItems('deals', 1, 7);

    const no = await startTemporary();
    const active = await h.service.get(TENANT, no);
    h.clock.advance(7 * DAY);
    await h.runDue();

    expect(active.handoff.status).toBe('return_scheduled');
    expect(h.scheduler.calls).toContainEqual(expect.objectContaining({ op: 'schedule', job: 'handoff.return' }));
    const after = await h.service.get(TENANT, no);
    expect(after.handoff.status).toBe('returned');
    expect(after.counts.byStatus.returned).toBe(7);
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
    expect(h.notifier.participantCalls.map((c) => c.phase)).toEqual(['transferred', 'returned']);
  });

  it('keeps an item someone changed by hand, and forceReturn returns it anyway', async () => {
    const [changed = 0, other = 0] = h.ws.addItems('deals', 1, 2);
    const no = await startTemporary();
    h.ws.setOwnerManually('deals', changed, 4);
    h.clock.advance(7 * DAY);

    await h.runDue();

    const items = await h.service.items(TENANT, no);
    expect(items.find((i) => i.itemId === changed)?.status).toBe('kept');
    expect(h.ws.ownerOf('deals', changed)).toBe(4);
    expect(h.ws.ownerOf('deals', other)).toBe(1);
  });

  it('returns a changed item with forceReturn', async () => {
    const [changed = 0] = h.ws.addItems('deals', 1, 2);
    const no = await startTemporary({ forceReturn: true });
    h.ws.setOwnerManually('deals', changed, 4);
    h.clock.advance(7 * DAY);

    await h.runDue();

    expect((await h.service.items(TENANT, no)).find((i) => i.itemId === changed)?.status).toBe('returned');
    expect(h.ws.ownerOf('deals', changed)).toBe(1);
  });

  it('marks an item deleted before the return as gone', async () => {
    const [deleted = 0] = h.ws.addItems('deals', 1, 2);
    const no = await startTemporary();
    h.ws.deleteItem('deals', deleted);
    h.clock.advance(7 * DAY);

    await h.runDue();

    const after = await h.service.get(TENANT, no);
    expect(after.counts.byStatus).toMatchObject({ gone: 1, returned: 1 });
  });

  it('records who has a kept item; returned and gone items name nobody', async () => {
    const [changed = 0, returned = 0, deleted = 0] = h.ws.addItems('deals', 1, 3);
    const no = await startTemporary();
    h.ws.setOwnerManually('deals', changed, 4);
    h.ws.deleteItem('deals', deleted);
    h.clock.advance(7 * DAY);

    await h.runDue();

    const items = await h.service.items(TENANT, no);
    const byId = new Map(items.map((i) => [i.itemId, i]));
    expect(byId.get(changed)).toMatchObject({ status: 'kept', currentOwnerId: 4 });
    expect(byId.get(returned)?.status).toBe('returned');
    expect(byId.get(deleted)?.status).toBe('gone');
    expect(byId.get(returned)?.currentOwnerId).toBeUndefined();
    expect(byId.get(deleted)?.currentOwnerId).toBeUndefined();
    // The thread summary hears it too, so it can name the person.
    const told = h.notifier.summaries().filter((s) => s.status === 'kept' || s.status === 'gone');
    expect(told).toEqual([
      expect.objectContaining({ itemId: changed, status: 'kept', currentOwnerId: 4 }),
      expect.not.objectContaining({ currentOwnerId: expect.anything() }),
    ]);
  });

  it('returns early with "return now" and moves returnAt', async () => {
    h.ws.addItems('deals', 1, 2);
    const no = await startTemporary();

    await h.service.returnNow(TENANT, no, ACTOR);
    await h.runDue();

    const after = await h.service.get(TENANT, no);
    expect(after.handoff.status).toBe('returned');
    expect(after.handoff.plan.when).toMatchObject({ returnAt: h.clock.now() });
  });

  it('returns now with force when asked', async () => {
    const [changed = 0] = h.ws.addItems('deals', 1, 2);
    const no = await startTemporary();
    h.ws.setOwnerManually('deals', changed, 5);

    await h.service.returnNow(TENANT, no, ACTOR, { force: true });
    await h.runDue();

    expect(h.ws.ownerOf('deals', changed)).toBe(1);
  });

  it('undoes a permanent handoff', async () => {
    const ids = h.ws.addItems('deals', 1, 5);
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();

    await h.service.undo(TENANT, view.handoff.no, ACTOR);
    await h.runDue();

    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('returned');
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
    const types = (await h.service.events(TENANT, view.handoff.no)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['return.requested', 'return.started', 'handoff.returned']);
  });

  it('refuses "return now" for a permanent handoff and undo with nothing moved', async () => {
    h.ws.addItems('deals', 1, 1);
    const { view } = await h.service.create(plan({ kinds: ['deals'], options: { dryRun: true } }));
    await h.runDue();

    const returnNow = await h.service.returnNow(TENANT, view.handoff.no, ACTOR).catch((e: unknown) => e);
    const undo = await h.service.undo(TENANT, view.handoff.no, ACTOR).catch((e: unknown) => e);

    expect((returnNow as HandoffError).code).toBe('wrong_status');
    expect((undo as HandoffError).code).toBe('nothing_to_return');
  });

  it('after a crash mid-return, items already back are marked returned without a second update', async () => {
    const ids = h.ws.addItems('deals', 1, 6);
    const no = await startTemporary();
    h.ws.crashAfterNextSetOwners();
    h.clock.advance(7 * DAY);

    await expect(h.runDue()).rejects.toThrow('simulated crash');
    const crashed = await h.service.get(TENANT, no);
    await h.service.returnNow(TENANT, no, ACTOR);
    await h.runDue();

    expect(crashed.handoff.status).toBe('returning');
    expect((await h.service.get(TENANT, no)).counts.byStatus.returned).toBe(6);
    // One update to move, one to return: never twice.
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(2);
  });

  it('frees the from-user once returned: a new handoff of the same person is accepted', async () => {
    h.ws.addItems('deals', 1, 2);
    const no = await startTemporary();
    await h.service.returnNow(TENANT, no, ACTOR);
    await h.runDue();

    const { created } = await h.service.create(plan({ kinds: ['deals'] }));

    expect(created).toBe(true);
  });

  it('tries the return again by itself after a transient portal failure', async () => {
    const ids = h.ws.addItems('deals', 1, 3);
    const no = await startTemporary();
    h.ws.failNext('readOwners', new PortalError('request timed out', 'timeout', true));
    h.clock.advance(7 * DAY);
    await h.runDue();
    const failed = await h.service.get(TENANT, no);

    h.clock.advance(15 * 60_000);
    await h.runDue();

    expect(failed.handoff.status).toBe('returning');
    expect(failed.handoff.error).toContain('timeout');
    const after = await h.service.get(TENANT, no);
    expect(after.handoff.status).toBe('returned');
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });
});
