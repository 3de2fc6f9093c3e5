/**
 * MongoIdentityLinkStore: IdentityLinkStore on MongoDB, one document per (tenant, Slack user) as in the SQLite
 * `identity_links` table. SQLite breaks ties between links made at the same instant by rowid; here a per-tenant
 * sequence (one $inc per new link) plays that part, so "most recent" is exact across replicas too.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import { type PortalUserId, type TenantId, toPortalUserId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';
import type { IdentityLinkStore } from './identity-link-store.js';
import { isDuplicateKey } from './mongo-store.js';

export const IDENTITY_LINKS_COLLECTION = 'identity_links';
/** The last link sequence handed out, per tenant (`_id` is the tenant id). */
export const IDENTITY_LINK_COUNTERS_COLLECTION = 'identity_link_counters';

export interface IdentityLinkDoc {
  tenantId: string;
  slackUserId: string;
  portalUserId: number;
  linkedAt: Date;
  /** Per-tenant insertion sequence: the tie-break between links made at the same instant. */
  seq: number;
}

interface LinkCounterDoc {
  _id: string;
  lastSeq: number;
}

/** The SQLite table's primary key, and the portal-user index extended with the "most recent" order. */
const INDEXES: IndexDescription[] = [
  { key: { tenantId: 1, slackUserId: 1 }, name: 'identity_links_slack_user_uq', unique: true },
  { key: { tenantId: 1, portalUserId: 1, linkedAt: -1, seq: -1 }, name: 'identity_links_portal_idx' },
];

export class MongoIdentityLinkStore implements IdentityLinkStore {
  readonly #links: Collection<IdentityLinkDoc>;
  readonly #counters: Collection<LinkCounterDoc>;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly clock?: Clock }) {
    this.#links = db.collection<IdentityLinkDoc>(IDENTITY_LINKS_COLLECTION);
    this.#counters = db.collection<LinkCounterDoc>(IDENTITY_LINK_COUNTERS_COLLECTION);
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the indexes the store relies on (idempotent), then the store. */
  static async open(db: Db, options: { readonly clock?: Clock } = {}): Promise<MongoIdentityLinkStore> {
    await db.collection(IDENTITY_LINKS_COLLECTION).createIndexes(INDEXES);
    return new MongoIdentityLinkStore(db, options);
  }

  async getPortalUser(tenantId: TenantId, slackUserId: string): Promise<PortalUserId | null> {
    const doc = await this.#links.findOne({ tenantId, slackUserId }, { projection: { _id: 0 } });
    return doc ? toPortalUserId(doc.portalUserId) : null;
  }

  async linkUser(tenantId: TenantId, slackUserId: string, portalUserId: PortalUserId): Promise<void> {
    const current = await this.#links.findOne({ tenantId, slackUserId }, { projection: { _id: 0 } });
    if (current?.portalUserId === portalUserId) return;
    const counter = await this.#counters.findOneAndUpdate(
      { _id: tenantId },
      { $inc: { lastSeq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error('identity link counter missing after its upsert');
    // Replaced whole (not $set) so the new link gets a new linkedAt and sequence, as SQLite's delete and insert do.
    const replace = () =>
      this.#links.replaceOne(
        { tenantId, slackUserId },
        { tenantId, slackUserId, portalUserId, linkedAt: this.#clock.now(), seq: counter.lastSeq },
        { upsert: true },
      );
    try {
      await replace();
    } catch (error) {
      // Two first links of one Slack user raced to insert; the loser's second try replaces the winner's (last wins).
      if (!isDuplicateKey(error)) throw error;
      await replace();
    }
  }

  async getSlackUser(tenantId: TenantId, portalUserId: PortalUserId): Promise<string | null> {
    const doc = await this.#links.findOne(
      { tenantId, portalUserId },
      { projection: { _id: 0, slackUserId: 1 }, sort: { linkedAt: -1, seq: -1 } },
    );
    return doc?.slackUserId ?? null;
  }

  async unlinkUser(tenantId: TenantId, slackUserId: string): Promise<boolean> {
    return (await this.#links.deleteOne({ tenantId, slackUserId })).deletedCount > 0;
  }
}
