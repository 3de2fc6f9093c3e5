/**
 * The lent items a return left with a later handoff's receiver (engine/README.md, the ledger): per kind, per later
 * handoff and per holder, how many wait there and come home when that handoff ends. One fact every surface words
 * its own way ("2 waiting: home when H-4 ends (with Carl)").
 * @module
 */
import type { EngineContext } from './context.js';
import { formatHandoffNo, type HandoffId, type PortalUserId } from './ids.js';
import { createHandoffCache } from './ledger.js';
import type { Handoff, HandoffItem, ItemCounts } from './model.js';

/** Items of one kind that wait with `holderId` until handoff `onwardHandoffNo` ends. */
export interface WaitingGroup {
  readonly kind: HandoffItem['kind'];
  readonly onwardHandoffNo: number;
  readonly holderId: PortalUserId;
  readonly count: number;
}

const PAGE = 1000;

/** Every `moved` record of the handoff, page by page. */
async function movedItems(ctx: Pick<EngineContext, 'store'>, handoff: Handoff): Promise<HandoffItem[]> {
  const all: HandoffItem[] = [];
  let after: { kind: HandoffItem['kind']; itemId: number } | undefined;
  for (;;) {
    const page = await ctx.store.listItems(handoff.tenantId, handoff.id, {
      statuses: ['moved'],
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    all.push(...page);
    if (page.length < PAGE) return all;
    const last = page[page.length - 1] as HandoffItem;
    after = { kind: last.kind, itemId: last.itemId };
  }
}

/**
 * The waiting groups of a handoff whose return has begun; empty before (a moved item is then simply with its
 * receiver) and when nothing waits. Reads the items only when some are still `moved`.
 */
export async function waitingOf(
  ctx: Pick<EngineContext, 'store'>,
  handoff: Handoff,
  counts: ItemCounts,
): Promise<readonly WaitingGroup[]> {
  const returnBegun =
    handoff.returnStartedAt !== undefined || handoff.status === 'returning' || handoff.status === 'returned';
  if (!returnBegun || counts.byStatus.moved === 0) return [];
  const handoffs = createHandoffCache(ctx.store, handoff.tenantId);
  const groups = new Map<
    string,
    { kind: HandoffItem['kind']; onward: HandoffId; holderId: PortalUserId; count: number }
  >();
  for (const item of await movedItems(ctx, handoff)) {
    if (item.onwardHandoffId === undefined) continue;
    const holderId = item.currentOwnerId ?? item.newOwnerId;
    const key = `${item.kind}\u0000${item.onwardHandoffId}\u0000${holderId}`;
    const group = groups.get(key) ?? { kind: item.kind, onward: item.onwardHandoffId, holderId, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  const result: WaitingGroup[] = [];
  for (const group of groups.values()) {
    const onward = await handoffs.get(group.onward);
    if (!onward) continue;
    result.push({ kind: group.kind, onwardHandoffNo: onward.no, holderId: group.holderId, count: group.count });
  }
  return result.sort((a, b) => a.kind.localeCompare(b.kind) || a.onwardHandoffNo - b.onwardHandoffNo);
}

/** The groups per later handoff, as the audit trail words them: `[{ handoff: 'H-4', items: 5 }]`. */
export function waitingPerHandoff(
  groups: readonly WaitingGroup[],
): { readonly handoff: string; readonly items: number }[] {
  const per = new Map<number, number>();
  for (const g of groups) per.set(g.onwardHandoffNo, (per.get(g.onwardHandoffNo) ?? 0) + g.count);
  return [...per].map(([no, items]) => ({ handoff: formatHandoffNo(no), items }));
}
