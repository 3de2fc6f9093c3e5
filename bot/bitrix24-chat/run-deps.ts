/**
 * What commands/run.ts needs from the Bitrix24 chat for one request: identity is native (people are portal users
 * already: `[USER=12]` mentions and the speaker's own id), so resolving is a lookup; permissions are the same rule
 * as in Slack (a portal admin, a head of the from-user, or the from-user themself).
 * @module
 */

import { checkHandoffPermission } from '../../commands/handoff-permission.js';
import type { PersonRef } from '../../commands/person-ref.js';
import { fail, ok, problem, type Result } from '../../commands/problems.js';
import type { ApprovalDeps, RunDeps, Speaker } from '../../commands/run-context.js';
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import type { WorkSystem } from '../../engine/ports.js';
import type { RoleService } from '../../engine/role-service.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { isHrSpeaker } from '../hr-access.js';
import { createHrCommands } from '../hr-commands.js';

export function createBitrix24RunDeps(input: {
  readonly service: HandoffService;
  readonly workSystem: WorkSystem;
  readonly confirmSecret: string;
  readonly roles?: RoleService;
  readonly tenantId?: TenantId;
  readonly hrPeople?: HrPeopleStore | undefined;
  readonly speaker?: Speaker;
  /** The speaker is a portal admin (asked with their own token: the app's user.get knows only the installer's flag). */
  readonly speakerIsAdmin?: boolean;
  readonly consoleLink?: RunDeps['consoleLink'];
  /** Approvals (issue 12): with a store, a colleague may ask the from-user's head (or HR). */
  readonly approvals?: ApprovalDeps | undefined;
}): RunDeps {
  const ws = input.workSystem;
  return {
    service: input.service,
    confirmSecret: input.confirmSecret,
    ...(input.consoleLink === undefined ? {} : { consoleLink: input.consoleLink }),
    ...(input.approvals === undefined ? {} : { approvals: input.approvals }),
    async resolvePerson(ref: PersonRef): Promise<Result<PortalUserId>> {
      switch (ref.kind) {
        case 'portal': {
          const user = await ws.getUser(ref.id);
          return user === null ? fail(problem('person_not_found', `[USER=${ref.id}]`)) : ok(user.id);
        }
        case 'email': {
          const user = await ws.findUserByEmail(ref.email);
          return user === null ? fail(problem('person_not_found', ref.email)) : ok(user.id);
        }
        case 'slack':
          return fail(problem('not_supported', 'a Slack mention'));
        default: {
          const never: never = ref;
          return never;
        }
      }
    },
    async mayHandOff(speaker, fromUserId) {
      if (speaker.portalUserId === undefined) return false;
      const actor = await ws.getUser(speaker.portalUserId);
      if (actor === null || !actor.active) return false;
      const asKnown = input.speakerIsAdmin === true ? { ...actor, isAdmin: true } : actor;
      const hr =
        input.tenantId !== undefined &&
        (await isHrSpeaker(input.hrPeople, input.tenantId, { portalUserId: speaker.portalUserId }));
      return (await checkHandoffPermission(ws, asKnown, fromUserId, { hr })).ok;
    },
    findDepartments: (name) => ws.findDepartments(name),
    ...(input.roles ? { roles: input.roles } : {}),
    async mayManageRoles(speaker) {
      if (speaker.portalUserId === undefined) return false;
      const actor = await ws.getUser(speaker.portalUserId);
      return actor?.active === true && (actor.isAdmin || input.speakerIsAdmin === true);
    },
    ...(input.hrPeople && input.tenantId !== undefined && input.speaker
      ? {
          hr: createHrCommands({
            store: input.hrPeople,
            tenantId: input.tenantId,
            workSystem: ws,
            speaker: input.speaker,
          }),
        }
      : {}),
    async describePerson(id) {
      const user = await ws.getUser(id);
      return { name: user?.name ?? `user #${id}`, portalUserId: id, ref: { kind: 'portal', id } };
    },
  };
}
