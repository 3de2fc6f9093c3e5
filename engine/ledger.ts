/**
 * The ownership ledger (rules in engine/README.md). An item a temporary handoff moved is *lent*; a permanent one
 * *gives* it. When a later handoff moves an item its from-user holds through an earlier handoff (lent, or given),
 * the later record names the earlier handoff (`viaHandoffId`): a chain. Returns follow the chain, so a move made by a handoff is never taken for
 * a change by hand, and every item ends with its rightful owner whatever order the returns come in.
 * @module
 */
import type { HandoffId, PortalUserId, TenantId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { Handoff, HandoffItem, HandoffStatus } from './model.js';
import type { HandoffStore } from './ports.js';

/** Reads each handoff once per use (a batch), by id. */
export interface HandoffCache {
  get(id: HandoffId): Promise<Handoff | null>;
}

export function createHandoffCache(store: HandoffStore, tenantId: TenantId): HandoffCache {
  const seen = new Map<HandoffId, Promise<Handoff | null>>();
  return {
    get(id) {
      let found = seen.get(id);
      if (!found) {
        found = store.getHandoff(tenantId, id);
        seen.set(id, found);
      }
      return found;
    },
  };
}

/** A record that still holds its item for its handoff (moved, or pending while a batch is under way). */
function holding(record: HandoffItem): boolean {
  return record.status === 'moved' || record.status === 'pending';
}

function lends(handoff: Handoff | null): handoff is Handoff {
  return handoff !== null && handoff.plan.when.mode === 'temporary' && !handoff.plan.options.dryRun;
}

/** Statuses in which a temporary handoff still covers its from-user's absence (the person is away). */
const COVERING: readonly HandoffStatus[] = ['running', 'return_scheduled'];

/** A later handoff that covers its from-user's absence: lent items it holds stay with its receiver until it ends. */
export function covers(handoff: Handoff): boolean {
  return lends(handoff) && COVERING.includes(handoff.status);
}

/** A handoff whose return (or undo) has begun: its from-user owns again what it lent or gave. */
function over(handoff: Handoff): boolean {
  return handoff.status === 'returning' || handoff.status === 'returned';
}

/**
 * For items about to move from the from-user: the earlier handoff through which they hold each one (the latest
 * record still `moved` whose receiver is the item's current owner), if any: a lend (temporary) or a gift (permanent,
 * which only sends the item back up the chain if it is undone). Ids not in the map came to the owner otherwise.
 */
export async function findEarlierMoves(
  store: HandoffStore,
  handoffs: HandoffCache,
  self: Handoff,
  kind: EntityKind,
  items: readonly { readonly itemId: number; readonly originalOwnerId: PortalUserId }[],
): Promise<Map<number, HandoffId>> {
  const via = new Map<number, HandoffId>();
  if (items.length === 0) return via;
  const holder = new Map(items.map((i) => [i.itemId, i.originalOwnerId]));
  const records = await store.findItemRecords(
    self.tenantId,
    kind,
    items.map((i) => i.itemId),
    ['moved'],
  );
  // Oldest handoff first: a later move of the same item to the same person replaces an earlier one.
  for (const record of records) {
    if (record.handoffId === self.id || record.newOwnerId !== holder.get(record.itemId)) continue;
    const earlier = await handoffs.get(record.handoffId);
    if (earlier && !earlier.plan.options.dryRun) via.set(record.itemId, record.handoffId);
  }
  return via;
}

/** What a return does with one of its items, as the ledger decides. */
export type ChainDecision =
  /** Give the item to `home` (unless it is there already), and settle `settle` (other handoffs' records) as returned. */
  | { readonly action: 'home'; readonly home: PortalUserId; readonly settle: readonly HandoffItem[] }
  /** A later handoff covering its from-user's absence holds the item: it stays, and comes home when that one ends. */
  | { readonly action: 'wait'; readonly onward: HandoffId }
  /**
   * Someone changed the owner by hand (no handoff explains where it is), or a robot handoff moved it on (`by`, the
   * pipeline's move: engine/README.md): kept with the person who has it.
   */
  | { readonly action: 'kept'; readonly by?: HandoffId; readonly settle: readonly HandoffItem[] };

/** Every record of a batch's items across handoffs, grouped by item. */
export async function loadRecords(
  store: HandoffStore,
  tenantId: TenantId,
  kind: EntityKind,
  itemIds: readonly number[],
): Promise<Map<number, HandoffItem[]>> {
  const grouped = new Map<number, HandoffItem[]>();
  for (const record of await store.findItemRecords(tenantId, kind, itemIds)) {
    const list = grouped.get(record.itemId) ?? [];
    list.push(record);
    grouped.set(record.itemId, list);
  }
  return grouped;
}

/**
 * Where a returning handoff's item belongs: its original owner, unless that person held it through an earlier
 * handoff whose return (or undo) has begun: then that handoff's original owner, and so on up the chain. The
 * records walked past that still hold the item are settled on the way.
 */
async function homeOf(
  record: HandoffItem,
  records: readonly HandoffItem[],
  handoffs: HandoffCache,
): Promise<{ home: PortalUserId; settle: HandoffItem[] }> {
  let home = record.originalOwnerId;
  const settle: HandoffItem[] = [];
  let link = record;
  const visited = new Set<HandoffId>([record.handoffId]);
  while (link.viaHandoffId !== undefined && !visited.has(link.viaHandoffId)) {
    visited.add(link.viaHandoffId);
    const earlier = await handoffs.get(link.viaHandoffId);
    const earlierRecord = records.find((r) => r.handoffId === link.viaHandoffId);
    if (!earlier || !earlierRecord || !over(earlier)) break;
    // A lend whose return left the item with the robot that moved it on: undoing that robot sends it up the chain.
    const keptForLink = earlierRecord.status === 'kept' && earlierRecord.onwardHandoffId === link.handoffId;
    if (!holding(earlierRecord) && earlierRecord.status !== 'returned' && !keptForLink) break;
    home = earlierRecord.originalOwnerId;
    if (holding(earlierRecord) || keptForLink) settle.push(earlierRecord);
    link = earlierRecord;
  }
  return { home, settle };
}

/**
 * The records of earlier handoffs that are over and still hold this record's item, waiting for this handoff (its
 * from-user held the item on loan): they follow what this return finds (a deleted item is gone for them too).
 */
export async function waitingBehind(
  record: HandoffItem,
  records: readonly HandoffItem[],
  handoffs: HandoffCache,
): Promise<readonly HandoffItem[]> {
  return (await homeOf(record, records, handoffs)).settle;
}

/**
 * The later handoffs that moved the item on from this record's receiver, up to the one whose receiver has it now;
 * empty when no handoff explains where it is (a change by hand).
 */
function onwardChain(record: HandoffItem, records: readonly HandoffItem[], owner: PortalUserId): HandoffItem[] {
  const chain: HandoffItem[] = [];
  let link = record;
  const visited = new Set<HandoffId>([record.handoffId]);
  for (;;) {
    const next = records.findLast((r) => r.viaHandoffId === link.handoffId && holding(r) && !visited.has(r.handoffId));
    if (!next) return [];
    visited.add(next.handoffId);
    chain.push(next);
    if (next.newOwnerId === owner) return chain;
    link = next;
  }
}

/**
 * Decides a returning handoff's item from its current owner (`null`/undefined: deleted, decided by the caller).
 * With the receiver or the from-user (or `force`): home. Elsewhere through later handoffs: wait while one of them
 * covers an absence, else home (and those records settle as returned). Elsewhere by hand, or moved on by a robot:
 * kept, and so are the records of earlier handoffs that are over and were waiting for this one (`settle`).
 */
export async function decideReturn(
  record: HandoffItem,
  owner: PortalUserId,
  records: readonly HandoffItem[],
  handoffs: HandoffCache,
  force: boolean,
): Promise<ChainDecision> {
  const { home, settle } = await homeOf(record, records, handoffs);
  if (owner === home || force) {
    // Already home (a return resumed after a crash that sent it, or a change by hand) or forced home: the later
    // handoffs that moved it on and hold it still settle as when it is brought home from their receiver.
    return { action: 'home', home, settle: [...settle, ...(await settledOnward(record, records, handoffs))] };
  }
  if (owner === record.newOwnerId || owner === record.originalOwnerId) return { action: 'home', home, settle };
  const chain = onwardChain(record, records, owner);
  const first = chain[0];
  if (!first) return { action: 'kept', settle };
  const later = await Promise.all(chain.map((link) => handoffs.get(link.handoffId)));
  // A robot moved it on as the deal went through the pipeline: a workflow decision, like a change by hand.
  const robot = later.find((h) => h?.plan.source?.type === 'robot');
  if (robot) return { action: 'kept', by: robot.id, settle };
  if (later.some((h) => h && covers(h))) return { action: 'wait', onward: first.handoffId };
  return { action: 'home', home, settle: [...settle, ...chain] };
}

/**
 * The records of later handoffs that moved the item on from this record's receiver and still hold it, whoever has
 * it now, for an item that is home: settled with it unless one of those handoffs still covers an absence (its own
 * return settles it) or is a robot's (its record stays `moved`, a gift). Makes the settling idempotent: a return
 * that sent an item home and died before recording it settles the same records when it runs again.
 */
async function settledOnward(
  record: HandoffItem,
  records: readonly HandoffItem[],
  handoffs: HandoffCache,
): Promise<HandoffItem[]> {
  const chain: HandoffItem[] = [];
  let link = record;
  const visited = new Set<HandoffId>([record.handoffId]);
  for (;;) {
    const next = records.findLast((r) => r.viaHandoffId === link.handoffId && holding(r) && !visited.has(r.handoffId));
    if (!next) break;
    visited.add(next.handoffId);
    chain.push(next);
    link = next;
  }
  if (chain.length === 0) return chain;
  const later = await Promise.all(chain.map((r) => handoffs.get(r.handoffId)));
  return later.some((h) => !h || h.plan.source?.type === 'robot' || covers(h)) ? [] : chain;
}
