import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../../bot/slack/token-bucket.js';

describe('createTokenBucket', () => {
  it('gives its capacity at once, then one token per 60/refill seconds', () => {
    const bucket = createTokenBucket({ capacity: 2, refillPerMinute: 40, startMs: 0 });

    const burst = [bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)];
    const next = bucket.nextAvailableAt(0);

    expect(burst).toEqual([true, true, false]);
    expect(next).toBe(1500);
    expect(bucket.tryTake(1499)).toBe(false);
    expect(bucket.tryTake(1500)).toBe(true);
  });

  it('takes nothing while paused by a Retry-After', () => {
    const bucket = createTokenBucket({ capacity: 5, refillPerMinute: 60, startMs: 0 });

    bucket.pauseUntil(10_000);

    expect(bucket.tryTake(9_999)).toBe(false);
    expect(bucket.nextAvailableAt(0)).toBe(10_000);
    expect(bucket.tryTake(10_000)).toBe(true);
  });
});
