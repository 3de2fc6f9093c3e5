/**
 * Row ⇄ domain mapping for the SQLite store: handoff rows (JSON columns through storage/handoff-codec.ts), item rows
 * and event rows. Stored text is checked on the way out, so a corrupt row fails loudly instead of leaking through.
 * @module
 */
import type { HandoffId, TenantId } from '../engine/ids.js';
import { toHandoffId, toPortalUserId, toTenantId } from '../engine/ids.js';
import { type EntityKind, isEntityKind } from '../engine/kinds.js';
import {
  HANDOFF_STATUSES,
  type Handoff,
  type HandoffEvent,
  type HandoffItem,
  type HandoffStatus,
  ITEM_STATUSES,
  type ItemStatus,
  type SkipReason,
} from '../engine/model.js';
import {
  decodeKinds,
  decodePlan,
  decodeSurfaceState,
  decodeTargets,
  encodePlan,
  encodeTargets,
} from './handoff-codec.js';
import { holdsFromUser, holdsNobody } from './handoff-rules.js';
import type { handoffEvents, handoffs, handoffTargets } from './schema.js';

/** A handoff row without the run lease columns, which belong to the lease methods alone (never to Handoff). */
type HandoffRow = Omit<typeof handoffs.$inferSelect, 'runOwner' | 'runUntil'>;
type EventRow = typeof handoffEvents.$inferSelect;

/** The receivers of a handoff as rows: one per (kind, user); a department target gives one per member. */
export function toTargetRows(handoff: Handoff): (typeof handoffTargets.$inferInsert)[] {
  const rows: (typeof handoffTargets.$inferInsert)[] = [];
  const base = { tenantId: handoff.tenantId, handoffId: handoff.id };
  for (const [kind, target] of Object.entries(handoff.targets)) {
    if (target === undefined) continue;
    if (target.type === 'user') rows.push({ ...base, kind, type: 'user', userId: target.userId, departmentId: null });
    else
      for (const userId of new Set(target.memberIds))
        rows.push({ ...base, kind, type: 'department', userId, departmentId: target.departmentId });
  }
  return rows;
}

/** The item row as the hot-path raw statements select it (snake_case columns). */
export interface ItemRow {
  readonly kind: string;
  readonly item_id: number;
  readonly title: string;
  readonly original_owner_id: number;
  readonly new_owner_id: number;
  readonly status: string;
  readonly skip_reason: string | null;
  readonly error: string | null;
  readonly updated_at: number;
  readonly current_owner_id: number | null;
  readonly via_handoff_id: string | null;
  readonly onward_handoff_id: string | null;
}

const SKIP_REASONS: readonly SkipReason[] = ['already_with_target', 'dry_run', 'changed_since', 'closed'];

export function toEntityKind(text: string): EntityKind {
  if (!isEntityKind(text)) throw new Error(`stored entity kind is not one: ${text}`);
  return text;
}

export function toHandoffStatus(text: string): HandoffStatus {
  const found = HANDOFF_STATUSES.find((s) => s === text);
  if (!found) throw new Error(`stored handoff status is not one: ${text}`);
  return found;
}

export function toItemStatus(text: string): ItemStatus {
  const found = ITEM_STATUSES.find((s) => s === text);
  if (!found) throw new Error(`stored item status is not one: ${text}`);
  return found;
}

export function toSkipReason(text: string): SkipReason {
  const found = SKIP_REASONS.find((s) => s === text);
  if (!found) throw new Error(`stored skip reason is not one: ${text}`);
  return found;
}

/** A handoff as its row: every column, including the derived ones the queries use (from-user, lock, initiator). */
export function toHandoffRow(handoff: Handoff): HandoffRow {
  return {
    tenantId: handoff.tenantId,
    id: handoff.id,
    no: handoff.no,
    status: handoff.status,
    fromUserId: handoff.plan.fromUserId,
    initiatorUserId: handoff.plan.initiator.portalUserId ?? null,
    dryRun: handoff.plan.options.dryRun,
    activeLock: holdsFromUser(handoff.status, holdsNobody(handoff.plan)) ? 1 : null,
    plan: JSON.stringify(encodePlan(handoff.plan)),
    targets: JSON.stringify(encodeTargets(handoff.targets)),
    kinds: JSON.stringify(handoff.kinds),
    createdAt: handoff.createdAt,
    updatedAt: handoff.updatedAt,
    startedAt: handoff.startedAt ?? null,
    finishedAt: handoff.finishedAt ?? null,
    returnStartedAt: handoff.returnStartedAt ?? null,
    returnedAt: handoff.returnedAt ?? null,
    cancelRequested: handoff.cancelRequested,
    surfaceState: handoff.surfaceState === undefined ? null : JSON.stringify(handoff.surfaceState),
    error: handoff.error ?? null,
  };
}

export function fromHandoffRow(row: HandoffRow): Handoff {
  return {
    tenantId: toTenantId(row.tenantId),
    id: toHandoffId(row.id),
    no: row.no,
    status: toHandoffStatus(row.status),
    plan: decodePlan(JSON.parse(row.plan)),
    targets: decodeTargets(JSON.parse(row.targets)),
    kinds: decodeKinds(JSON.parse(row.kinds)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.startedAt ? { startedAt: row.startedAt } : {}),
    ...(row.finishedAt ? { finishedAt: row.finishedAt } : {}),
    ...(row.returnStartedAt ? { returnStartedAt: row.returnStartedAt } : {}),
    ...(row.returnedAt ? { returnedAt: row.returnedAt } : {}),
    cancelRequested: row.cancelRequested,
    ...(row.surfaceState !== null ? { surfaceState: decodeSurfaceState(JSON.parse(row.surfaceState)) } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
  };
}

export function fromItemRow(tenantId: TenantId, handoffId: HandoffId, row: ItemRow): HandoffItem {
  return {
    tenantId,
    handoffId,
    kind: toEntityKind(row.kind),
    itemId: row.item_id,
    title: row.title,
    originalOwnerId: toPortalUserId(row.original_owner_id),
    newOwnerId: toPortalUserId(row.new_owner_id),
    status: toItemStatus(row.status),
    ...(row.skip_reason !== null ? { skipReason: toSkipReason(row.skip_reason) } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.current_owner_id !== null ? { currentOwnerId: toPortalUserId(row.current_owner_id) } : {}),
    ...(row.via_handoff_id !== null ? { viaHandoffId: toHandoffId(row.via_handoff_id) } : {}),
    ...(row.onward_handoff_id !== null ? { onwardHandoffId: toHandoffId(row.onward_handoff_id) } : {}),
    updatedAt: new Date(row.updated_at),
  };
}

export function fromEventRow(row: EventRow): HandoffEvent {
  return {
    tenantId: toTenantId(row.tenantId),
    handoffId: toHandoffId(row.handoffId),
    at: row.at,
    type: row.type,
    actor: row.actor,
    ...(row.data !== null ? { data: JSON.parse(row.data) as Record<string, unknown> } : {}),
  };
}
