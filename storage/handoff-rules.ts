/**
 * Rules every HandoffStore adapter shares (patching, limits, who a handoff involves, count shapes), kept pure so the
 * memory, SQLite and Mongo stores cannot drift apart on them.
 * @module
 */
import { HandoffError } from '../engine/errors.js';
import type { HandoffId, PortalUserId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import {
  ACTIVE_STATUSES,
  emptyStatusCounts,
  type Handoff,
  type HandoffStatus,
  type ItemCounts,
  type ItemStatus,
  type Plan,
  type ResolvedTarget,
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

/** Every portal user a handoff's resolved targets name, deduplicated, in first-seen order. */
export function receiverIds(targets: Handoff['targets']): PortalUserId[] {
  const seen = new Set<PortalUserId>();
  for (const target of Object.values(targets) as (ResolvedTarget | undefined)[]) {
    if (!target) continue;
    if (target.type === 'user') seen.add(target.userId);
    else for (const id of target.memberIds) seen.add(id);
  }
  return [...seen];
}

/** Whether the user is the from-user, a receiver or the initiator of the handoff (HandoffFilter.involvingUserId). */
export function involves(handoff: Handoff, userId: PortalUserId): boolean {
  return (
    handoff.plan.fromUserId === userId ||
    handoff.plan.initiator.portalUserId === userId ||
    receiverIds(handoff.targets).includes(userId)
  );
}

/**
 * Applies a HandoffPatch: defined fields replace, `error: null` clears, `surfaceState` merges, `returnAt` replaces
 * the plan's return instant of a temporary handoff (ignored for a permanent one, which has none).
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
  if (patch.resolved !== undefined) {
    next.plan = { ...next.plan, fromUserId: patch.resolved.fromUserId, to: patch.resolved.to };
    next.targets = patch.resolved.targets;
  }
  return next;
}

/** The refusal createHandoff (and a status change into an active one) gives when the from-user is held. */
export function alreadyRunning(no: number): HandoffError {
  return new HandoffError('already_running', `H-${no} is already running for this person`, { handoffNo: no });
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
