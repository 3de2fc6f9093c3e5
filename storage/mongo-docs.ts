/**
 * Document shapes of the Mongo store (the same fields as the SQLite tables, camelCase) and their mapping to the
 * domain; plus the collection indexes, created at start.
 * @module
 */
import type { Db, IndexDescription } from 'mongodb';
import type { HandoffId, TenantId } from '../engine/ids.js';
import { toHandoffId, toPortalUserId, toTenantId } from '../engine/ids.js';
import type { Handoff, HandoffEvent, HandoffItem } from '../engine/model.js';
import { receiverIds } from '../engine/participants.js';
import {
  decodeKinds,
  decodePlan,
  decodeSurfaceState,
  decodeTargets,
  encodePlan,
  encodeTargets,
} from './handoff-codec.js';
import { holdsFromUser, holdsNobody } from './handoff-rules.js';
import { toEntityKind, toHandoffStatus, toItemStatus, toSkipReason } from './sqlite-rows.js';

export interface HandoffDoc {
  tenantId: string;
  id: string;
  no: number;
  status: string;
  fromUserId: number;
  initiatorUserId: number | null;
  /** Every receiving user, for "handoffs involving me". */
  receiverIds: number[];
  dryRun: boolean;
  /** Present (true) while the handoff holds its from-user; a unique partial index allows one per from-user. */
  activeLock?: true;
  /** Bumped by every update: the compare-and-set token. */
  version: number;
  plan: unknown;
  targets: unknown;
  kinds: string[];
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  returnStartedAt: Date | null;
  returnedAt: Date | null;
  cancelRequested: boolean;
  surfaceState: Record<string, string> | null;
  error: string | null;
}

export interface ItemDoc {
  tenantId: string;
  handoffId: string;
  kind: string;
  itemId: number;
  title: string;
  originalOwnerId: number;
  newOwnerId: number;
  status: string;
  skipReason: string | null;
  error: string | null;
  /** Who held a kept item when the return found it changed; null (or absent, in documents written before) otherwise. */
  currentOwnerId?: number | null;
  /** The ledger (HandoffItem.viaHandoffId / onwardHandoffId); null or absent when not set. */
  viaHandoffId?: string | null;
  onwardHandoffId?: string | null;
  updatedAt: Date;
}

/**
 * A short lock on one from-user of one tenant (`_id` = `<tenantId>|<fromUserId>`), held while a creation or a status
 * change checks that no other handoff of that person holds an overlapping period and writes. Expires on its own, so a
 * crashed writer never blocks the person for long.
 */
export interface HoldLockDoc {
  _id: string;
  owner: string;
  until: Date;
}

export interface EventDoc {
  tenantId: string;
  handoffId: string;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown> | null;
}

export interface CounterDoc {
  _id: string;
  lastNo: number;
}

export interface IdempotencyDoc {
  tenantId: string;
  key: string;
  handoffId: string;
  createdAt: Date;
}

/**
 * A handoff's run lease (HandoffStore.claimRun), present while held. Its own collection rather than fields of the
 * handoff document: updateHandoff replaces that document whole, which would drop the lease.
 */
export interface RunDoc {
  tenantId: string;
  handoffId: string;
  owner: string;
  until: Date;
}

export const COLLECTIONS = {
  handoffs: 'handoffs',
  items: 'handoff_items',
  events: 'handoff_events',
  counters: 'handoff_counters',
  idempotency: 'idempotency_keys',
  runs: 'handoff_runs',
  holdLocks: 'handoff_hold_locks',
} as const;

/** Until 0003 (issue 8) one active handoff per from-user was a unique index; dropped by ensureHandoffIndexes. */
export const LEGACY_ACTIVE_LOCK_INDEX = 'handoffs_active_from_user_uq';
export const ACTIVE_LOCK_INDEX = 'handoffs_active_from_user_idx';

const INDEXES: Record<keyof typeof COLLECTIONS, IndexDescription[]> = {
  handoffs: [
    { key: { tenantId: 1, id: 1 }, name: 'handoffs_tenant_id_uq', unique: true },
    { key: { tenantId: 1, no: -1 }, name: 'handoffs_tenant_no_uq', unique: true },
    {
      key: { tenantId: 1, fromUserId: 1 },
      name: ACTIVE_LOCK_INDEX,
      partialFilterExpression: { activeLock: true },
    },
    { key: { tenantId: 1, receiverIds: 1 }, name: 'handoffs_receivers_idx' },
    { key: { tenantId: 1, status: 1 }, name: 'handoffs_tenant_status_idx' },
  ],
  items: [
    { key: { tenantId: 1, handoffId: 1, kind: 1, itemId: 1 }, name: 'handoff_items_key_uq', unique: true },
    { key: { tenantId: 1, handoffId: 1, status: 1 }, name: 'handoff_items_status_idx' },
    { key: { tenantId: 1, kind: 1, itemId: 1 }, name: 'handoff_items_ledger_idx' },
  ],
  events: [{ key: { tenantId: 1, handoffId: 1, at: 1, _id: 1 }, name: 'handoff_events_handoff_idx' }],
  counters: [],
  idempotency: [{ key: { tenantId: 1, key: 1 }, name: 'idempotency_keys_uq', unique: true }],
  // One lease per handoff: a claim that loses the race fails on this index instead of writing a second lease.
  runs: [{ key: { tenantId: 1, handoffId: 1 }, name: 'handoff_runs_uq', unique: true }],
  holdLocks: [],
};

/** Creates the indexes (idempotent: Mongo ignores an identical existing index), dropping the legacy unique one. */
export async function ensureHandoffIndexes(db: Db): Promise<void> {
  const handoffIndexes = await db
    .collection(COLLECTIONS.handoffs)
    .indexes()
    .catch(() => []);
  if (handoffIndexes.some((index) => index.name === LEGACY_ACTIVE_LOCK_INDEX)) {
    await db.collection(COLLECTIONS.handoffs).dropIndex(LEGACY_ACTIVE_LOCK_INDEX);
  }
  await Promise.all(
    (Object.keys(INDEXES) as (keyof typeof COLLECTIONS)[])
      .filter((name) => INDEXES[name].length > 0)
      .map((name) => db.collection(COLLECTIONS[name]).createIndexes(INDEXES[name])),
  );
}

export function toHandoffDoc(handoff: Handoff, version: number): HandoffDoc {
  return {
    tenantId: handoff.tenantId,
    id: handoff.id,
    no: handoff.no,
    status: handoff.status,
    fromUserId: handoff.plan.fromUserId,
    initiatorUserId: handoff.plan.initiator.portalUserId ?? null,
    receiverIds: receiverIds(handoff.targets),
    dryRun: handoff.plan.options.dryRun,
    ...(holdsFromUser(handoff.status, holdsNobody(handoff.plan)) ? { activeLock: true as const } : {}),
    version,
    plan: encodePlan(handoff.plan),
    targets: encodeTargets(handoff.targets),
    kinds: [...handoff.kinds],
    createdAt: handoff.createdAt,
    updatedAt: handoff.updatedAt,
    startedAt: handoff.startedAt ?? null,
    finishedAt: handoff.finishedAt ?? null,
    returnStartedAt: handoff.returnStartedAt ?? null,
    returnedAt: handoff.returnedAt ?? null,
    cancelRequested: handoff.cancelRequested,
    surfaceState: handoff.surfaceState === undefined ? null : { ...handoff.surfaceState },
    error: handoff.error ?? null,
  };
}

export function fromHandoffDoc(doc: HandoffDoc): Handoff {
  return {
    tenantId: toTenantId(doc.tenantId),
    id: toHandoffId(doc.id),
    no: doc.no,
    status: toHandoffStatus(doc.status),
    plan: decodePlan(doc.plan),
    targets: decodeTargets(doc.targets),
    kinds: decodeKinds(doc.kinds),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    ...(doc.startedAt ? { startedAt: doc.startedAt } : {}),
    ...(doc.finishedAt ? { finishedAt: doc.finishedAt } : {}),
    ...(doc.returnStartedAt ? { returnStartedAt: doc.returnStartedAt } : {}),
    ...(doc.returnedAt ? { returnedAt: doc.returnedAt } : {}),
    cancelRequested: doc.cancelRequested,
    ...(doc.surfaceState !== null ? { surfaceState: decodeSurfaceState(doc.surfaceState) } : {}),
    ...(doc.error !== null ? { error: doc.error } : {}),
  };
}

export function fromItemDoc(tenantId: TenantId, handoffId: HandoffId, doc: ItemDoc): HandoffItem {
  return {
    tenantId,
    handoffId,
    kind: toEntityKind(doc.kind),
    itemId: doc.itemId,
    title: doc.title,
    originalOwnerId: toPortalUserId(doc.originalOwnerId),
    newOwnerId: toPortalUserId(doc.newOwnerId),
    status: toItemStatus(doc.status),
    ...(doc.skipReason !== null ? { skipReason: toSkipReason(doc.skipReason) } : {}),
    ...(doc.error !== null ? { error: doc.error } : {}),
    ...(typeof doc.currentOwnerId === 'number' ? { currentOwnerId: toPortalUserId(doc.currentOwnerId) } : {}),
    ...(typeof doc.viaHandoffId === 'string' ? { viaHandoffId: toHandoffId(doc.viaHandoffId) } : {}),
    ...(typeof doc.onwardHandoffId === 'string' ? { onwardHandoffId: toHandoffId(doc.onwardHandoffId) } : {}),
    updatedAt: doc.updatedAt,
  };
}

export function fromEventDoc(doc: EventDoc): HandoffEvent {
  return {
    tenantId: toTenantId(doc.tenantId),
    handoffId: toHandoffId(doc.handoffId),
    at: doc.at,
    type: doc.type,
    actor: doc.actor,
    ...(doc.data !== null ? { data: doc.data } : {}),
  };
}
