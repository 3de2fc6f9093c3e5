/** The leaky bucket: burst X, drain Y per second, 503 QUERY_LIMIT_EXCEEDED above it, a batch counting once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import { LeakyBucket } from '../../../../bitrix24/sandbox/leaky-bucket.js';
import { post } from './http.js';

describe('LeakyBucket', () => {
  it('takes a burst, refuses the next one, and drains at the given rate', () => {
    const bucket = new LeakyBucket({ burst: 3, perSecond: 2 });

    const burst = [bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)];
    const afterHalfSecond = [bucket.take(500), bucket.take(500)];

    expect(burst).toEqual([true, true, true, false]);
    expect(afterHalfSecond).toEqual([true, false]);
    expect(bucket.levelAt(2000)).toBe(0);
  });
});

describe('the portal bucket over HTTP', () => {
  let clock = 1_000_000;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ rate: { burst: 3, perSecond: 1 }, now: () => clock, seed: { users: 3 } });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('answers 503 QUERY_LIMIT_EXCEEDED above the burst, counts it, and recovers as it drains', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(sandbox.webhookUrl, 'profile')).status);
    statuses.push((await post(sandbox.webhookUrl, 'batch', { cmd: { a: 'profile', b: 'profile' } })).status);
    const throttled = await post(sandbox.webhookUrl, 'profile');
    clock += 1000;
    const recovered = await post(sandbox.webhookUrl, 'profile');

    expect(statuses).toEqual([200, 200, 200, 503]);
    expect(throttled.status).toBe(503);
    expect(throttled.json).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    expect(recovered.status).toBe(200);
    expect(sandbox.portal.stats()).toMatchObject({ requests: 6, throttled: 2 });
    expect(sandbox.portal.requestLog.map((r) => r.status)).toEqual([200, 200, 200, 503, 503, 200]);
  });
});
