/**
 * Outgoing webhooks (issue 12): per-tenant subscriptions (a URL, the events it wants, a secret to sign with) and the
 * delivery outbox, one row per (event, subscription), delivered with retries by bot/webhooks/worker.ts. The port
 * and the in-memory adapter; SQLite: storage/sqlite-webhook-store.ts; MongoDB: storage/mongo-webhook-store.ts.
 * Secrets are stored encrypted (storage/crypto.ts: they must be read back to sign) and never listed.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';

export const WEBHOOK_EVENTS = [
  'handoff.scheduled',
  'handoff.started',
  'handoff.completed',
  'handoff.returned',
  'handoff.failed',
  'handoff.items_returned',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookSubscription {
  readonly tenantId: TenantId;
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly createdAt: Date;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDelivery {
  readonly id: string;
  readonly tenantId: TenantId;
  readonly subscriptionId: string;
  readonly event: WebhookEvent;
  /** The JSON body, exactly as signed and sent. */
  readonly body: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError?: string;
  readonly createdAt: Date;
  readonly deliveredAt?: Date;
}

export interface WebhookStore {
  /** A new subscription with a fresh secret; the secret is returned here only. */
  createSubscription(
    tenantId: TenantId,
    url: string,
    events: readonly WebhookEvent[],
  ): Promise<{ readonly subscription: WebhookSubscription; readonly secret: string }>;
  listSubscriptions(tenantId: TenantId): Promise<readonly WebhookSubscription[]>;
  /** Removes it and its pending deliveries; false when there was none. */
  deleteSubscription(tenantId: TenantId, id: string): Promise<boolean>;
  /** The secret to sign with, or null for an unknown subscription. */
  secretOf(tenantId: TenantId, id: string): Promise<string | null>;
  /** Queues one delivery per subscription of the tenant that wants `event`; returns how many. */
  enqueue(tenantId: TenantId, event: WebhookEvent, body: string): Promise<number>;
  /**
   * Claims up to `limit` pending deliveries due at `now` (any tenant), oldest first, by moving their next attempt to
   * `now + leaseMs`: a second worker (another process) does not take them meanwhile, and a worker that dies leaves
   * them due again after the lease.
   */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<readonly WebhookDelivery[]>;
  markDelivered(id: string, attempts: number, at: Date): Promise<void>;
  /** Records a failed attempt: retried at `retryAt`, or given up (`failed`) when it is null. */
  markFailed(id: string, attempts: number, error: string, retryAt: Date | null): Promise<void>;
  /** A tenant's deliveries, newest first. */
  listDeliveries(tenantId: TenantId, subscriptionId: string, limit: number): Promise<readonly WebhookDelivery[]>;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export const newWebhookId = (): string => randomUUID();

/** A new subscription (fresh id, `createdAt` now) and its secret, as every store creates one before writing it. */
export function newSubscription(
  tenantId: TenantId,
  url: string,
  events: readonly WebhookEvent[],
  now: Date,
): { readonly subscription: WebhookSubscription; readonly secret: string } {
  return {
    subscription: { tenantId, id: newWebhookId(), url, events: [...events], createdAt: now },
    secret: newWebhookSecret(),
  };
}

interface StoredSubscription extends WebhookSubscription {
  readonly secret: string;
}

export class MemoryWebhookStore implements WebhookStore {
  readonly #subscriptions = new Map<string, StoredSubscription>();
  readonly #deliveries = new Map<string, WebhookDelivery>();
  readonly #clock: Clock;
  readonly #cipher: Cipher | undefined;

  constructor(options: { readonly clock?: Clock; readonly cipher?: Cipher } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#cipher = options.cipher;
  }

  async createSubscription(tenantId: TenantId, url: string, events: readonly WebhookEvent[]) {
    const { subscription, secret } = newSubscription(tenantId, url, events, this.#clock.now());
    const stored = this.#cipher ? this.#cipher.encrypt(secret) : secret;
    this.#subscriptions.set(subscription.id, { ...subscription, secret: stored });
    return { subscription, secret };
  }

  async listSubscriptions(tenantId: TenantId): Promise<readonly WebhookSubscription[]> {
    return [...this.#subscriptions.values()]
      .filter((s) => s.tenantId === tenantId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map(({ secret: _s, ...s }) => ({ ...s, events: [...s.events] }));
  }

  async deleteSubscription(tenantId: TenantId, id: string): Promise<boolean> {
    const found = this.#subscriptions.get(id);
    if (found?.tenantId !== tenantId) return false;
    this.#subscriptions.delete(id);
    for (const [key, d] of this.#deliveries)
      if (d.subscriptionId === id && d.status === 'pending') this.#deliveries.delete(key);
    return true;
  }

  async secretOf(tenantId: TenantId, id: string): Promise<string | null> {
    const found = this.#subscriptions.get(id);
    if (found?.tenantId !== tenantId) return null;
    return this.#cipher ? this.#cipher.decrypt(found.secret) : found.secret;
  }

  async enqueue(tenantId: TenantId, event: WebhookEvent, body: string): Promise<number> {
    const now = this.#clock.now();
    let count = 0;
    for (const s of this.#subscriptions.values()) {
      if (s.tenantId !== tenantId || !s.events.includes(event)) continue;
      const id = newWebhookId();
      this.#deliveries.set(id, {
        id,
        tenantId,
        subscriptionId: s.id,
        event,
        body,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
      count += 1;
    }
    return count;
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<readonly WebhookDelivery[]> {
    const due = [...this.#deliveries.values()]
      .filter((d) => d.status === 'pending' && d.nextAttemptAt.getTime() <= now.getTime())
      .sort(
        (a, b) =>
          a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime(),
      )
      .slice(0, limit);
    const until = new Date(now.getTime() + leaseMs);
    for (const d of due) this.#deliveries.set(d.id, { ...d, nextAttemptAt: until });
    return due.map((d) => ({ ...d }));
  }

  async markDelivered(id: string, attempts: number, at: Date): Promise<void> {
    const d = this.#deliveries.get(id);
    if (!d) return;
    const { lastError: _e, ...rest } = d;
    this.#deliveries.set(id, { ...rest, status: 'delivered', attempts, deliveredAt: at });
  }

  async markFailed(id: string, attempts: number, error: string, retryAt: Date | null): Promise<void> {
    const d = this.#deliveries.get(id);
    if (!d) return;
    this.#deliveries.set(id, {
      ...d,
      attempts,
      lastError: error,
      status: retryAt === null ? 'failed' : 'pending',
      ...(retryAt === null ? {} : { nextAttemptAt: retryAt }),
    });
  }

  async listDeliveries(tenantId: TenantId, subscriptionId: string, limit: number): Promise<readonly WebhookDelivery[]> {
    return [...this.#deliveries.values()]
      .filter((d) => d.tenantId === tenantId && d.subscriptionId === subscriptionId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((d) => ({ ...d }));
  }
}
