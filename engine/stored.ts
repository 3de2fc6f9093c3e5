/**
 * A merge-join cursor over a handoff's stored items of one kind: answers "is this item already stored?" for item ids
 * that only ever grow (the portal lists by ascending id), holding one store page in memory.
 * @module
 */
import type { HandoffId, TenantId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { HandoffItem } from './model.js';
import type { HandoffStore } from './ports.js';

export interface StoredLookup {
  /** The stored item with this id, if any. Ids asked must not decrease between calls. */
  get(itemId: number): Promise<HandoffItem | undefined>;
}

const PAGE = 1000;

export function createStoredLookup(
  store: HandoffStore,
  tenantId: TenantId,
  handoffId: HandoffId,
  kind: EntityKind,
): StoredLookup {
  let page: readonly HandoffItem[] = [];
  let index = 0;
  let started = false;
  let done = false;
  let after: number | undefined;

  async function fill(): Promise<void> {
    page = await store.listItems(tenantId, handoffId, {
      kinds: [kind],
      limit: PAGE,
      ...(after === undefined ? {} : { after: { kind, itemId: after } }),
    });
    index = 0;
    started = true;
    done = page.length < PAGE;
    const last = page.at(-1);
    if (last) after = last.itemId;
  }

  return {
    async get(itemId) {
      for (;;) {
        while (index < page.length && (page[index]?.itemId ?? Number.POSITIVE_INFINITY) < itemId) index += 1;
        const current = page[index];
        if (current) return current.itemId === itemId ? current : undefined;
        if (started && done) return undefined;
        await fill();
      }
    },
  };
}
