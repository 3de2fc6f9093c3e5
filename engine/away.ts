/**
 * Who is away: the from-users of this tenant's active temporary handoffs. They receive no share of a department split,
 * and handing work to one of them is refused with the name of their backup (engine/receiver-away.ts).
 * @module
 */
import type { PortalUserId, TenantId } from './ids.js';
import type { Handoff, HandoffStatus } from './model.js';
import type { HandoffStore } from './ports.js';

/** A temporary handoff holds its from-user away from the moment it starts until its return has begun. */
const AWAY_STATUSES: readonly HandoffStatus[] = ['running', 'return_scheduled'];
const PAGE = 200;

/** From-users of active temporary handoffs in the tenant (pages through the store, newest first). */
export async function listAwayUserIds(store: HandoffStore, tenantId: TenantId): Promise<Set<PortalUserId>> {
  return new Set((await listAway(store, tenantId)).keys());
}

/** Who is away, each with the active temporary handoff that covers their absence (the newest, if several). */
export async function listAway(store: HandoffStore, tenantId: TenantId): Promise<Map<PortalUserId, Handoff>> {
  const away = new Map<PortalUserId, Handoff>();
  let beforeNo: number | undefined;
  for (;;) {
    const page = await store.listHandoffs(tenantId, {
      statuses: AWAY_STATUSES,
      limit: PAGE,
      ...(beforeNo === undefined ? {} : { beforeNo }),
    });
    for (const handoff of page) {
      const from = handoff.plan.fromUserId;
      if (handoff.plan.when.mode === 'temporary' && !handoff.plan.options.dryRun && !away.has(from))
        away.set(from, handoff);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return away;
    beforeNo = last.no;
  }
}

/**
 * Who will be away at `at` (a future start): those away now, plus the from-users of scheduled temporary handoffs
 * (a vacation booked ahead) whose period covers `at`. Handing work to one of them from `at` is refused as handing
 * it to someone away now is (engine/receiver-away.ts).
 */
export async function listAwayAt(
  store: HandoffStore,
  tenantId: TenantId,
  away: ReadonlyMap<PortalUserId, Handoff>,
  at: Date,
): Promise<Map<PortalUserId, Handoff>> {
  const result = new Map(away);
  let beforeNo: number | undefined;
  for (;;) {
    const page = await store.listHandoffs(tenantId, {
      statuses: ['scheduled'],
      limit: PAGE,
      ...(beforeNo === undefined ? {} : { beforeNo }),
    });
    for (const handoff of page) {
      const when = handoff.plan.when;
      if (when.mode !== 'temporary' || handoff.plan.options.dryRun || result.has(handoff.plan.fromUserId)) continue;
      const starts = (when.startAt ?? handoff.createdAt).getTime();
      if (starts <= at.getTime() && at.getTime() < when.returnAt.getTime())
        result.set(handoff.plan.fromUserId, handoff);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return result;
    beforeNo = last.no;
  }
}
