/**
 * SqliteIdentityLinkStore: IdentityLinkStore on SQLite, one row per (tenant, Slack user).
 * @module
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { type PortalUserId, type TenantId, toPortalUserId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';
import type { IdentityLinkStore } from './identity-link-store.js';
import { identityLinks } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';

export class SqliteIdentityLinkStore implements IdentityLinkStore {
  readonly #db: SqliteDb;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly clock?: Clock } = {}) {
    this.#db = database.db;
    this.#clock = options.clock ?? systemClock;
  }

  #bySlackUser(tenantId: TenantId, slackUserId: string) {
    return and(eq(identityLinks.tenantId, tenantId), eq(identityLinks.slackUserId, slackUserId));
  }

  async getPortalUser(tenantId: TenantId, slackUserId: string): Promise<PortalUserId | null> {
    const row = this.#db.select().from(identityLinks).where(this.#bySlackUser(tenantId, slackUserId)).get();
    return row ? toPortalUserId(row.portalUserId) : null;
  }

  async linkUser(tenantId: TenantId, slackUserId: string, portalUserId: PortalUserId): Promise<void> {
    this.#db.transaction((tx) => {
      const current = tx.select().from(identityLinks).where(this.#bySlackUser(tenantId, slackUserId)).get();
      if (current?.portalUserId === portalUserId) return;
      // Delete and insert (not upsert) so the new link gets a new rowid: the tie-break for "most recent".
      tx.delete(identityLinks).where(this.#bySlackUser(tenantId, slackUserId)).run();
      tx.insert(identityLinks).values({ tenantId, slackUserId, portalUserId, linkedAt: this.#clock.now() }).run();
    });
  }

  async getSlackUser(tenantId: TenantId, portalUserId: PortalUserId): Promise<string | null> {
    const row = this.#db
      .select({ slackUserId: identityLinks.slackUserId })
      .from(identityLinks)
      .where(and(eq(identityLinks.tenantId, tenantId), eq(identityLinks.portalUserId, portalUserId)))
      .orderBy(desc(identityLinks.linkedAt), desc(sql`rowid`))
      .get();
    return row?.slackUserId ?? null;
  }

  async unlinkUser(tenantId: TenantId, slackUserId: string): Promise<boolean> {
    return this.#db.delete(identityLinks).where(this.#bySlackUser(tenantId, slackUserId)).run().changes > 0;
  }
}
