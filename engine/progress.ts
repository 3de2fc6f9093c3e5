/**
 * Progress, pure: a pacer that bounds how often snapshots go out, running tallies per kind and status, the rate and
 * the ETA. The clock is always passed in, so tests drive it with a fake one.
 * @module
 */
import type { EntityKind } from './kinds.js';
import { emptyStatusCounts, type ItemCounts, type ItemStatus, type Progress, type StatusCounts } from './model.js';

export interface Pacer {
  /** True when a snapshot may go out at `now` (the first one always may). Marks the time when it says yes. */
  take(now: Date): boolean;
}

/** At most one snapshot per `intervalMs`; the final snapshot bypasses the pacer. */
export function createPacer(intervalMs: number): Pacer {
  let last: number | undefined;
  return {
    take(now) {
      const at = now.getTime();
      if (last !== undefined && at - last < intervalMs) return false;
      last = at;
      return true;
    },
  };
}

/** Items per second since `startedAt`; 0 until time has passed. */
export function itemsPerSecond(processed: number, startedAt: Date, now: Date): number {
  const elapsedMs = now.getTime() - startedAt.getTime();
  if (elapsedMs <= 0 || processed <= 0) return 0;
  return (processed * 1000) / elapsedMs;
}

/** Seconds left at the current rate; null when the rate or the remaining work is unknown. */
export function etaSeconds(remaining: number | null, rate: number): number | null {
  if (remaining === null) return null;
  if (remaining <= 0) return 0;
  if (rate <= 0) return null;
  return Math.ceil(remaining / rate);
}

/** Running counts per kind and status, seeded from the store and moved along as items change status. */
export class Tally {
  readonly #byKind = new Map<EntityKind, StatusCounts>();

  static from(counts: ItemCounts): Tally {
    const tally = new Tally();
    for (const [kind, byStatus] of Object.entries(counts.byKind) as [EntityKind, StatusCounts][]) {
      tally.#byKind.set(kind, { ...byStatus });
    }
    return tally;
  }

  /** One item of `kind` went from `from` (null: not stored before) to `to`. */
  move(kind: EntityKind, from: ItemStatus | null, to: ItemStatus): void {
    let counts = this.#byKind.get(kind);
    if (!counts) {
      counts = emptyStatusCounts();
      this.#byKind.set(kind, counts);
    }
    if (from !== null) counts[from] = Math.max(0, counts[from] - 1);
    counts[to] += 1;
  }

  get(kind: EntityKind, status: ItemStatus): number {
    return this.#byKind.get(kind)?.[status] ?? 0;
  }

  total(status: ItemStatus): number {
    let sum = 0;
    for (const counts of this.#byKind.values()) sum += counts[status];
    return sum;
  }

  /** The tallies as ItemCounts; `notYetListed` items are shown as pending (known from counting, not yet stored). */
  toItemCounts(notYetListed = 0): ItemCounts {
    const byStatus = emptyStatusCounts();
    const byKind: Partial<Record<EntityKind, StatusCounts>> = {};
    for (const [kind, counts] of this.#byKind) {
      byKind[kind] = { ...counts };
      for (const status of Object.keys(byStatus) as ItemStatus[]) byStatus[status] += counts[status];
    }
    byStatus.pending += Math.max(0, notYetListed);
    const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
    return { total, byStatus, byKind };
  }
}

export interface ProgressInput {
  readonly phase: Progress['phase'];
  readonly counts: ItemCounts;
  /** Items processed by this run. */
  readonly processed: number;
  /** Items this run still expects to process; null while unknown. */
  readonly remaining: number | null;
  readonly startedAt: Date;
  readonly now: Date;
  readonly final: boolean;
}

/** Builds one snapshot: rate over the run so far, ETA from what is left. */
export function buildProgress(input: ProgressInput): Progress {
  const rate = itemsPerSecond(input.processed, input.startedAt, input.now);
  return {
    phase: input.phase,
    counts: input.counts,
    itemsPerSecond: Math.round(rate * 100) / 100,
    etaSeconds: input.final ? 0 : etaSeconds(input.remaining, rate),
    final: input.final,
  };
}
