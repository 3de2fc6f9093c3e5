import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../engine/errors.js';
import type { HandoffStore } from '../../../engine/ports.js';
import { ACTOR, createHarness, plan, TENANT, until } from './harness.js';

/** The memory store, except that the calls named in `failing` throw a full-disk StoreError while it is set. */
function failingStore(store: HandoffStore, failing: Set<string>): HandoffStore {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (failing.has(String(property))) {
          return Promise.reject(new StoreError('The database is full.', 'storage_full'));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('a store failure under a transfer', () => {
  it('pauses the handoff as failed when the store cannot record a batch the portal applied; a retry reads it back', async () => {
    const failing = new Set<string>();
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, wrapStore: (s) => failingStore(s, failing) });
    const ids = h.ws.addItems('deals', 1, 10);
    const original = h.ws.setOwners.bind(h.ws);
    let batches = 0;
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      batches += 1;
      // The disk fills while the portal applies the second batch: its outcome cannot be stored.
      if (batches === 2) failing.add('updateItems');
      return result;
    };
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));

    await h.runDue();
    const paused = await h.service.get(TENANT, view.handoff.no);
    failing.clear();
    await h.service.retry(TENANT, view.handoff.no, ACTOR);
    await h.runDue();
    const done = await h.service.get(TENANT, view.handoff.no);

    expect(paused.handoff.status).toBe('failed');
    expect(paused.handoff.error).toMatch(/^storage_full: The database is full\. The transfer is paused.*retry H-1/);
    expect(paused.counts.byStatus).toMatchObject({ moved: 4, pending: 4 });
    expect(done.handoff.status).toBe('completed');
    expect(done.counts.byStatus).toMatchObject({ moved: 10, pending: 0 });
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
  });

  it('schedules the return of a paused temporary handoff, so what moved comes back even without a retry', async () => {
    const failing = new Set<string>();
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, wrapStore: (s) => failingStore(s, failing) });
    const ids = h.ws.addItems('deals', 1, 10);
    const original = h.ws.setOwners.bind(h.ws);
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      failing.add('insertItems');
      return result;
    };
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 3) }));

    await h.runDue();
    const paused = await h.service.get(TENANT, view.handoff.no);
    failing.clear();
    h.clock.advance(3 * 86_400_000 + 1);
    await h.runDue();

    expect(paused.handoff.status).toBe('failed');
    expect(paused.counts.byStatus.moved).toBe(4);
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('returned');
    expect(ids.filter((id) => h.ws.ownerOf('deals', id) !== 1)).toEqual([]);
  });

  it('leaves the handoff to the next run when even the pause cannot be written (the job runs again)', async () => {
    const failing = new Set<string>(['insertItems', 'updateHandoff']);
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 }, wrapStore: (s) => failingStore(s, failing) });
    h.ws.addItems('deals', 1, 6);
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    // create went through before the fault: make the start job's first write (status → running) fail too.

    await expect(h.runDue()).rejects.toBeInstanceOf(StoreError);

    expect(h.ws.totalUpdates()).toBe(0);
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('scheduled');
  });

  it('keeps a return hit by a store failure `returning` with the error, and tries again later by itself', async () => {
    const failing = new Set<string>();
    const h = createHarness({
      ws: { pageSize: 10, maxBatchSize: 4 },
      engine: { sweepIntervalMs: 60_000 },
      wrapStore: (s) => failingStore(s, failing),
    });
    const ids = h.ws.addItems('deals', 1, 8);
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 1) }));
    await h.runDue();
    h.clock.advance(86_400_000 + 1);
    const original = h.ws.setOwners.bind(h.ws);
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      failing.add('updateItems');
      return result;
    };

    await h.runDue();
    const stuck = await h.service.get(TENANT, view.handoff.no);
    failing.clear();
    h.ws.setOwners = original;
    h.clock.advance(60_001);
    await h.runDue();
    const after = await h.service.get(TENANT, view.handoff.no);

    expect(stuck.handoff.status).toBe('returning');
    expect(stuck.handoff.error).toMatch(/^storage_full: /);
    expect(after.handoff.status).toBe('returned');
    expect(ids.filter((id) => h.ws.ownerOf('deals', id) !== 1)).toEqual([]);
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(2);
  });
});
