/**
 * A small client for the runtime's REST API (/api/v1, the single-portal API_KEY) and `waitFor`, the bounded poll the
 * process tests use instead of sleeps: it fails after a deadline naming what it waited for and what it last saw.
 * @module
 */
import { TEST_API_KEY } from './runtime-process.js';

/** The read-back of a handoff, as far as these tests look at it. */
export interface HandoffJson {
  readonly id: string;
  readonly status: string;
  readonly total: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly error?: string | null;
}

export interface HandoffApi {
  create(plan: Record<string, unknown>): Promise<HandoffJson>;
  get(id: string): Promise<HandoffJson>;
  returnNow(id: string): Promise<HandoffJson>;
  cancel(id: string): Promise<HandoffJson>;
}

export function createHandoffApi(baseUrl: string): HandoffApi {
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /api/v1${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }
  return {
    create: async (plan) => (await call('POST', '/handoffs', plan)) as HandoffJson,
    get: async (id) => (await call('GET', `/handoffs/${id}`)) as HandoffJson,
    returnNow: async (id) => (await call('POST', `/handoffs/${id}/return`, {})) as HandoffJson,
    cancel: async (id) => (await call('POST', `/handoffs/${id}/cancel`, {})) as HandoffJson,
  };
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Extra context for the failure message (e.g. a child's log tail). */
  readonly detail?: () => string;
}

/**
 * Polls `probe` until it returns something other than `undefined`, and returns that. On the deadline it throws
 * "timed out after N ms waiting for <what>" with the last value seen (`describe`) and `detail`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (err) {
      last = err instanceof Error ? err.message : err;
    }
    if (Date.now() >= deadline) {
      const detail = options.detail ? `\n${options.detail()}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what} (last: ${String(last)})${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
