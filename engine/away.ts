/**
 * Who is away: the from-users of this tenant's active temporary handoffs. They receive no share of a department split.
 * @module
 */
import type { PortalUserId, TenantId } from './ids.js';
import type { HandoffStatus } from './model.js';
import type { HandoffStore } from './ports.js';

/** A temporary handoff holds its from-user away from the moment it starts until its return has begun. */
const AWAY_STATUSES: readonly HandoffStatus[] = ['running', 'return_scheduled'];
const PAGE = 200;

/** From-users of active temporary handoffs in the tenant (pages through the store, newest first). */
export async function listAwayUserIds(store: HandoffStore, tenantId: TenantId): Promise<Set<PortalUserId>> {
  const away = new Set<PortalUserId>();
  let beforeNo: number | undefined;
  for (;;) {
    const page = await store.listHandoffs(tenantId, {
      statuses: AWAY_STATUSES,
      limit: PAGE,
      ...(beforeNo === undefined ? {} : { beforeNo }),
    });
    for (const handoff of page) {
      if (handoff.plan.when.mode === 'temporary' && !handoff.plan.options.dryRun) away.add(handoff.plan.fromUserId);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return away;
    beforeNo = last.no;
  }
}
