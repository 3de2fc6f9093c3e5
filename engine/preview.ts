/**
 * Preview: what a plan would move, per kind and per receiver (the department split included), changing nothing.
 * @module
 */
import type { PortalUserId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { Preview } from './model.js';
import type { ValidatedPlan } from './plan.js';
import type { WorkSystem } from './ports.js';
import { waterFill } from './split.js';

export async function buildPreview(
  validated: ValidatedPlan,
  workSystem: Pick<WorkSystem, 'countItems'>,
): Promise<Preview> {
  const { plan, kinds, targets } = validated;
  const scope = plan.options.allItems ? 'all' : 'open';
  const countsByKind: Partial<Record<EntityKind, number>> = {};
  const countsByTarget: { userId: PortalUserId; kind: EntityKind; count: number }[] = [];
  let total = 0;
  for (const kind of kinds) {
    const count = await workSystem.countItems(kind, plan.fromUserId, scope);
    countsByKind[kind] = count;
    total += count;
    const target = targets[kind];
    if (!target || count === 0) continue;
    if (target.type === 'user') {
      countsByTarget.push({ userId: target.userId, kind, count });
      continue;
    }
    const loads = [];
    for (const userId of target.memberIds) {
      loads.push({ userId, load: await workSystem.countItems(kind, userId, 'open') });
    }
    for (const share of waterFill(loads, count)) {
      if (share.quota > 0) countsByTarget.push({ userId: share.userId, kind, count: share.quota });
    }
  }
  return { plan, kinds, targets, countsByKind, countsByTarget, total };
}
