/**
 * Changed Entities' status filter: the item statuses, plus `waiting` — lent items a later handoff still holds
 * (stored as `moved` with `onwardHandoffNo`; engine/README.md, the ledger). The store filters by status; the
 * `waiting` split of `moved` is made here, reading on page by page until a page is full.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import { ITEM_STATUSES, type ItemStatus } from '../../engine/model.js';
import type { HandoffItemView, HandoffService } from '../../engine/service-types.js';
import { csvOf, ItemListQuery } from '../api/schemas.js';

export const CONSOLE_ITEM_FILTERS = [...ITEM_STATUSES, 'waiting'] as const;
export type ConsoleItemFilter = (typeof CONSOLE_ITEM_FILTERS)[number];

/** The REST API's item query with `waiting` among the statuses. */
export const ConsoleItemListQuery = ItemListQuery.extend({
  status: csvOf(CONSOLE_ITEM_FILTERS, 'status').optional().meta({ description: 'Item statuses or waiting.' }),
});

export interface ItemStatusFilter {
  /** What the store is asked for (`waiting` read as `moved`); undefined: every status. */
  readonly statuses?: readonly ItemStatus[];
  /** Whether an item the store gave back is shown. */
  readonly keeps: (item: HandoffItemView) => boolean;
}

/** `moved,waiting` → statuses for the store and the test on what it answers. Unknown words are ignored. */
export function itemStatusFilter(raw: string | undefined): ItemStatusFilter {
  const asked = (raw ?? '')
    .split(',')
    .filter((s): s is ConsoleItemFilter => (CONSOLE_ITEM_FILTERS as readonly string[]).includes(s));
  if (asked.length === 0) return { keeps: () => true };
  const waiting = asked.includes('waiting');
  const moved = asked.includes('moved');
  const statuses = [...new Set(asked.map((s): ItemStatus => (s === 'waiting' ? 'moved' : s)))];
  return {
    statuses,
    keeps: (item) => item.status !== 'moved' || moved || (waiting && item.onwardHandoffNo !== undefined),
  };
}

type Cursor = { readonly kind: EntityKind; readonly itemId: number };

/** Up to `limit` items the filter keeps, after `after`; reads on while pages come back full. */
export async function readFilteredItems(
  service: Pick<HandoffService, 'items'>,
  tenantId: Parameters<HandoffService['items']>[0],
  no: number,
  query: {
    readonly filter: ItemStatusFilter;
    readonly kinds?: readonly EntityKind[];
    readonly after?: Cursor;
    readonly limit: number;
  },
): Promise<HandoffItemView[]> {
  const kept: HandoffItemView[] = [];
  let after = query.after;
  for (;;) {
    const page = await service.items(tenantId, no, {
      limit: query.limit,
      ...(query.filter.statuses === undefined ? {} : { statuses: query.filter.statuses }),
      ...(query.kinds === undefined ? {} : { kinds: query.kinds }),
      ...(after === undefined ? {} : { after }),
    });
    for (const item of page) {
      if (kept.length < query.limit && query.filter.keeps(item)) kept.push(item);
    }
    const last = page.at(-1);
    if (kept.length >= query.limit || page.length < query.limit || last === undefined) return kept;
    after = { kind: last.kind, itemId: last.itemId };
  }
}
