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

/** A planned absence (a temporary handoff not started yet) holds its from-user from its start to its return. */
const PLANNED_STATUSES: readonly HandoffStatus[] = ['scheduled'];

/**
 * Who is away at `instant`: the absences under way (as listAway) that end after it, and the planned ones (scheduled
 * temporary handoffs) whose period contains it. A handoff starting then is refused for these receivers
 * (engine/receiver-away.ts); `except` leaves out the handoff being checked itself.
 */
export async function listAwayAt(
  store: HandoffStore,
  tenantId: TenantId,
  instant: Date,
  except?: Handoff['id'],
): Promise<Map<PortalUserId, Handoff>> {
  const t = instant.getTime();
  const away = new Map<PortalUserId, Handoff>();
  for (const [userId, handoff] of await listAway(store, tenantId)) {
    if (handoff.id === except) continue;
    if (handoff.plan.when.mode === 'temporary' && handoff.plan.when.returnAt.getTime() > t) away.set(userId, handoff);
  }
  let beforeNo: number | undefined;
  for (;;) {
    const page = await store.listHandoffs(tenantId, {
      statuses: PLANNED_STATUSES,
      limit: PAGE,
      ...(beforeNo === undefined ? {} : { beforeNo }),
    });
    for (const handoff of page) {
      const { when, fromUserId } = handoff.plan;
      if (handoff.id === except || when.mode !== 'temporary' || handoff.plan.options.dryRun) continue;
      const start = (when.startAt ?? handoff.createdAt).getTime();
      if (start <= t && t < when.returnAt.getTime() && !away.has(fromUserId)) away.set(fromUserId, handoff);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return away;
    beforeNo = last.no;
  }
}
