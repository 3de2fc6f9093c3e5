/**
 * Delivers the webhook outbox (issue 12): every `intervalMs` it claims due deliveries (storage/webhook-store.ts
 * claimDue, safe across processes), POSTs each signed body to its subscription's URL, and marks it delivered on a
 * 2xx; anything else (an error status, a timeout, a refused connection) is retried with exponential backoff
 * (`baseDelayMs`·2^(n−1), at most `maxDelayMs`) until `maxAttempts`, then marked failed. Runs beside the engine and
 * never blocks it; rows survive a restart and are picked up again.
 * @module
 */

import { checkPublicTarget } from '../../bitrix24/public-address.js';
import type { Clock, Logger } from '../../engine/ports.js';
import type { WebhookDelivery, WebhookStore } from '../../storage/webhook-store.js';
import { SIGNATURE_HEADER, signWebhook } from './sign.js';

export interface WebhookWorkerOptions {
  readonly store: WebhookStore;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Poll interval. Default 2 s. */
  readonly intervalMs?: number;
  /** How long a claimed delivery is held before another worker may take it. Default 60 s. */
  readonly leaseMs?: number;
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  /** Default 8 (about 21 minutes of retries with the default delays). */
  readonly maxAttempts?: number;
  /** Default 10 s. */
  readonly baseDelayMs?: number;
  /** Default 1 hour. */
  readonly maxDelayMs?: number;
  /** Deliveries per poll. Default 20. */
  readonly batchSize?: number;
  /**
   * Test-only: deliver to loopback receivers. Production never sets it: every delivery's host is resolved just before
   * the request and refused when any address is loopback, private, link-local or reserved (bitrix24/public-address.ts).
   */
  readonly allowLoopback?: boolean;
  /** DNS resolution for that check (default: the system resolver). */
  readonly lookup?: (hostname: string) => Promise<readonly string[]>;
}

export interface WebhookWorker {
  /** Delivers what is due now; resolves with how many were attempted. */
  deliverDue(): Promise<number>;
  start(): void;
  /** Stops polling and waits for a round under way. */
  stop(): Promise<void>;
}

/** The delay before attempt `attempts + 1`, or null when no attempt is left. */
export function retryDelayMs(
  attempts: number,
  options: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number },
) {
  if (attempts >= options.maxAttempts) return null;
  return Math.min(options.baseDelayMs * 2 ** (attempts - 1), options.maxDelayMs);
}

class RefusedTarget extends Error {
  override readonly name = 'RefusedTarget';
}

export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const logger = options.logger.child({ component: 'webhooks' });
  const settings = {
    intervalMs: options.intervalMs ?? 2_000,
    leaseMs: options.leaseMs ?? 60_000,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxAttempts: options.maxAttempts ?? 8,
    baseDelayMs: options.baseDelayMs ?? 10_000,
    maxDelayMs: options.maxDelayMs ?? 3_600_000,
    batchSize: options.batchSize ?? 20,
  };
  const urls = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<number> | undefined;

  async function urlOf(delivery: WebhookDelivery): Promise<string | null> {
    const key = `${delivery.tenantId}\n${delivery.subscriptionId}`;
    const known = urls.get(key);
    if (known !== undefined) return known;
    const found = (await options.store.listSubscriptions(delivery.tenantId)).find(
      (s) => s.id === delivery.subscriptionId,
    );
    if (found) urls.set(key, found.url);
    return found?.url ?? null;
  }

  async function deliver(delivery: WebhookDelivery): Promise<void> {
    const attempts = delivery.attempts + 1;
    const log = logger.child({
      tenantId: delivery.tenantId,
      delivery: delivery.id,
      event: delivery.event,
      attempt: attempts,
    });
    const [url, secret] = await Promise.all([
      urlOf(delivery),
      options.store.secretOf(delivery.tenantId, delivery.subscriptionId),
    ]);
    if (url === null || secret === null) {
      await options.store.markFailed(delivery.id, attempts, 'subscription removed', null);
      return;
    }
    const now = options.clock.now();
    let error: string;
    try {
      const refused = await checkPublicTarget(new URL(url), {
        ...(options.allowLoopback === true ? { allowLoopback: true } : {}),
        ...(options.lookup ? { lookup: options.lookup } : {}),
      });
      if (refused !== null) throw new RefusedTarget(refused);
      const response = await options.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'handoff-webhooks/1',
          'handoff-event': delivery.event,
          'handoff-delivery': delivery.id,
          [SIGNATURE_HEADER.toLowerCase()]: signWebhook(secret, Math.floor(now.getTime() / 1000), delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        await options.store.markDelivered(delivery.id, attempts, options.clock.now());
        log.debug({ status: response.status }, 'webhook delivered');
        return;
      }
      error = `HTTP ${response.status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : 'request failed';
    }
    const delay = retryDelayMs(attempts, settings);
    const retryAt = delay === null ? null : new Date(options.clock.now().getTime() + delay);
    await options.store.markFailed(delivery.id, attempts, error.slice(0, 300), retryAt);
    if (retryAt === null) log.warn({ error }, 'webhook given up');
    else log.info({ error, retryAt: retryAt.toISOString() }, 'webhook failed; will retry');
  }

  async function deliverDue(): Promise<number> {
    const due = await options.store.claimDue(options.clock.now(), settings.leaseMs, settings.batchSize);
    await Promise.all(
      due.map((d) =>
        deliver(d).catch((err: unknown) => logger.warn({ err, delivery: d.id }, 'webhook delivery crashed')),
      ),
    );
    return due.length;
  }

  return {
    deliverDue,
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => {
        if (round !== undefined) return;
        round = deliverDue()
          .catch((err: unknown) => {
            logger.warn({ err }, 'webhook round failed');
            return 0;
          })
          .finally(() => {
            round = undefined;
          });
      }, settings.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await round;
    },
  };
}
