/**
 * The operations routes beside `/healthz`: `GET /readyz` (200 when every part is ready, else 503, with the checks)
 * and `GET /metrics` (Prometheus text). Neither needs a key: put them on the internal network only (the compose
 * proxy does not pass /metrics on). /metrics names tenant ids and portal hosts, so it also refuses (404) a scrape
 * from a public address or one that came through a proxy (a forwarding header), in case the port is exposed.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { type Context, Hono } from 'hono';
import { isPublicAddress } from '../../bitrix24/public-address.js';
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
    if (!fromInternalNetwork(c)) return c.text('Not found.', 404);
    c.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(await deps.metrics.render());
  });
  return app;
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** Whether the request comes straight from loopback or a private network (the socket's peer), not via a proxy. */
function fromInternalNetwork(c: Context): boolean {
  if (FORWARDING_HEADERS.some((name) => c.req.header(name) !== undefined)) return false;
  const peer = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;
  // No socket (an in-process request, as in unit tests): nothing came over the network.
  return peer === undefined || !isPublicAddress(peer);
}
