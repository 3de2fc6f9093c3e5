/**
 * Who decides an approval request (issue 12), for every chat surface: the from-user's heads; without one, the
 * tenant's HR people listed by portal user. The requester never decides their own request.
 * @module
 */
import type { PortalUserId, TenantId } from '../engine/ids.js';
import type { WorkSystem } from '../engine/ports.js';
import type { HrPeopleStore } from '../storage/hr-people-store.js';

export async function approversOf(
  deps: { readonly workSystem: Pick<WorkSystem, 'headsOf'>; readonly hrPeople?: HrPeopleStore | undefined },
  tenantId: TenantId,
  fromUserId: PortalUserId,
  requester: PortalUserId | undefined,
): Promise<PortalUserId[]> {
  const heads = (await deps.workSystem.headsOf(fromUserId)).map((h) => h.user.id).filter((id) => id !== requester);
  if (heads.length > 0) return [...new Set(heads)];
  const hr = (await deps.hrPeople?.listHrPeople(tenantId)) ?? [];
  return hr.flatMap((p) => (p.person.kind === 'portal' && p.person.userId !== requester ? [p.person.userId] : []));
}
