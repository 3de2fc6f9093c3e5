/**
 * A crash inside one batch of a return that follows the ledger's chain: A (1) lends deals to B (2) with H-1, B gives
 * everything to C (3) for good with H-2, then H-1 returns and brings the deals from C home to A, settling H-2's
 * records as `returned`. Whatever point of the batch the process dies at, the resumed return settles H-2's records
 * too and updates no item twice (engine/README.md, "The ownership ledger"; test/e2e/crash-chained-return.test.ts is
 * the same over a real process and the sandbox portal).
 */
import { describe, expect, it } from 'vitest';
import type { HandoffId } from '../../../engine/ids.js';
import type { HandoffStore } from '../../../engine/ports.js';
import { ACTOR, createHarness, type Harness, plan, TENANT, until, user } from './harness.js';

const ITEMS = 10;

/** The engine's store, except that `updateItems` of the handoff named in `crashOn` throws once (the process died). */
function crashingStore(store: HandoffStore, crashOn: { handoffId: HandoffId | undefined }): HandoffStore {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'updateItems' && crashOn.handoffId !== undefined && args[1] === crashOn.handoffId) {
          crashOn.handoffId = undefined;
          return Promise.reject(new Error('simulated crash before the batch was recorded'));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function lendThenGiveOn(h: Harness) {
  const ids = h.ws.addItems('deals', 1, ITEMS);
  const { view: lent } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 7) }));
  await h.runDue();
  const { view: given } = await h.service.create(plan({ from: 2, to: user(3), kinds: ['deals'] }));
  await h.runDue();
  expect(ids.filter((id) => h.ws.ownerOf('deals', id) !== 3)).toEqual([]);
  return { ids, h1: lent.handoff, h2: given.handoff };
}

async function expectSettled(h: Harness, ids: readonly number[], h1No: number, h2Id: HandoffId) {
  const done = await h.service.get(TENANT, h1No);
  expect(done.handoff.status).toBe('returned');
  expect(done.counts.byStatus).toMatchObject({ returned: ITEMS, moved: 0, kept: 0 });
  expect(ids.filter((id) => h.ws.ownerOf('deals', id) !== 1)).toEqual([]);
  // Lent, given on, brought home: three updates each, never a fourth.
  for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(3);
  const onward = await h.store.listItems(TENANT, h2Id);
  expect(onward.filter((r) => r.status !== 'returned').map((r) => `${r.itemId}:${r.status}`)).toEqual([]);
  expect(onward.every((r) => r.onwardHandoffId === (done.handoff.id as string))).toBe(true);
}

describe('a crash inside a return that brings items home from the receiver of a later handoff', () => {
  it('after the portal applied the batch, before anything was recorded: the resumed return settles the later handoff too', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 } });
    const { ids, h1, h2 } = await lendThenGiveOn(h);
    h.ws.crashAfterNextSetOwners();

    await h.service.returnNow(TENANT, h1.no, ACTOR);
    await expect(h.runDue()).rejects.toThrow('simulated crash');
    const crashed = await h.service.get(TENANT, h1.no);
    await h.service.returnNow(TENANT, h1.no, ACTOR);
    await h.runDue();

    expect(crashed.handoff.status).toBe('returning');
    expect(crashed.counts.byStatus.moved).toBe(ITEMS);
    await expectSettled(h, ids, h1.no, h2.id);
  });

  it('after the later handoff was settled, before the returning one recorded its batch', async () => {
    const crashOn: { handoffId: HandoffId | undefined } = { handoffId: undefined };
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, wrapStore: (s) => crashingStore(s, crashOn) });
    const { ids, h1, h2 } = await lendThenGiveOn(h);
    crashOn.handoffId = h1.id;

    await h.service.returnNow(TENANT, h1.no, ACTOR);
    await expect(h.runDue()).rejects.toThrow('simulated crash');
    const crashed = await h.service.get(TENANT, h1.no);
    const settledBeforeCrash = (await h.store.countItems(TENANT, h2.id)).byStatus.returned;
    await h.service.returnNow(TENANT, h1.no, ACTOR);
    await h.runDue();

    expect(crashed.counts.byStatus.moved).toBe(ITEMS);
    expect(settledBeforeCrash).toBe(4);
    await expectSettled(h, ids, h1.no, h2.id);
  });

  it('an item someone gave back to its owner by hand settles the later handoff that gave it on, like one brought home', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 } });
    const { ids, h1, h2 } = await lendThenGiveOn(h);
    const [byHand = 0] = ids;
    h.ws.setOwnerManually('deals', byHand, 1);

    await h.service.returnNow(TENANT, h1.no, ACTOR);
    await h.runDue();

    const record = (await h.store.listItems(TENANT, h2.id)).find((r) => r.itemId === byHand);
    expect(record?.status).toBe('returned');
    expect(h.ws.ownerOf('deals', byHand)).toBe(1);
  });
});
