/**
 * Who sees which handoffs in the console, as in chat (`history` lists the speaker's own): a portal admin sees every
 * handoff of the tenant, and so does an HR person of the tenant (bot/hr-access.ts); anyone else the handoffs they are
 * in (from, receiver, initiator) and those of people whose work they may hand off (their reports, as a head). Anything else reads as unknown (404), like another tenant's.
 * The person is looked up once a minute at most: Job History polls while something runs, and every portal request
 * counts against the portal's rate limit, which the running transfer needs.
 * @module
 */

import { checkHandoffPermission } from '../../commands/handoff-permission.js';
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import type { Handoff } from '../../engine/model.js';
import { involves } from '../../engine/participants.js';
import type { Clock, PortalUser, WorkSystemResolver } from '../../engine/ports.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { isHrSpeaker } from '../hr-access.js';

const TTL_MS = 60_000;

export interface Visibility {
  /** The signed-in person as the portal knows them now; null when gone or deactivated. */
  actor(tenantId: TenantId, userId: PortalUserId): Promise<PortalUser | null>;
  /** Whether the person is on the tenant's HR list: they may hand off anyone's work, as in chat. */
  isHr(tenantId: TenantId, userId: PortalUserId): Promise<boolean>;
  /** Whether the person may see this handoff, its items and its audit trail. */
  maySee(tenantId: TenantId, userId: PortalUserId, handoff: Handoff): Promise<boolean>;
}

export function createVisibility(deps: {
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
  readonly hrPeople?: HrPeopleStore | undefined;
}): Visibility {
  const actors = new Map<string, { at: number; user: Promise<PortalUser | null> }>();

  function actor(tenantId: TenantId, userId: PortalUserId): Promise<PortalUser | null> {
    const key = `${tenantId}\u0000${userId}`;
    const now = deps.clock.now().getTime();
    const cached = actors.get(key);
    if (cached !== undefined && now - cached.at < TTL_MS) return cached.user;
    const user = deps.workSystems(tenantId).then(async (portal) => {
      const found = await portal.getUser(userId);
      return found?.active === true ? found : null;
    });
    actors.set(key, { at: now, user });
    user.catch(() => actors.delete(key));
    if (actors.size > 10_000) actors.delete(actors.keys().next().value as string);
    return user;
  }

  const isHr = (tenantId: TenantId, userId: PortalUserId) =>
    isHrSpeaker(deps.hrPeople, tenantId, { portalUserId: userId });

  return {
    actor,
    isHr,
    async maySee(tenantId, userId, handoff) {
      if (involves(handoff, userId)) return true;
      const me = await actor(tenantId, userId);
      if (me === null) return false;
      if (me.isAdmin || (await isHr(tenantId, userId))) return true;
      const portal = await deps.workSystems(tenantId);
      return (await checkHandoffPermission(portal, me, handoff.plan.fromUserId)).ok;
    },
  };
}
