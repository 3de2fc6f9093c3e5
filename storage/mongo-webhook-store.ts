/**
 * MongoWebhookStore: WebhookStore on MongoDB, the same two collections as the SQLite tables. A claim takes one
 * delivery at a time with findOneAndUpdate (its lease moves `nextAttemptAt` on), so replicas never share one.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import { type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';
import {
  type DeliveryStatus,
  newSubscription,
  newWebhookId,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookStore,
  type WebhookSubscription,
} from './webhook-store.js';

export const WEBHOOK_SUBSCRIPTIONS_COLLECTION = 'webhook_subscriptions';
export const WEBHOOK_DELIVERIES_COLLECTION = 'webhook_deliveries';

interface SubscriptionDoc {
  id: string;
  tenantId: string;
  url: string;
  secret: string;
  events: string[];
  createdAt: Date;
}

interface DeliveryDoc {
  id: string;
  tenantId: string;
  subscriptionId: string;
  event: string;
  body: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

function toDelivery(doc: DeliveryDoc): WebhookDelivery {
  return {
    id: doc.id,
    tenantId: toTenantId(doc.tenantId),
    subscriptionId: doc.subscriptionId,
    event: doc.event as WebhookEvent,
    body: doc.body,
    status: doc.status as DeliveryStatus,
    attempts: doc.attempts,
    nextAttemptAt: doc.nextAttemptAt,
    ...(doc.lastError === null ? {} : { lastError: doc.lastError }),
    createdAt: doc.createdAt,
    ...(doc.deliveredAt === null ? {} : { deliveredAt: doc.deliveredAt }),
  };
}

export class MongoWebhookStore implements WebhookStore {
  readonly #subscriptions: Collection<SubscriptionDoc>;
  readonly #deliveries: Collection<DeliveryDoc>;
  readonly #clock: Clock;
  readonly #cipher: Cipher;

  private constructor(db: Db, options: { readonly cipher: Cipher; readonly clock?: Clock }) {
    this.#subscriptions = db.collection<SubscriptionDoc>(WEBHOOK_SUBSCRIPTIONS_COLLECTION);
    this.#deliveries = db.collection<DeliveryDoc>(WEBHOOK_DELIVERIES_COLLECTION);
    this.#clock = options.clock ?? systemClock;
    this.#cipher = options.cipher;
  }

  static async open(db: Db, options: { readonly cipher: Cipher; readonly clock?: Clock }): Promise<MongoWebhookStore> {
    const subscriptions: IndexDescription[] = [
      { key: { id: 1 }, name: 'webhook_subscriptions_id_uq', unique: true },
      { key: { tenantId: 1, createdAt: 1 }, name: 'webhook_subscriptions_tenant_idx' },
    ];
    const deliveries: IndexDescription[] = [
      { key: { id: 1 }, name: 'webhook_deliveries_id_uq', unique: true },
      { key: { status: 1, nextAttemptAt: 1 }, name: 'webhook_deliveries_due_idx' },
      { key: { tenantId: 1, subscriptionId: 1, createdAt: -1 }, name: 'webhook_deliveries_tenant_idx' },
    ];
    await db.collection(WEBHOOK_SUBSCRIPTIONS_COLLECTION).createIndexes(subscriptions);
    await db.collection(WEBHOOK_DELIVERIES_COLLECTION).createIndexes(deliveries);
    return new MongoWebhookStore(db, options);
  }

  async createSubscription(tenantId: TenantId, url: string, events: readonly WebhookEvent[]) {
    const { subscription, secret } = newSubscription(tenantId, url, events, this.#clock.now());
    await this.#subscriptions.insertOne({
      id: subscription.id,
      tenantId,
      url,
      secret: this.#cipher.encrypt(secret),
      events: [...events],
      createdAt: subscription.createdAt,
    });
    return { subscription, secret };
  }

  async listSubscriptions(tenantId: TenantId): Promise<readonly WebhookSubscription[]> {
    const docs = await this.#subscriptions
      .find({ tenantId }, { projection: { _id: 0, secret: 0 }, sort: { createdAt: 1, id: 1 } })
      .toArray();
    return docs.map((d) => ({
      tenantId: toTenantId(d.tenantId),
      id: d.id,
      url: d.url,
      events: d.events as WebhookEvent[],
      createdAt: d.createdAt,
    }));
  }

  async deleteSubscription(tenantId: TenantId, id: string): Promise<boolean> {
    const removed = (await this.#subscriptions.deleteOne({ tenantId, id })).deletedCount > 0;
    if (removed) await this.#deliveries.deleteMany({ subscriptionId: id, status: 'pending' });
    return removed;
  }

  async secretOf(tenantId: TenantId, id: string): Promise<string | null> {
    const doc = await this.#subscriptions.findOne({ tenantId, id }, { projection: { _id: 0, secret: 1 } });
    return doc ? this.#cipher.decrypt(doc.secret) : null;
  }

  async enqueue(tenantId: TenantId, event: WebhookEvent, body: string): Promise<number> {
    const subscriptions = (await this.listSubscriptions(tenantId)).filter((s) => s.events.includes(event));
    if (subscriptions.length === 0) return 0;
    const now = this.#clock.now();
    await this.#deliveries.insertMany(
      subscriptions.map((s) => ({
        id: newWebhookId(),
        tenantId,
        subscriptionId: s.id,
        event,
        body,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        deliveredAt: null,
      })),
    );
    return subscriptions.length;
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<readonly WebhookDelivery[]> {
    const claimed: WebhookDelivery[] = [];
    while (claimed.length < limit) {
      const doc = await this.#deliveries.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { $set: { nextAttemptAt: new Date(now.getTime() + leaseMs) } },
        { sort: { nextAttemptAt: 1, createdAt: 1 }, projection: { _id: 0 }, returnDocument: 'before' },
      );
      if (!doc) break;
      claimed.push(toDelivery(doc));
    }
    return claimed;
  }

  async markDelivered(id: string, attempts: number, at: Date): Promise<void> {
    await this.#deliveries.updateOne(
      { id },
      { $set: { status: 'delivered', attempts, deliveredAt: at, lastError: null } },
    );
  }

  async markFailed(id: string, attempts: number, error: string, retryAt: Date | null): Promise<void> {
    await this.#deliveries.updateOne(
      { id },
      {
        $set: {
          attempts,
          lastError: error,
          status: retryAt === null ? 'failed' : 'pending',
          ...(retryAt === null ? {} : { nextAttemptAt: retryAt }),
        },
      },
    );
  }

  async listDeliveries(tenantId: TenantId, subscriptionId: string, limit: number): Promise<readonly WebhookDelivery[]> {
    const docs = await this.#deliveries
      .find({ tenantId, subscriptionId }, { projection: { _id: 0 }, sort: { createdAt: -1, id: 1 }, limit })
      .toArray();
    return docs.map(toDelivery);
  }
}
