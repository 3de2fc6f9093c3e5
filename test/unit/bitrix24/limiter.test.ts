import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../bitrix24/limiter.js';

/** A clock that only moves when someone sleeps: waits become exact and instant. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RateLimiter (client-side leaky bucket)', () => {
  it('lets a burst through at once, then paces at the drain rate; headroom of the round trips seen', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ burst: 4, perSecond: 2 }, time);

    for (let i = 0; i < 5; i++) await limiter.run(async () => undefined);

    // Instant round trips: the headroom is the 10 ms margin's drain (0.02 of a request), not a whole request.
    // (Sleeps are rounded up to whole milliseconds, so a millisecond or two more.)
    expect(time.now()).toBeGreaterThanOrEqual(510);
    expect(time.now()).toBeLessThanOrEqual(512);
  });

  it('keeps the drain of the slowest round trip free, at most one request (throttled() shows the brim)', async () => {
    const brimAfter = async (tripMs: number | undefined) => {
      const time = fakeTime();
      const limiter = new RateLimiter({ burst: 4, perSecond: 2 }, time);
      if (tripMs !== undefined) await limiter.run(async () => time.advance(tripMs));
      limiter.throttled();
      return limiter.snapshot().level;
    };

    expect(await brimAfter(undefined)).toBe(3);
    expect(await brimAfter(0)).toBeCloseTo(3.98, 9);
    // 240 ms + the 10 ms margin at 2/s: half a request.
    expect(await brimAfter(240)).toBeCloseTo(3.5, 9);
    expect(await brimAfter(2_000)).toBe(3);
  });

  it('keeps the whole request free after a throttled answer, until the bucket has emptied', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ burst: 4, perSecond: 2 }, time);
    await limiter.run(async () => undefined);
    limiter.throttled();
    // Level 3.98 draining at the halved pace (1/s): 1.5 s later it is 2.48, and 2.48 + 1 fits under a brim of
    // 3.98 but not under 3, the brim with the whole request kept free.
    time.advance(1500);

    expect(limiter.waitMs()).toBeGreaterThan(470);
    expect(limiter.waitMs()).toBeLessThanOrEqual(481);
    time.advance(60_000);
    await limiter.run(async () => undefined);
    limiter.throttled();
    expect(limiter.snapshot().level).toBeCloseTo(3.98, 9);
  });

  it('serializes requests: the next starts only after the previous released', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ burst: 50, perSecond: 50 }, time);
    const events: string[] = [];
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });

    const first = limiter.run(async () => {
      events.push('first:start');
      await blocked;
      events.push('first:end');
    });
    const second = limiter.run(async () => {
      events.push('second:start');
    });
    await Promise.resolve();
    await Promise.resolve();
    unblock();
    await Promise.all([first, second]);

    expect(events).toEqual(['first:start', 'first:end', 'second:start']);
  });

  it('releases the turn when the request throws', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ burst: 5, perSecond: 5 }, time);

    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('slows down when the portal still throttles, and recovers as requests succeed', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ burst: 10, perSecond: 4 }, time);

    limiter.throttled();

    expect(limiter.snapshot()).toMatchObject({ level: 9, rate: 2, throttledCount: 1 });
    expect(limiter.waitMs()).toBe(500);
    limiter.throttled();
    limiter.throttled();
    limiter.throttled();
    expect(limiter.snapshot().rate).toBe(0.5);
    for (let i = 0; i < 100; i++) limiter.succeeded();
    expect(limiter.snapshot().rate).toBe(4);
  });

  it('drains over time', () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, time);
    limiter.throttled();

    time.advance(1000);

    expect(limiter.snapshot().level).toBe(1);
    expect(limiter.waitMs()).toBe(0);
  });

  it('refuses nonsense options', () => {
    expect(() => new RateLimiter({ burst: 0, perSecond: 2 }, fakeTime())).toThrow(/burst/);
  });
});
