/**
 * The Bitrix24 REST client of one portal: auth (webhook or OAuth with single-flight refresh), the per-portal
 * limiter, retries with capped backoff for what `classifyFailure` calls retryable, domain moves, and `batch`
 * with per-command results. What escapes is a PortalError.
 * @module
 */
import type { Logger } from '../engine/ports.js';
import {
  type BatchCommand,
  buildBatchBody,
  type CommandResult,
  chunk,
  MAX_BATCH_COMMANDS,
  parseBatchResult,
} from './batch.js';
import { classifyFailure, errorCode, type TransportError, toPortalError } from './errors.js';
import type { RateLimiter } from './limiter.js';
import type { OAuthSession } from './oauth.js';
import { maskUrl, parseRestBase } from './portal-config.js';
import type { QueryValue } from './query-string.js';
import { type Envelope, postJson } from './transport.js';

export interface RetryOptions {
  /** Attempts per request for throttled answers (QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT). Default 8. */
  readonly maxAttempts: number;
  /** Extra attempts for server faults and network errors (reference §5: at most 1–2). Default 2. */
  readonly serverErrorRetries: number;
  /** First backoff delay; grows ×1.5 per attempt (reference §4: ≈1.5 s × 1.5^attempt). Default 1500. */
  readonly baseDelayMs: number;
  /** Cap on one backoff delay. Default 30 000. */
  readonly maxDelayMs: number;
  /** Wait after OPERATION_TIME_LIMIT when the portal gave no operating_reset_at (reference §4: 10 s). */
  readonly operationLimitDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 8,
  serverErrorRetries: 2,
  baseDelayMs: 1500,
  maxDelayMs: 30_000,
  operationLimitDelayMs: 10_000,
};

export type Auth = { readonly kind: 'webhook' } | { readonly kind: 'oauth'; readonly session: OAuthSession };

export interface ClientDeps {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly limiter: RateLimiter;
  /** Per HTTP request. Default 30 000 (the cloud cuts requests at 60 s, reference §4). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
}

export type CallOutcome =
  | { readonly ok: true; readonly envelope: Envelope }
  | { readonly ok: false; readonly error: TransportError };

const METHOD_NAME = /^[a-zA-Z][a-zA-Z0-9_.]*$/;

export class Bitrix24Client {
  private endpoint: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;

  /** `endpoint`: the webhook URL or OAuth client endpoint, ending in `/`. */
  constructor(
    endpoint: string,
    private readonly auth: Auth,
    private readonly deps: ClientDeps,
  ) {
    this.endpoint = endpoint;
    this.retry = { ...DEFAULT_RETRY, ...deps.retry };
    this.timeoutMs = deps.timeoutMs ?? 30_000;
  }

  /** The current REST base, masked for printing. */
  get maskedEndpoint(): string {
    return maskUrl(this.endpoint);
  }

  /** Calls one method; throws PortalError when it fails for good. */
  async call(method: string, params: Readonly<Record<string, unknown>> = {}): Promise<Envelope> {
    const outcome = await this.send(method, params);
    if (!outcome.ok) throw toPortalError(method, outcome.error);
    return outcome.envelope;
  }

  /** Calls one method; a permanent error comes back as data, auth and exhausted retries still throw. */
  async tryCall(method: string, params: Readonly<Record<string, unknown>> = {}): Promise<CallOutcome> {
    const outcome = await this.send(method, params);
    if (!outcome.ok && classifyFailure(outcome.error) !== 'permanent') throw toPortalError(method, outcome.error);
    return outcome;
  }

  /**
   * Runs any number of commands, 50 per request, and returns one result per command in order. Commands that fail
   * with a retryable error are sent again in a later request (backoff, capped); permanent errors are results.
   */
  async batch(commands: readonly BatchCommand[]): Promise<CommandResult[]> {
    const results: CommandResult[] = new Array(commands.length);
    let pending = commands.map((_, index) => index);
    for (let round = 0; pending.length > 0; round++) {
      const retryAgain: number[] = [];
      let methodBlocked = false;
      for (const indexes of chunk(pending, MAX_BATCH_COMMANDS)) {
        const answers = await this.batchOnce(indexes.map((i) => commands[i] as BatchCommand));
        answers.forEach((answer, n) => {
          const index = indexes[n] as number;
          results[index] = answer;
          if (!answer.ok && this.mayRetryCommand(answer.error, round)) {
            retryAgain.push(index);
            if (answer.error.kind === 'rate_limited' && answer.error.code === 'OPERATION_TIME_LIMIT')
              methodBlocked = true;
          }
        });
      }
      if (retryAgain.length > 0) {
        // A method over its time budget stays blocked until a one-minute bucket drops out (reference §4: at least
        // 10 s); the short backoff would spend every attempt within seconds and fail the items for good.
        const delay = methodBlocked
          ? Math.max(this.backoff(round), this.retry.operationLimitDelayMs)
          : this.backoff(round);
        this.deps.logger.warn(
          { commands: retryAgain.length, round, delayMs: delay },
          'bitrix24 batch commands retried',
        );
        await this.deps.sleep(delay);
      }
      pending = retryAgain;
    }
    return results;
  }

  /** One batch request of at most 50 commands; command errors are results, not retried (chained pages need that). */
  async batchOnce(commands: readonly BatchCommand[]): Promise<CommandResult[]> {
    if (commands.length === 0) return [];
    const envelope = await this.call('batch', buildBatchBody(commands));
    return parseBatchResult(envelope.result, commands.length);
  }

  private mayRetryCommand(error: TransportError, round: number): boolean {
    const cls = classifyFailure(error);
    if (cls !== 'retryable') return false;
    return error.kind === 'rate_limited' ? round + 1 < this.retry.maxAttempts : round < this.retry.serverErrorRetries;
  }

  private backoff(attempt: number): number {
    return Math.min(this.retry.maxDelayMs, Math.round(this.retry.baseDelayMs * 1.5 ** attempt));
  }

  /** One request with retries; the only place that acts on `classifyFailure`. */
  private async send(method: string, params: Readonly<Record<string, unknown>>): Promise<CallOutcome> {
    if (!METHOD_NAME.test(method)) throw new Error(`Not a Bitrix24 method name: ${method}`);
    let throttles = 0;
    let faults = 0;
    let refreshed = false;
    for (;;) {
      let token: string | undefined;
      const outcome = await this.deps.limiter.run(() => {
        // Read the token inside our turn: a refresh may have finished while we queued.
        token = this.auth.kind === 'oauth' ? this.auth.session.accessToken : undefined;
        return this.exchange(method, params, token);
      });
      if (outcome.ok) {
        this.deps.limiter.succeeded();
        return outcome;
      }
      const error = outcome.error;
      const cls = classifyFailure(error);
      const log = { method, code: errorCode(error), portal: this.maskedEndpoint };
      if (cls === 'auth') {
        if (this.auth.kind !== 'oauth' || refreshed || token === undefined) return outcome;
        refreshed = true;
        await this.auth.session.refresh(token);
        continue;
      }
      if (cls === 'permanent') return outcome;
      let delay: number;
      if (error.kind === 'rate_limited') {
        if (++throttles >= this.retry.maxAttempts) return outcome;
        if (error.code === 'QUERY_LIMIT_EXCEEDED') {
          this.deps.limiter.throttled();
          delay = Math.max(this.backoff(throttles - 1), this.deps.limiter.waitMs());
        } else {
          delay = error.retryAfterMs ?? this.retry.operationLimitDelayMs;
        }
      } else {
        if (++faults > this.retry.serverErrorRetries) return outcome;
        delay = this.backoff(faults - 1);
      }
      this.deps.logger.warn({ ...log, attempt: throttles + faults, delayMs: delay }, 'bitrix24 call retried');
      await this.deps.sleep(delay);
    }
  }

  private async exchange(method: string, params: Readonly<Record<string, unknown>>, token: string | undefined) {
    const url = `${this.endpoint}${method}`;
    const body = token === undefined ? params : { ...params, auth: token };
    const outcome = await postJson(
      { fetch: this.deps.fetch, now: this.deps.now, timeoutMs: this.timeoutMs, userAgent: 'handoff-bitrix24/0.1' },
      url,
      body,
    );
    if (outcome.url !== url) this.moved(outcome.url, method);
    this.deps.logger.debug({ method, ok: outcome.ok }, 'bitrix24 call');
    return outcome;
  }

  /** The portal answered from another address (a domain move, reference §1): use it from now on. */
  private moved(finalUrl: string, method: string): void {
    const path = new URL(finalUrl);
    if (!path.pathname.endsWith(`/${method}`)) return;
    const base = parseRestBase(`${path.origin}${path.pathname.slice(0, -method.length)}`, 'moved portal');
    if (!base.ok || base.value === this.endpoint) return;
    this.deps.logger.info({ from: maskUrl(this.endpoint), to: maskUrl(base.value) }, 'bitrix24 portal moved');
    this.endpoint = base.value;
  }
}

export type { BatchCommand, CommandResult, QueryValue };
