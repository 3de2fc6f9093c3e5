import { describe, expect, it } from 'vitest';
import { createReadiness } from '../../../../bot/ops/readiness.js';
import { createOpsRoutes } from '../../../../bot/ops/routes.js';
import { PortalError } from '../../../../engine/errors.js';

function world(overrides: { ping?: () => Promise<void>; writable?: () => Promise<void>; running?: boolean } = {}) {
  let now = 0;
  let pings = 0;
  const readiness = createReadiness({
    databaseWritable: overrides.writable ?? (async () => {}),
    schedulerRunning: () => overrides.running ?? true,
    portals: async () => [
      {
        tenantId: 'acme',
        ping: async () => {
          pings += 1;
          await (overrides.ping ?? (async () => {}))();
        },
      },
    ],
    now: () => now,
    timeoutMs: 50,
    cacheMs: 10_000,
  });
  return {
    readiness,
    advance: (ms: number) => {
      now += ms;
    },
    pings: () => pings,
  };
}

describe('readiness', () => {
  it('is ready when the database writes, the scheduler runs and every portal answers', async () => {
    const { readiness } = world();

    const report = await readiness();

    expect(report).toMatchObject({ ok: true, checks: { database: 'ok', scheduler: 'ok', 'portal:acme': 'ok' } });
  });

  it.each([
    [{ writable: async () => Promise.reject(new Error('not writable: database is full')) }, 'database', /^failed/],
    [{ running: false }, 'scheduler', /^stopped$/],
    [
      { ping: async () => Promise.reject(new PortalError('down', 'NO_AUTH_FOUND', false)) },
      'portal:acme',
      /^failed \(NO_AUTH_FOUND\)$/,
    ],
    [{ ping: () => new Promise<void>(() => {}) }, 'portal:acme', /^timed out$/],
  ] as const)('is not ready when a part fails (%#: %s)', async (overrides, check, words) => {
    const { readiness } = world(overrides);

    const report = await readiness();

    expect(report.ok).toBe(false);
    expect(report.checks[check]).toMatch(words);
  });

  it('never echoes an error message (a portal’s may quote its URL with the webhook secret)', async () => {
    const { readiness } = world({
      ping: async () => Promise.reject(new Error('fetch https://acme.bitrix24.com/rest/1/s3cret/profile failed')),
    });

    expect(JSON.stringify(await readiness())).not.toContain('s3cret');
  });

  it('reuses a report for its cache time, so polling costs a portal one request per period', async () => {
    const w = world();

    await w.readiness();
    await w.readiness();
    w.advance(10_000);
    await w.readiness();

    expect(w.pings()).toBe(2);
  });

  it('answers 503 with the checks over HTTP when not ready', async () => {
    const { readiness } = world({ running: false });
    const app = createOpsRoutes({ readiness, metrics: { render: async () => '' } });

    const response = await app.request('/readyz');

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, checks: { scheduler: 'stopped' } });
  });
});
