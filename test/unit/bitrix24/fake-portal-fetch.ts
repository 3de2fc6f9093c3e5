/**
 * A hand-written fetch for client unit tests: answers by method name with canned JSON and records every call
 * (URL, method, parsed body). Not a module mock: the client takes fetch as a dependency.
 * @module
 */
import { Bitrix24Client, type RetryOptions } from '../../../bitrix24/client.js';
import { RateLimiter } from '../../../bitrix24/limiter.js';
import type { OAuthSession } from '../../../bitrix24/oauth.js';
import type { Logger } from '../../../engine/ports.js';

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly body: Record<string, unknown>;
}

export type Answer = { status?: number; body: unknown; headers?: Record<string, string> } | Error;

export function createFakeFetch(answer: (call: RecordedCall, index: number) => Answer) {
  const calls: RecordedCall[] = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const text = typeof init?.body === 'string' ? init.body : '';
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = Object.fromEntries(new URLSearchParams(text));
    }
    const call = { url, method: url.split('/').pop() ?? '', body };
    calls.push(call);
    const reply = answer(call, calls.length - 1);
    if (reply instanceof Error) throw reply;
    return new Response(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }) as typeof fetch;
  return { fetch: fakeFetch, calls };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** A client on a fake fetch with instant sleeps. */
export function fakeClient(
  fakeFetch: typeof fetch,
  options: { session?: OAuthSession; retry?: Partial<RetryOptions>; endpoint?: string; logger?: Logger } = {},
) {
  let now = 1_000_000;
  const deps = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
  const client = new Bitrix24Client(
    options.endpoint ?? 'https://acme.bitrix24.com/rest/1/s3cr3t/',
    options.session ? { kind: 'oauth', session: options.session } : { kind: 'webhook' },
    {
      fetch: fakeFetch,
      ...deps,
      logger: options.logger ?? silentLogger,
      limiter: new RateLimiter({ burst: 1000, perSecond: 1000 }, deps),
      retry: { baseDelayMs: 10, ...options.retry },
    },
  );
  return client;
}
