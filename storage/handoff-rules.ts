/**
 * Rules every HandoffStore adapter shares (patching, limits, count shapes; who a handoff involves is in
 * engine/participants.ts), kept pure so the memory, SQLite and Mongo stores cannot drift apart on them.
 * @module
 */
import { HandoffError } from '../engine/errors.js';
import type { HandoffId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import {
  ACTIVE_STATUSES,
  emptyStatusCounts,
  type Handoff,
  type HandoffStatus,
  type ItemCounts,
  type ItemStatus,
  type Plan,
  type StatusCounts,
} from '../engine/model.js';
import type { Clock, HandoffPatch } from '../engine/ports.js';

/** The system clock, for callers that pass none (production wiring passes its own). */
export const systemClock: Clock = { now: () => new Date() };

/** HandoffFilter.limit: default 20, max 200 (engine/ports.ts). */
export function clampHandoffLimit(limit: number | undefined): number {
  return clamp(limit, 20, 200);
}

/** ItemFilter.limit: default 100, max 1000 (engine/ports.ts). */
export function clampItemLimit(limit: number | undefined): number {
  return clamp(limit, 100, 1000);
}

function clamp(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}

/** Whether a status holds the from-user (engine/model.ts ACTIVE_STATUSES). */
export function isActiveStatus(status: HandoffStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** Whether a plan never holds its from-user: dry runs and robot handoffs (engine/model.ts RobotSource). */
export function holdsNobody(plan: Plan): boolean {
  return plan.options.dryRun || plan.source?.type === 'robot';
}

/** A handoff holds its from-user while active, unless it is a dry run (dry runs never block anyone). */
export function holdsFromUser(status: HandoffStatus, dryRun: boolean): boolean {
  return !dryRun && isActiveStatus(status);
}

/**
 * Applies a HandoffPatch: defined fields replace, `error: null` clears, `surfaceState` merges, `returnAt` replaces
 * the plan's return instant of a temporary handoff (ignored for a permanent one, which has none), `startAt` its start.
 */
export function applyHandoffPatch(handoff: Handoff, patch: HandoffPatch, now: Date): Handoff {
  const next: { -readonly [K in keyof Handoff]: Handoff[K] } = { ...handoff, updatedAt: now };
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.startedAt !== undefined) next.startedAt = patch.startedAt;
  if (patch.finishedAt !== undefined) next.finishedAt = patch.finishedAt;
  if (patch.returnStartedAt !== undefined) next.returnStartedAt = patch.returnStartedAt;
  if (patch.returnedAt !== undefined) next.returnedAt = patch.returnedAt;
  if (patch.cancelRequested !== undefined) next.cancelRequested = patch.cancelRequested;
  if (patch.error === null) delete next.error;
  else if (patch.error !== undefined) next.error = patch.error;
  if (patch.surfaceState !== undefined) next.surfaceState = { ...handoff.surfaceState, ...patch.surfaceState };
  if (patch.returnAt !== undefined && handoff.plan.when.mode === 'temporary') {
    next.plan = { ...handoff.plan, when: { ...handoff.plan.when, returnAt: patch.returnAt } };
  }
  if (patch.startAt !== undefined) {
    next.plan = { ...next.plan, when: { ...next.plan.when, startAt: patch.startAt } };
  }
  if (patch.resolved !== undefined) {
    next.plan = { ...next.plan, fromUserId: patch.resolved.fromUserId, to: patch.resolved.to };
    next.targets = patch.resolved.targets;
  }
  return next;
}

/** The refusal createHandoff (and a status change into an active one) gives when the from-user is held. */
export function alreadyRunning(no: number): HandoffError {
  return new HandoffError('already_running', `H-${no} already holds this person for an overlapping time`, {
    handoffNo: no,
  });
}

/** What the hold rule reads of a handoff. */
export type HoldFacts = Pick<Handoff, 'id' | 'no' | 'status' | 'plan' | 'createdAt'>;

/**
 * The time an active handoff holds its from-user, in epoch milliseconds, end exclusive: from its start (or its
 * creation) to its return instant, open-ended for a permanent one. A handoff under way (anything past `scheduled`:
 * moving, lending, returning) holds at least until just after `now`, so nothing new for the same person starts while
 * it works, even when its return instant has passed; a permanent one being undone holds only until just after `now`.
 */
export function holdPeriod(
  handoff: Omit<HoldFacts, 'no'>,
  now: Date,
): { readonly start: number; readonly end: number } {
  const { when } = handoff.plan;
  const start = (when.startAt ?? handoff.createdAt).getTime();
  let end = when.mode === 'temporary' ? when.returnAt.getTime() : Number.POSITIVE_INFINITY;
  if (handoff.status !== 'scheduled') end = Math.max(end, now.getTime() + 1);
  // Undoing a permanent handoff holds the person only while it gives back, not for good.
  if (handoff.status === 'returning' && when.mode === 'permanent') end = now.getTime() + 1;
  return { start, end: Math.max(end, start + 1) };
}

/**
 * Whether an update must check the hold rule: the handoff holds after it and its status or its period changed.
 * Patches that change neither (progress, surface state, errors) never refuse, even when time has made a handoff
 * under way reach into another one's period since.
 */
export function needsHoldCheck(current: Handoff, next: Handoff): boolean {
  if (!holdsFromUser(next.status, holdsNobody(next.plan))) return false;
  if (!holdsFromUser(current.status, holdsNobody(current.plan)) || current.status !== next.status) return true;
  const a = current.plan.when;
  const b = next.plan.when;
  const returnOf = (w: typeof a) => (w.mode === 'temporary' ? w.returnAt.getTime() : Number.POSITIVE_INFINITY);
  return returnOf(a) !== returnOf(b) || a.startAt?.getTime() !== b.startAt?.getTime();
}

/**
 * Among `others`, the first active, non-dry-run handoff of the same from-user (other than `candidate` itself) whose
 * hold period overlaps the candidate's: the one a creation or a status change must be refused for. Undefined when
 * the candidate does not hold (a dry run, or a status outside ACTIVE_STATUSES). The return of a temporary handoff is
 * never refused for a handoff still `scheduled` (that one's start waits for the return: engine/transfer.ts); the
 * undo of a permanent one holds the person only from now on, so it waits only for one that is due or under way.
 */
export function overlappingHolder<T extends HoldFacts>(
  candidate: Omit<HoldFacts, 'no'>,
  others: Iterable<T>,
  now: Date,
): T | undefined {
  if (!holdsFromUser(candidate.status, holdsNobody(candidate.plan))) return undefined;
  const mine = holdPeriod(candidate, now);
  for (const other of others) {
    if (other.id === candidate.id || other.plan.fromUserId !== candidate.plan.fromUserId) continue;
    if (!holdsFromUser(other.status, holdsNobody(other.plan))) continue;
    // A lend ending at its time is never held up by a plan that has not started: that one waits for the return.
    if (candidate.status === 'returning' && candidate.plan.when.mode === 'temporary' && other.status === 'scheduled')
      continue;
    const theirs = holdPeriod(other, now);
    if (mine.start < theirs.end && theirs.start < mine.end) return other;
  }
  return undefined;
}

/** Writes that need an existing handoff of this tenant (items, events) throw this for an unknown one. */
export function handoffNotFound(handoffId: HandoffId): HandoffError {
  return new HandoffError('not_found', `no handoff ${handoffId} for this tenant`);
}

/** One count row as the stores' GROUP BY produces it. */
export interface CountRow {
  readonly kind: EntityKind;
  readonly status: ItemStatus;
  readonly count: number;
}

/** Folds (kind, status, count) rows into ItemCounts. */
export function toItemCounts(rows: Iterable<CountRow>): ItemCounts {
  const byStatus = emptyStatusCounts();
  const byKind: Partial<Record<EntityKind, StatusCounts>> = {};
  let total = 0;
  for (const row of rows) {
    total += row.count;
    byStatus[row.status] += row.count;
    const kindCounts = byKind[row.kind] ?? emptyStatusCounts();
    kindCounts[row.status] += row.count;
    byKind[row.kind] = kindCounts;
  }
  return { total, byStatus, byKind };
}

/** The store's stable item order: kind, then itemId ascending (plain code-unit order on kinds, as SQL BINARY does). */
export function compareItemKeys(
  a: { readonly kind: EntityKind; readonly itemId: number },
  b: { readonly kind: EntityKind; readonly itemId: number },
): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return a.itemId - b.itemId;
}
