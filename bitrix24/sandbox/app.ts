/**
 * The sandbox portal's HTTP surface (Hono): /rest/{userId}/{code}/{method} for the webhook, /rest/{method} with
 * `auth` for OAuth, /oauth/token/ for refreshes, the 302 after a domain move, the leaky bucket (a batch counts as one
 * request), added latency, and the envelopes of reference §1.
 * @module
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SandboxApiError } from './api-error.js';
import { runBatch } from './batch.js';
import { type CallOutcome, executeCall } from './call.js';
import { createChatRoutes } from './chat-routes.js';
import { timeInfo } from './envelope.js';
import type { SandboxPortal } from './portal.js';
import { readRequestParams } from './request-params.js';
import { createRobotRoutes } from './robot-routes.js';

/** `<mount path><base after moves>/rest/…`: the app may be mounted under a path (the demo), and moved bases add `/moved-<n>`. */
const BASE = /^(.*?)(\/moved-\d+)?$/;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Where the request is addressed: mount path, moved-base prefix, the method and the webhook credentials if any. */
function route(path: string): {
  mount: string;
  prefix: string;
  rest: string;
  method?: string;
  webhook?: { userId: string; code: string };
} {
  const at = path.indexOf('/rest/');
  if (at < 0) return { mount: '', prefix: '', rest: path };
  const base = BASE.exec(path.slice(0, at));
  const mount = base?.[1] ?? '';
  const prefix = base?.[2] ?? '';
  const rest = path.slice(at);
  const segments = rest.slice('/rest/'.length).split('/').filter(Boolean);
  const strip = (m: string) => m.replace(/\.json$/i, '');
  if (segments.length === 1) return { mount, prefix, rest, method: strip(segments[0] ?? '') };
  if (segments.length === 3 && /^\d+$/.test(segments[0] ?? '')) {
    const webhook = { userId: segments[0] ?? '', code: segments[1] ?? '' };
    return { mount, prefix, rest, method: strip(segments[2] ?? ''), webhook };
  }
  return { mount, prefix, rest };
}

async function handleRest(portal: SandboxPortal, c: Context): Promise<Response> {
  const url = new URL(c.req.url);
  const target = route(url.pathname);
  if (portal.latencyMs > 0) await sleep(portal.latencyMs);
  if (target.prefix !== portal.basePath) {
    portal.logRequest({ at: portal.now(), method: target.method ?? url.pathname, status: 302 });
    return c.redirect(`${url.origin}${target.mount}${portal.basePath}${target.rest}${url.search}`, 302);
  }
  const method = target.method;
  if (!method) return c.json({ error: 'NOT_FOUND', error_description: 'Not found' }, 404);
  const respond = (status: number, body: unknown): Response => {
    portal.logRequest({ at: portal.now(), method, status });
    return c.json(body, status as ContentfulStatusCode);
  };
  const started = portal.now();

  portal.count('requests');
  if (portal.bucket && !portal.bucket.take(started)) {
    portal.count('throttled');
    return respond(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
  }

  const params = await readRequestParams(c.req.raw);
  if (!params) return respond(400, { error: 'INVALID_REQUEST', error_description: 'Request body is not valid JSON' });

  let userId: number;
  if (target.webhook) {
    if (target.webhook.userId !== String(portal.webhook.userId) || target.webhook.code !== portal.webhook.code) {
      return respond(401, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    }
    userId = portal.webhook.userId;
  } else {
    const check = portal.tokens.check(typeof params.auth === 'string' ? params.auth : undefined);
    if (!check.ok) return respond(401, { error: check.code, error_description: check.description });
    userId = check.userId;
  }
  delete params.auth;

  let outcome: CallOutcome;
  if (method.toLowerCase() === 'batch') {
    portal.count('batches');
    const fault = portal.faults.takeFailure('batch');
    if (fault) outcome = { ok: false, error: new SandboxApiError(fault.status, fault.error, fault.description) };
    else {
      try {
        outcome = { ok: true, value: runBatch(portal, params, userId, !target.webhook) };
      } catch (err) {
        if (!(err instanceof SandboxApiError)) throw err;
        outcome = { ok: false, error: err };
      }
    }
  } else {
    outcome = executeCall(portal, method, params, userId, false, !target.webhook);
  }
  if (!outcome.ok) return respond(outcome.error.status, outcome.error.toEnvelope());
  const { result, total, next } = outcome.value;
  return respond(200, {
    result,
    ...(next === undefined ? {} : { next }),
    ...(total === undefined ? {} : { total }),
    time: timeInfo(started, portal.now()),
  });
}

async function handleToken(portal: SandboxPortal, c: Context): Promise<Response> {
  const params = (await readRequestParams(c.req.raw)) ?? {};
  const str = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : '');
  const respond = (status: number, body: unknown): Response => {
    portal.logRequest({ at: portal.now(), method: 'oauth/token', status });
    return c.json(body, status as ContentfulStatusCode);
  };
  if (str('grant_type') !== 'refresh_token') {
    return respond(400, { error: 'invalid_request', error_description: 'Only grant_type=refresh_token is supported' });
  }
  const outcome = portal.tokens.refreshTokens(str('client_id'), str('client_secret'), str('refresh_token'));
  if (!outcome.ok) return respond(outcome.status, { error: outcome.error, error_description: outcome.description });
  portal.count('refreshes');
  return respond(200, portal.toOAuthTokens(outcome.tokens));
}

/**
 * The Hono app of one portal, for mounting in-process (the demo) or serving on loopback (startSandbox).
 * @example createSandboxApp(createSandboxPortal()).request('/rest/1/sandboxcode12345/profile')
 */
export function createSandboxApp(portal: SandboxPortal): Hono {
  const app = new Hono();
  app.all('/oauth/token', (c) => handleToken(portal, c));
  app.all('/oauth/token/', (c) => handleToken(portal, c));
  app.route('/', createChatRoutes(portal));
  app.route('/', createRobotRoutes(portal));
  app.all('*', (c) => handleRest(portal, c));
  app.onError((err, c) =>
    c.json({ error: 'INTERNAL_SERVER_ERROR', error_description: err instanceof Error ? err.message : 'error' }, 500),
  );
  return app;
}
