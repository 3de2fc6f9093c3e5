/**
 * SqliteWebhookStore: WebhookStore on SQLite (`webhook_subscriptions`, `webhook_deliveries`, migration 0006). A claim
 * is one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *`, so two processes on one file never take the same
 * delivery.
 * @module
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';
import { webhookDeliveries, webhookSubscriptions } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';
import {
  type DeliveryStatus,
  newSubscription,
  newWebhookId,
  WEBHOOK_EVENTS,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookStore,
  type WebhookSubscription,
} from './webhook-store.js';

function toEvents(text: string): WebhookEvent[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed)
    ? parsed.filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly unknown[]).includes(e))
    : [];
}

interface DeliveryRow {
  id: string;
  tenant_id: string;
  subscription_id: string;
  event: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    tenantId: toTenantId(row.tenant_id),
    subscriptionId: row.subscription_id,
    event: row.event as WebhookEvent,
    body: row.body,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    createdAt: new Date(row.created_at),
    ...(row.delivered_at === null ? {} : { deliveredAt: new Date(row.delivered_at) }),
  };
}

export class SqliteWebhookStore implements WebhookStore {
  readonly #db: SqliteDb;
  readonly #sqlite: SqliteDatabase['sqlite'];
  readonly #clock: Clock;
  readonly #cipher: Cipher;

  constructor(
    database: Pick<SqliteDatabase, 'db' | 'sqlite'>,
    options: { readonly cipher: Cipher; readonly clock?: Clock },
  ) {
    this.#db = database.db;
    this.#sqlite = database.sqlite;
    this.#clock = options.clock ?? systemClock;
    this.#cipher = options.cipher;
  }

  async createSubscription(tenantId: TenantId, url: string, events: readonly WebhookEvent[]) {
    const { subscription, secret } = newSubscription(tenantId, url, events, this.#clock.now());
    this.#db
      .insert(webhookSubscriptions)
      .values({
        id: subscription.id,
        tenantId,
        url,
        secret: this.#cipher.encrypt(secret),
        events: JSON.stringify(events),
        createdAt: subscription.createdAt,
      })
      .run();
    return { subscription, secret };
  }

  async listSubscriptions(tenantId: TenantId): Promise<readonly WebhookSubscription[]> {
    return this.#db
      .select()
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.tenantId, tenantId))
      .orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id))
      .all()
      .map((row) => ({
        tenantId: toTenantId(row.tenantId),
        id: row.id,
        url: row.url,
        events: toEvents(row.events),
        createdAt: row.createdAt,
      }));
  }

  async deleteSubscription(tenantId: TenantId, id: string): Promise<boolean> {
    return this.#db.transaction((tx) => {
      const where = and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id));
      const removed = tx.delete(webhookSubscriptions).where(where).run().changes > 0;
      if (removed) {
        tx.delete(webhookDeliveries)
          .where(and(eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.status, 'pending')))
          .run();
      }
      return removed;
    });
  }

  async secretOf(tenantId: TenantId, id: string): Promise<string | null> {
    const row = this.#db
      .select({ secret: webhookSubscriptions.secret })
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id)))
      .get();
    return row ? this.#cipher.decrypt(row.secret) : null;
  }

  async enqueue(tenantId: TenantId, event: WebhookEvent, body: string): Promise<number> {
    const subscriptions = (await this.listSubscriptions(tenantId)).filter((s) => s.events.includes(event));
    if (subscriptions.length === 0) return 0;
    const now = this.#clock.now();
    this.#db
      .insert(webhookDeliveries)
      .values(
        subscriptions.map((s) => ({
          id: newWebhookId(),
          tenantId,
          subscriptionId: s.id,
          event,
          body,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        })),
      )
      .run();
    return subscriptions.length;
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<readonly WebhookDelivery[]> {
    const rows = this.#sqlite
      .prepare(
        `UPDATE webhook_deliveries SET next_attempt_at = ?
         WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
                      ORDER BY next_attempt_at, created_at LIMIT ?)
         RETURNING *`,
      )
      .all(now.getTime() + leaseMs, now.getTime(), limit) as DeliveryRow[];
    return rows.map(toDelivery).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async markDelivered(id: string, attempts: number, at: Date): Promise<void> {
    this.#db
      .update(webhookDeliveries)
      .set({ status: 'delivered', attempts, deliveredAt: at, lastError: null })
      .where(eq(webhookDeliveries.id, id))
      .run();
  }

  async markFailed(id: string, attempts: number, error: string, retryAt: Date | null): Promise<void> {
    this.#db
      .update(webhookDeliveries)
      .set({
        attempts,
        lastError: error,
        status: retryAt === null ? 'failed' : 'pending',
        ...(retryAt === null ? {} : { nextAttemptAt: retryAt }),
      })
      .where(eq(webhookDeliveries.id, id))
      .run();
  }

  async listDeliveries(tenantId: TenantId, subscriptionId: string, limit: number): Promise<readonly WebhookDelivery[]> {
    const rows = this.#db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
      .orderBy(desc(webhookDeliveries.createdAt), asc(webhookDeliveries.id))
      .limit(limit)
      .all();
    return rows.map((row) => ({
      id: row.id,
      tenantId: toTenantId(row.tenantId),
      subscriptionId: row.subscriptionId,
      event: row.event as WebhookEvent,
      body: row.body,
      status: row.status as DeliveryStatus,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      ...(row.lastError === null ? {} : { lastError: row.lastError }),
      createdAt: row.createdAt,
      ...(row.deliveredAt === null ? {} : { deliveredAt: row.deliveredAt }),
    }));
  }
}
