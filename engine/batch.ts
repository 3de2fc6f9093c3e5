/**
 * The batch step shared by transfer, reconcile and sweep: store new items as pending with their original owner,
 * change owners in one portal request, then record every outcome in one store transaction.
 * @module
 */
import type { HandoffId } from './ids.js';
import type { EntityKind } from './kinds.js';
import { createHandoffCache, findEarlierMoves } from './ledger.js';
import type { ItemStatus, SkipReason } from './model.js';
import type { ItemSummary, ItemUpdate, NewItem, OwnerChange } from './ports.js';
import { emitProgress, type Run, recordOutcome } from './run.js';

export interface BatchItem {
  readonly itemId: number;
  readonly title: string;
  readonly originalOwnerId: NewItem['originalOwnerId'];
  readonly newOwnerId: NewItem['newOwnerId'];
  /** The item's status in the store; null when it is not stored yet. */
  readonly stored: ItemStatus | null;
}

/** Send the owner change, or record an outcome already known (skipped, or moved by a batch we never recorded). */
export type BatchEntry =
  | (BatchItem & { readonly action: 'send' })
  | (BatchItem & { readonly action: 'record'; readonly status: ItemStatus; readonly skipReason?: SkipReason });

export interface Batcher {
  /** Adds an entry; returns true when that flushed a batch (the moment to check whether to stop). */
  add(entry: BatchEntry): Promise<boolean>;
  flush(): Promise<void>;
}

/** Collects one kind's entries and flushes them every `maxBatchSize` owner changes. */
export function createBatcher(run: Run, kind: EntityKind, dryRun: boolean): Batcher {
  const size = Math.max(1, run.workSystem.maxBatchSize);
  let entries: BatchEntry[] = [];
  let sends = 0;

  async function flush(): Promise<void> {
    if (entries.length === 0) return;
    const batch = entries;
    entries = [];
    sends = 0;
    await runBatch(run, kind, batch, dryRun);
  }

  return {
    async add(entry) {
      // A dry run sends nothing: what would move is recorded as skipped (dry_run).
      const effective: BatchEntry =
        dryRun && entry.action === 'send'
          ? { ...entry, action: 'record', status: 'skipped', skipReason: 'dry_run' }
          : entry;
      entries.push(effective);
      if (effective.action === 'send') sends += 1;
      if (sends >= size || entries.length >= size * 4) {
        await flush();
        return true;
      }
      return false;
    },
    flush,
  };
}

function isGone(result: OwnerChange | undefined): boolean {
  return result !== undefined && !result.ok && result.gone;
}

function toNewItem(kind: EntityKind, entry: BatchEntry, via: HandoffId | undefined): NewItem {
  const base = {
    kind,
    itemId: entry.itemId,
    title: entry.title,
    originalOwnerId: entry.originalOwnerId,
    newOwnerId: entry.newOwnerId,
    ...(via === undefined ? {} : { viaHandoffId: via }),
  };
  if (entry.action === 'send') return { ...base, status: 'pending' };
  return { ...base, status: entry.status, ...(entry.skipReason ? { skipReason: entry.skipReason } : {}) };
}

async function runBatch(run: Run, kind: EntityKind, batch: readonly BatchEntry[], dryRun: boolean): Promise<void> {
  const { store } = run.ctx;
  const { tenantId, id } = run.handoff;
  // Never lose who owned what: new items are stored (pending, with their original owner) before anything changes.
  // An item the from-user holds through an earlier handoff (lent or given) records that handoff: the chain its
  // returns follow (engine/ledger.ts).
  const freshEntries = batch.filter((e) => e.stored === null);
  const vias = dryRun
    ? new Map<number, HandoffId>()
    : await findEarlierMoves(
        store,
        createHandoffCache(store, tenantId),
        run.handoff,
        kind,
        freshEntries.filter((e) => e.action === 'send'),
      );
  const fresh = freshEntries.map((e) => toNewItem(kind, e, vias.get(e.itemId)));
  if (fresh.length > 0) await store.insertItems(tenantId, id, fresh);

  const sends = batch.filter((e) => e.action === 'send');
  const results =
    sends.length > 0
      ? await run.workSystem.setOwners(
          kind,
          sends.map((e) => ({ itemId: e.itemId, ownerId: e.newOwnerId })),
        )
      : [];
  const byItem = new Map(results.map((r) => [r.itemId, r]));
  // A change the portal refused may still have been applied (a server fault or a timeout after the save): ask who
  // owns those items now, so one that did move is recorded moved (and comes back on return), never failed.
  const unsure = sends.filter((e) => !byItem.get(e.itemId)?.ok && !isGone(byItem.get(e.itemId)));
  const ownersNow =
    unsure.length > 0
      ? await run.workSystem.readOwners(
          kind,
          unsure.map((e) => e.itemId),
        )
      : new Map<number, number | null>();

  const updates: ItemUpdate[] = [];
  const summaries: { from: ItemStatus | null; summary: ItemSummary }[] = [];
  for (const entry of batch) {
    let status: ItemStatus;
    let skipReason: SkipReason | undefined;
    let error: string | undefined;
    if (entry.action === 'record') {
      status = entry.status;
      skipReason = entry.skipReason;
      // Fresh recorded entries were inserted with their final status already.
      if (entry.stored !== null)
        updates.push({ kind, itemId: entry.itemId, status, ...(skipReason ? { skipReason } : {}) });
    } else {
      const result = byItem.get(entry.itemId);
      if (result?.ok || ownersNow.get(entry.itemId) === entry.newOwnerId) status = 'moved';
      else if (result?.gone) status = 'gone';
      else {
        status = 'failed';
        error = result ? `${result.code}: ${result.message}` : 'no result from the portal';
      }
      updates.push({ kind, itemId: entry.itemId, status, ...(error ? { error } : {}) });
    }
    summaries.push({
      // Fresh items were stored and resolved within this batch: the tally counts them from nothing.
      from: entry.stored,
      summary: {
        kind,
        itemId: entry.itemId,
        title: entry.title,
        status,
        newOwnerId: entry.newOwnerId,
        originalOwnerId: entry.originalOwnerId,
        ...(error ? { error } : {}),
      },
    });
  }
  if (updates.length > 0) await store.updateItems(tenantId, id, updates);

  for (const { from, summary } of summaries) {
    recordOutcome(run, from, summary);
    if (summary.status === 'failed')
      run.log.debug({ kind, itemId: summary.itemId, error: summary.error }, 'item.failed');
  }
  run.log.debug({ kind, items: batch.length, sent: sends.length, dryRun }, 'batch.done');
  emitProgress(run);
  await run.notify.relieve();
}
