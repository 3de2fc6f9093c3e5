import { describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../../engine/ids.js';
import { createSplitter, waterFill } from '../../../engine/split.js';

const members = (loads: number[]) => loads.map((load, i) => ({ userId: toPortalUserId(i + 1), load }));

describe('waterFill', () => {
  it.each([
    [[0, 0, 0], 7],
    [[10, 4, 0, 1], 23],
    [[5, 5], 1],
    [[0, 100], 3],
    [[3, 1, 4, 1, 5, 9, 2, 6], 40],
    [[2, 2, 2], 0],
  ])('loads %j plus %i items end within one item among receivers', (loads, total) => {
    const quotas = waterFill(members(loads), total);

    expect(quotas.reduce((sum, q) => sum + q.quota, 0)).toBe(total);
    const receivers = quotas.filter((q) => q.quota > 0).map((q) => q.load + q.quota);
    if (receivers.length > 0) {
      expect(Math.max(...receivers) - Math.min(...receivers)).toBeLessThanOrEqual(1);
      const others = quotas.filter((q) => q.quota === 0).map((q) => q.load);
      expect(others.every((load) => load >= Math.max(...receivers) - 1)).toBe(true);
    }
  });

  it('breaks ties by the lower user id', () => {
    const quotas = waterFill(members([0, 0, 0]), 4);

    expect(quotas.map((q) => q.quota)).toEqual([2, 1, 1]);
  });
});

describe('createSplitter', () => {
  it('hands out exactly the quotas, interleaved', () => {
    const splitter = createSplitter(waterFill(members([0, 0, 2]), 8));

    const picks = Array.from({ length: 8 }, () => splitter.next());

    expect(picks.slice(0, 3)).toEqual([1, 2, 3]);
    expect(Object.fromEntries(splitter.assigned())).toEqual({ 1: 4, 2: 3, 3: 1 });
  });

  it('keeps loads within one item when more items arrive than were counted', () => {
    const splitter = createSplitter(waterFill(members([0, 3]), 1));

    for (let i = 0; i < 9; i += 1) splitter.next();

    const assigned = splitter.assigned();
    const finals = [0 + (assigned.get(toPortalUserId(1)) ?? 0), 3 + (assigned.get(toPortalUserId(2)) ?? 0)];
    expect(Math.abs((finals[0] ?? 0) - (finals[1] ?? 0))).toBeLessThanOrEqual(1);
  });
});
