/**
 * Crash safety: items left `pending` (stored, maybe sent, never recorded) get their true state from the portal before
 * anything else runs. With the new owner: moved. With the original: sent again. With someone else: skipped
 * (changed_since). Deleted: gone. No item is ever updated twice.
 * @module
 */
import { type BatchEntry, createBatcher } from './batch.js';
import type { EntityKind } from './kinds.js';
import type { HandoffItem } from './model.js';
import { readOwnersOrGone } from './owners.js';
import { type Run, shouldStop } from './run.js';

const PAGE = 1000;

function decide(item: HandoffItem, owner: number | null | undefined): BatchEntry {
  const base = {
    itemId: item.itemId,
    title: item.title,
    originalOwnerId: item.originalOwnerId,
    newOwnerId: item.newOwnerId,
    stored: item.status,
  };
  if (owner === null || owner === undefined) return { ...base, action: 'record', status: 'gone' };
  if (owner === item.newOwnerId) return { ...base, action: 'record', status: 'moved' };
  if (owner === item.originalOwnerId) return { ...base, action: 'send' };
  return { ...base, action: 'record', status: 'skipped', skipReason: 'changed_since' };
}

/** Settles every pending item of the run's handoff. Stops between batches when the run must stop. */
export async function reconcilePending(run: Run): Promise<void> {
  const { store } = run.ctx;
  const { tenantId, id } = run.handoff;
  let after: { kind: EntityKind; itemId: number } | undefined;
  for (;;) {
    const page = await store.listItems(tenantId, id, {
      statuses: ['pending'],
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    if (page.length === 0) return;
    const last = page.at(-1);
    if (last) after = { kind: last.kind, itemId: last.itemId };

    for (const [kind, items] of groupByKind(page)) {
      const size = Math.max(1, run.workSystem.maxBatchSize);
      const batcher = createBatcher(run, kind, false);
      for (let start = 0; start < items.length; start += size) {
        const chunk = items.slice(start, start + size);
        const owners = await readOwnersOrGone(
          run.workSystem,
          kind,
          chunk.map((i) => i.itemId),
        );
        for (const item of chunk) await batcher.add(decide(item, owners.get(item.itemId)));
        await batcher.flush();
        if (await shouldStop(run)) return;
      }
    }
    if (page.length < PAGE) return;
  }
}

function groupByKind(items: readonly HandoffItem[]): Map<EntityKind, HandoffItem[]> {
  const groups = new Map<EntityKind, HandoffItem[]>();
  for (const item of items) {
    const list = groups.get(item.kind) ?? [];
    list.push(item);
    groups.set(item.kind, list);
  }
  return groups;
}
