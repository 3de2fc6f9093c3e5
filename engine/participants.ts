/**
 * Who a handoff involves: its from-user, its initiator and every receiver (a receiving department: its members).
 * One definition for the stores' `involvingUserId` filter, the console's visibility rule and the surfaces' DMs and
 * App Home refreshes, so "involved" means the same everywhere.
 * @module
 */
import type { PortalUserId } from './ids.js';
import type { Handoff, ResolvedTarget } from './model.js';

/**
 * Every portal user a handoff's resolved targets name, deduplicated, in first-seen order.
 * @example receiverIds({ deals: { type: 'user', userId: 3, via: 'user' } }) // [3]
 */
export function receiverIds(targets: Handoff['targets']): PortalUserId[] {
  const seen = new Set<PortalUserId>();
  for (const target of Object.values(targets) as (ResolvedTarget | undefined)[]) {
    if (!target) continue;
    if (target.type === 'user') seen.add(target.userId);
    else for (const id of target.memberIds) seen.add(id);
  }
  return [...seen];
}

/** The from-user, the initiator (when a portal user) and every receiver of a handoff. */
export function participantsOf(handoff: Handoff): Set<PortalUserId> {
  const ids = new Set<PortalUserId>([handoff.plan.fromUserId]);
  if (handoff.plan.initiator.portalUserId !== undefined) ids.add(handoff.plan.initiator.portalUserId);
  for (const id of receiverIds(handoff.targets)) ids.add(id);
  return ids;
}

/** Whether the user is the from-user, a receiver or the initiator of the handoff (HandoffFilter.involvingUserId). */
export function involves(handoff: Handoff, userId: PortalUserId): boolean {
  return (
    handoff.plan.fromUserId === userId ||
    handoff.plan.initiator.portalUserId === userId ||
    receiverIds(handoff.targets).includes(userId)
  );
}
