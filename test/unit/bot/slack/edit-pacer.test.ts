import { describe, expect, it } from 'vitest';
import { createEditPacer, type EditOutcome, type Timers } from '../../../../bot/slack/edit-pacer.js';
import { createTokenBucket } from '../../../../bot/slack/token-bucket.js';
import type { Logger } from '../../../../engine/ports.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** A manual clock with timers that fire when time is advanced. */
function manualTime() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  const api: Timers = {
    setTimeout(fn, ms) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
  };
  return {
    clock: { now: () => new Date(now) },
    timers: api,
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
      await new Promise((r) => setImmediate(r));
    },
    get now() {
      return now;
    },
  };
}

function setup(perMinute = 40, capacity = 10) {
  const time = manualTime();
  const bucket = createTokenBucket({ capacity, refillPerMinute: perMinute, startMs: 0 });
  const pacer = createEditPacer({
    bucket,
    clock: time.clock,
    logger: silent,
    timers: time.timers,
    minIntervalMs: 3000,
  });
  const sent: { at: number; label: string }[] = [];
  const edit =
    (label: string, outcome: EditOutcome = { ok: true }) =>
    async () => {
      sent.push({ at: time.now, label });
      return outcome;
    };
  return { time, pacer, sent, edit };
}

describe('createEditPacer', () => {
  it('sends the first edit at once, coalesces the rest and keeps 3 s between edits of one message', async () => {
    const { time, pacer, sent, edit } = setup();

    pacer.submit('H1', edit('1'));
    await time.advance(0);
    pacer.submit('H1', edit('2'));
    pacer.submit('H1', edit('3'));
    await time.advance(10_000);

    expect(sent).toEqual([
      { at: 0, label: '1' },
      { at: 3000, label: '3' },
    ]);
  });

  it('on a 429 pauses for Retry-After, then sends the latest state (never dropping the final one)', async () => {
    const { time, pacer, sent, edit } = setup();

    pacer.submit('H1', edit('limited', { ok: false, retryAfterMs: 5000 }));
    await time.advance(0);
    pacer.submit('H1', edit('final'));
    await time.advance(20_000);

    expect(sent).toEqual([
      { at: 0, label: 'limited' },
      { at: 5000, label: 'final' },
    ]);
  });

  it('shares the workspace budget between messages', async () => {
    const { time, pacer, sent, edit } = setup(60, 2);

    for (const key of ['A', 'B', 'C']) pacer.submit(key, edit(key));
    await time.advance(5000);

    expect(sent.map((s) => s.at)).toEqual([0, 0, 1000]);
  });

  it('idle() resolves once everything queued went out', async () => {
    const { time, pacer, sent, edit } = setup();
    pacer.submit('H1', edit('1'));
    await time.advance(0);
    pacer.submit('H1', edit('2'));
    let idle = false;
    void pacer.idle().then(() => {
      idle = true;
    });

    await time.advance(1000);
    const before = idle;
    await time.advance(3000);

    expect(before).toBe(false);
    expect(idle).toBe(true);
    expect(sent).toHaveLength(2);
  });
});
