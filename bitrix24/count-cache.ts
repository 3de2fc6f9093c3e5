/**
 * Item counts reused for a few seconds, so a handoff's steps that follow each other (the plan's check, the start
 * job's totals, the listing that sizes its first chained batch by the count) ask the portal once. At Bitrix24's
 * 2 requests per second after the burst (reference §5) each saved request is half a second of a small handoff.
 * Our own owner changes forget the kind's counts at once; changes made in the portal by people show after the
 * lifetime at the latest (a preview may be that old; the listing itself never trusts a count: it reads `total`).
 * @module
 */
import type { PortalUserId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import type { ItemScope } from '../engine/ports.js';

export class CountCache {
  private readonly entries = new Map<string, { readonly at: number; readonly count: number }>();

  constructor(
    private readonly now: () => number,
    /** Default 10 s: long enough to join a plan to its start job, short enough for a preview to stay current. */
    private readonly ttlMs = 10_000,
  ) {}

  get(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): number | undefined {
    const key = keyOf(kind, ownerId, scope);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.count;
  }

  set(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope, count: number): void {
    if (this.ttlMs <= 0) return;
    this.entries.set(keyOf(kind, ownerId, scope), { at: this.now(), count });
    // Bounded: the oldest entries go first (Map keeps insertion order).
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= 10_000) break;
      this.entries.delete(oldest);
    }
  }

  /** Forgets every count of a kind (after we changed owners of its items). */
  forgetKind(kind: EntityKind): void {
    const prefix = `${kind}\u0000`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

function keyOf(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): string {
  return `${kind}\u0000${ownerId}\u0000${scope}`;
}
