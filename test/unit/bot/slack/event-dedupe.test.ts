import { describe, expect, it } from 'vitest';
import { createEventDedupe } from '../../../../bot/slack/event-dedupe.js';

function manualClock(start = 0) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('createEventDedupe', () => {
  it('lets an event id through once within the TTL and again after it', () => {
    const clock = manualClock();
    const dedupe = createEventDedupe({ clock, ttlMs: 1000 });

    const first = dedupe.firstSeen('Ev1');
    clock.advance(999);
    const retry = dedupe.firstSeen('Ev1');
    clock.advance(2);
    const afterTtl = dedupe.firstSeen('Ev1');

    expect([first, retry, afterTtl]).toEqual([true, false, true]);
  });

  it('stays bounded, evicting the oldest ids first', () => {
    const dedupe = createEventDedupe({ clock: manualClock(), maxEntries: 3 });

    for (const id of ['a', 'b', 'c', 'd']) dedupe.firstSeen(id);

    expect(dedupe.size).toBe(3);
    expect(dedupe.firstSeen('d')).toBe(false);
    expect(dedupe.firstSeen('a')).toBe(true);
  });
});
