/**
 * One HTTP exchange with a portal: POST JSON with a timeout, follow a domain move by re-POSTing to `Location`
 * (fetch would turn the POST into a GET and drop the body, reference §1), and turn the answer into either a
 * success envelope or a TransportError. No retries here; the client decides.
 * @module
 */
import { type TransportError, toTransportError } from './errors.js';
import { isAllowedPortalUrl, isLoopbackHost } from './portal-config.js';
import { isPrivateLiteralHost } from './public-address.js';

export interface Envelope {
  readonly result: unknown;
  readonly total?: number;
  readonly next?: number;
  readonly time?: Readonly<Record<string, unknown>>;
}

export type HttpOutcome =
  | { readonly ok: true; readonly envelope: Envelope; readonly url: string }
  | { readonly ok: false; readonly error: TransportError; readonly url: string };

export interface TransportDeps {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

/**
 * POSTs `body` as JSON to `url`. The returned `url` is where the answer finally came from: when it differs, the
 * portal moved and the caller should use the new base from now on.
 */
export async function postJson(deps: TransportDeps, url: string, body: unknown): Promise<HttpOutcome> {
  let target = url;
  const payload = JSON.stringify(body);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await deps.fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': deps.userAgent },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
    } catch (error) {
      return { ok: false, error: networkError(error), url: target };
    }
    if (REDIRECTS.has(response.status)) {
      const next = redirectTarget(target, response.headers.get('location'));
      await response.body?.cancel().catch(() => undefined);
      if (!next)
        return {
          ok: false,
          error: { kind: 'http', status: response.status, message: 'unusable redirect' },
          url: target,
        };
      target = next;
      continue;
    }
    return { ...(await readAnswer(response, deps.now())), url: target };
  }
  return { ok: false, error: { kind: 'http', status: 310, message: 'too many redirects' }, url: target };
}

function redirectTarget(from: string, location: string | null): string | undefined {
  if (!location) return undefined;
  try {
    const next = new URL(location, from);
    // A move may change the domain, but never downgrade to plain http off loopback, and never lead to a loopback,
    // private or link-local address (SSRF through a portal's redirect) unless the portal itself is on loopback.
    const internal = isPrivateLiteralHost(next.hostname, { allowLoopback: isLoopbackHost(new URL(from).hostname) });
    return isAllowedPortalUrl(next) && !internal ? next.toString() : undefined;
  } catch {
    return undefined;
  }
}

function networkError(error: unknown): TransportError {
  const name = error instanceof Error ? error.name : '';
  const timeout = name === 'TimeoutError' || name === 'AbortError';
  // Only the error's class and code, never its message: undici messages can quote the URL (and its webhook code).
  const code =
    error instanceof Error && error.cause instanceof Error ? (error.cause as { code?: string }).code : undefined;
  return {
    kind: 'network',
    timeout,
    message: timeout ? 'request timed out' : `network error${code ? ` (${code})` : ''}`,
  };
}

async function readAnswer(
  response: Response,
  nowMs: number,
): Promise<{ ok: true; envelope: Envelope } | { ok: false; error: TransportError }> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    const time = isRecord(record.time) ? record.time : undefined;
    if ('error' in record && !('result' in record && response.ok)) {
      const resetAt = time && typeof time.operating_reset_at === 'number' ? time.operating_reset_at : undefined;
      const error = toTransportError(
        response.status,
        record.error,
        record.error_description,
        resetAt !== undefined ? { operatingResetAt: resetAt } : {},
        nowMs,
      );
      return { ok: false, error };
    }
    if (response.ok && 'result' in record) {
      return {
        ok: true,
        envelope: {
          result: record.result,
          ...(typeof record.total === 'number' ? { total: record.total } : {}),
          ...(typeof record.next === 'number' ? { next: record.next } : {}),
          ...(time ? { time } : {}),
        },
      };
    }
  }
  return { ok: false, error: { kind: 'http', status: response.status, message: 'not a Bitrix24 answer' } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
