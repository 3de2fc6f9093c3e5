/**
 * A manual clock whose timers fire only when the test advances time, for pacing tests without real waiting.
 * @module
 */
import type { Timers } from '../../../../bot/slack/edit-pacer.js';

export interface ManualTime {
  readonly clock: { now(): Date };
  readonly timers: Timers;
  /** Moves time forward by `ms`, firing due timers in order and letting their promises settle. */
  advance(ms: number): Promise<void>;
  readonly now: number;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export function manualTime(start = 0): ManualTime {
  let now = start;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    clock: { now: () => new Date(now) },
    timers: {
      setTimeout(fn, ms) {
        const timer = { at: now + ms, fn };
        timers.push(timer);
        return () => {
          timers = timers.filter((t) => t !== timer);
        };
      },
    },
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await settle();
      }
      now = end;
      await settle();
    },
    get now() {
      return now;
    },
  };
}
