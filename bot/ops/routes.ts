/**
 * The operations routes beside `/healthz`: `GET /readyz` (200 when every part is ready, else 503, with the checks)
 * and `GET /metrics` (Prometheus text). Neither needs a key: put them on the internal network only (the compose
 * proxy does not pass /metrics on).
 * @module
 */
import { Hono } from 'hono';
import type { HandoffMetrics } from './collect.js';
import type { ReadinessReport } from './readiness.js';

export interface OpsRouteDeps {
  readonly readiness: () => Promise<ReadinessReport>;
  readonly metrics: Pick<HandoffMetrics, 'render'>;
}

export function createOpsRoutes(deps: OpsRouteDeps): Hono {
  const app = new Hono();
  app.get('/readyz', async (c) => {
    const report = await deps.readiness();
    c.header('cache-control', 'no-store');
    return c.json(report, report.ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(await deps.metrics.render());
  });
  return app;
}
