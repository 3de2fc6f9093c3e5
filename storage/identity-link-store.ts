/**
 * IdentityLinkStore: manual Slack user ↔ portal user links per tenant (`/handoff link`), which win over matching by
 * e-mail. Structurally the port bot/slack/ports.ts declares. In-memory adapter here; SQLite in
 * storage/sqlite-identity-link-store.ts.
 * @module
 */
import type { PortalUserId, TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';

export interface IdentityLinkStore {
  /** The portal user linked to a Slack user, or null. */
  getPortalUser(tenantId: TenantId, slackUserId: string): Promise<PortalUserId | null>;
  /** Links (or re-links) a Slack user; idempotent. */
  linkUser(tenantId: TenantId, slackUserId: string, portalUserId: PortalUserId): Promise<void>;
  /** The Slack user linked to a portal user, or null; the most recently linked one when several are. */
  getSlackUser(tenantId: TenantId, portalUserId: PortalUserId): Promise<string | null>;
  /** Removes a Slack user's link; false when there was none. */
  unlinkUser(tenantId: TenantId, slackUserId: string): Promise<boolean>;
}

interface Link {
  readonly portalUserId: PortalUserId;
  readonly linkedAt: Date;
  /** Insertion sequence: the tie-break between links made at the same instant. */
  readonly seq: number;
}

export class MemoryIdentityLinkStore implements IdentityLinkStore {
  readonly #links = new Map<TenantId, Map<string, Link>>();
  readonly #clock: Clock;
  #seq = 0;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async getPortalUser(tenantId: TenantId, slackUserId: string): Promise<PortalUserId | null> {
    return this.#links.get(tenantId)?.get(slackUserId)?.portalUserId ?? null;
  }

  async linkUser(tenantId: TenantId, slackUserId: string, portalUserId: PortalUserId): Promise<void> {
    const links = this.#links.get(tenantId) ?? new Map<string, Link>();
    if (links.get(slackUserId)?.portalUserId === portalUserId) return;
    this.#seq += 1;
    links.set(slackUserId, { portalUserId, linkedAt: this.#clock.now(), seq: this.#seq });
    this.#links.set(tenantId, links);
  }

  async getSlackUser(tenantId: TenantId, portalUserId: PortalUserId): Promise<string | null> {
    let best: { slackUserId: string; link: Link } | undefined;
    for (const [slackUserId, link] of this.#links.get(tenantId) ?? []) {
      if (link.portalUserId !== portalUserId) continue;
      if (
        !best ||
        link.linkedAt > best.link.linkedAt ||
        (+link.linkedAt === +best.link.linkedAt && link.seq > best.link.seq)
      )
        best = { slackUserId, link };
    }
    return best?.slackUserId ?? null;
  }

  async unlinkUser(tenantId: TenantId, slackUserId: string): Promise<boolean> {
    return this.#links.get(tenantId)?.delete(slackUserId) ?? false;
  }
}
