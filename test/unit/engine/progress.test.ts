import { describe, expect, it } from 'vitest';
import { emptyStatusCounts } from '../../../engine/model.js';
import { buildProgress, createPacer, etaSeconds, itemsPerSecond, Tally } from '../../../engine/progress.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { createHarness, plan } from './harness.js';

describe('progress pacing', () => {
  it('lets the first snapshot through, then at most one per interval', () => {
    const clock = new FakeClock();
    const pacer = createPacer(3000);

    const taken = [0, 1000, 2999, 3000, 3500, 6000, 6001].map((ms) => {
      clock.set(new Date(Date.parse('2026-12-01T09:00:00Z') + ms));
      return pacer.take(clock.now());
    });

    expect(taken).toEqual([true, false, false, true, false, true, false]);
  });

  it('computes the rate and the ETA from the injected clock', () => {
    const start = new Date('2026-12-01T09:00:00Z');
    const now = new Date('2026-12-01T09:00:10Z');

    expect(itemsPerSecond(50, start, now)).toBe(5);
    expect(itemsPerSecond(50, start, start)).toBe(0);
    expect(etaSeconds(100, 5)).toBe(20);
    expect(etaSeconds(100, 0)).toBeNull();
    expect(etaSeconds(null, 5)).toBeNull();
  });

  it('builds a snapshot with counts per kind and status', () => {
    const tally = Tally.from({ total: 0, byStatus: emptyStatusCounts(), byKind: {} });
    tally.move('deals', null, 'moved');
    tally.move('deals', null, 'failed');
    tally.move('tasks', null, 'moved');

    const progress = buildProgress({
      phase: 'transfer',
      counts: tally.toItemCounts(7),
      processed: 3,
      remaining: 7,
      startedAt: new Date(0),
      now: new Date(1500),
      final: false,
    });

    expect(progress.counts.byStatus).toMatchObject({ moved: 2, failed: 1, pending: 7 });
    expect(progress.counts.byKind.deals).toMatchObject({ moved: 1, failed: 1 });
    expect(progress.itemsPerSecond).toBe(2);
    expect(progress.etaSeconds).toBe(4);
  });

  it('sends snapshots at a bounded pace during a run and exactly one final', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 10 }, engine: { progressIntervalMs: 3000 } });
    h.ws.addItems('deals', 1, 100);
    const original = h.ws.setOwners.bind(h.ws);
    // Each batch takes one second of fake time: 10 batches, so about 10 / 3 snapshots plus the first and the final.
    h.ws.setOwners = async (kind, changes) => {
      h.clock.advance(1000);
      return original(kind, changes);
    };

    await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();

    const snapshots = h.notifier.progressCalls.map((c) => c.progress);
    expect(snapshots.length).toBeLessThanOrEqual(6);
    expect(snapshots.filter((p) => p.final)).toHaveLength(1);
    expect(snapshots.at(-1)?.final).toBe(true);
    expect(snapshots.at(-1)?.counts.byStatus.moved).toBe(100);
    const middle = snapshots.find((p) => !p.final && p.counts.byStatus.moved > 0);
    expect(middle?.itemsPerSecond).toBe(10);
    expect(middle?.etaSeconds).toBeGreaterThan(0);
    expect(h.notifier.itemBatches.every((b) => b.items.length <= 50)).toBe(true);
    expect(h.notifier.itemCount).toBe(100);
  });
});
