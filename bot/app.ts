/**
 * createApp: the one Hono app every surface is mounted on. Surfaces bring their own routes (with full paths);
 * this adds the health check, request ids and the single error handler that turns anything unexpected into a 500
 * with a request id and nothing else (no stack, no secret).
 * @module
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { isStoreError } from '../engine/errors.js';
import type { Logger } from '../engine/ports.js';

export interface HealthReport {
  readonly ok: boolean;
  readonly checks: Readonly<Record<string, 'ok' | string>>;
}

export interface AppDeps {
  readonly logger: Logger;
  /** Surface route groups (Slack, REST API, Bitrix24 handlers, console), each using full paths. */
  readonly routes: readonly Hono[];
  /** Liveness plus the state of the parts (database, scheduler). */
  readonly health?: () => Promise<HealthReport>;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestId());

  app.get('/healthz', async (c) => {
    const report = deps.health === undefined ? { ok: true, checks: {} } : await deps.health();
    return c.json(report, report.ok ? 200 : 503);
  });

  for (const routes of deps.routes) app.route('/', routes);

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` } }, 404),
  );

  app.onError((err, c) => {
    const id = c.get('requestId');
    if (isStoreError(err)) {
      // The database failed as a whole (full disk, read-only): a condition to report, not a bug to hide.
      deps.logger.warn({ err, requestId: id, path: c.req.path, code: err.code }, 'request failed: database');
      return c.json({ error: { code: err.code, message: `${err.message} Try again later.` } }, 503);
    }
    deps.logger.error({ err, requestId: id, path: c.req.path }, 'request failed');
    return c.json({ error: { code: 'internal', message: `Something went wrong on our side (request ${id}).` } }, 500);
  });

  return app;
}
