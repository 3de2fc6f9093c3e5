/**
 * Handles Slack's Events API retries once: remembers delivered `event_id`s for a TTL (≥ 10 min: the last retry comes
 * ~5 min after the first, slack.md §1.5). Bounded in-memory map, oldest evicted first. It is per process: with
 * several replicas behind one URL, a retry landing on another replica is handled again — app_home_opened and
 * uninstall events are idempotent, so that costs an extra views.publish at worst.
 * @module
 */
import type { Clock } from '../../engine/ports.js';

export interface EventDedupe {
  /** True the first time an id is seen within the TTL; false for a repeat. */
  firstSeen(eventId: string): boolean;
  readonly size: number;
}

export interface EventDedupeOptions {
  readonly clock: Clock;
  /** Default 15 minutes. */
  readonly ttlMs?: number;
  /** Default 10 000 ids. */
  readonly maxEntries?: number;
}

export function createEventDedupe(options: EventDedupeOptions): EventDedupe {
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  // Insertion order = arrival order, so the first entries are the oldest.
  const seen = new Map<string, number>();

  function evict(now: number): void {
    for (const [id, at] of seen) {
      if (now - at < ttlMs && seen.size <= maxEntries) break;
      seen.delete(id);
    }
  }

  return {
    firstSeen(eventId) {
      const now = options.clock.now().getTime();
      evict(now);
      const at = seen.get(eventId);
      if (at !== undefined && now - at < ttlMs) return false;
      seen.set(eventId, now);
      if (seen.size > maxEntries) evict(now);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
