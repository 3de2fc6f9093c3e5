/**
 * A handoff for Slack unit tests: Anna (2) to Bob (3) for deals and department 7 (5, 6) for tasks, started in Slack
 * by U1 (portal user 1) in team T1.
 * @module
 */
import { type PortalUserId, toHandoffId, toPortalUserId, toTenantId } from '../../../../engine/ids.js';
import type { Handoff, HandoffStatus } from '../../../../engine/model.js';

export const TEAM = 'T1';
export const p = (id: number): PortalUserId => toPortalUserId(id);

export function handoffFixture(status: HandoffStatus, id = 'h1'): Handoff {
  const tenantId = toTenantId('t1');
  return {
    tenantId,
    id: toHandoffId(id),
    no: 1,
    status,
    plan: {
      tenantId,
      initiator: { label: 'slack:U1', portalUserId: p(1) },
      fromUserId: p(2),
      to: { type: 'user', userId: p(3) },
      when: { mode: 'permanent' },
      options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false },
      origin: { surface: 'slack', ref: { teamId: TEAM, channelId: 'C1', userId: 'U1' } },
    },
    targets: {
      deals: { type: 'user', userId: p(3), via: 'user' },
      tasks: { type: 'department', departmentId: 7, memberIds: [p(5), p(6)] },
    },
    kinds: ['deals', 'tasks'],
    createdAt: new Date(0),
    updatedAt: new Date(0),
    cancelRequested: false,
  };
}
