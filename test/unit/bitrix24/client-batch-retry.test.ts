import { describe, expect, it } from 'vitest';
import { Bitrix24Client } from '../../../bitrix24/client.js';
import { RateLimiter } from '../../../bitrix24/limiter.js';
import { createFakeFetch, silentLogger } from './fake-portal-fetch.js';

/** A client whose sleeps are recorded and instant. */
function recordingClient(fakeFetch: typeof fetch) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const deps = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  const client = new Bitrix24Client(
    'https://acme.bitrix24.com/rest/1/s3cr3t/',
    { kind: 'webhook' },
    {
      fetch: fakeFetch,
      ...deps,
      logger: silentLogger,
      limiter: new RateLimiter({ burst: 1000, perSecond: 1000 }, deps),
    },
  );
  return { client, sleeps };
}

describe('Bitrix24Client.batch command retries', () => {
  it('waits at least the operation-limit pause before sending a command that hit OPERATION_TIME_LIMIT again', async () => {
    const limited = {
      result: {
        result: [],
        result_error: { c0: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked' } },
      },
    };
    const done = { result: { result: { c0: { item: { id: 7 } } }, result_error: [] } };
    const { fetch, calls } = createFakeFetch((_call, index) => ({ body: index < 3 ? limited : done }));
    const { client, sleeps } = recordingClient(fetch);

    const results = await client.batch([{ method: 'crm.item.update', params: { entityTypeId: 2, id: 7 } }]);

    expect(results[0]?.ok).toBe(true);
    expect(calls).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(10_000);
  });
});
