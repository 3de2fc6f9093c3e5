/**
 * What commands/run.ts needs from Slack for one request (RunDeps): mentions → portal users through identity,
 * the permission rule, the portal's departments, and `link`. Built per request so it closes over the speaker.
 * @module
 */

import { checkHandoffPermission } from '../../commands/handoff-permission.js';
import type { PersonRef } from '../../commands/person-ref.js';
import { fail, ok, problem, type Result } from '../../commands/problems.js';
import type { RunDeps, Speaker } from '../../commands/run-context.js';
import { HandoffError } from '../../engine/errors.js';
import type { PortalUserId } from '../../engine/ids.js';
import type { Logger } from '../../engine/ports.js';
import type { RoleService } from '../../engine/role-service.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { VacationService } from '../../engine/vacations.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { isHrSpeaker, slackUserOfLabel } from '../hr-access.js';
import { createHrCommands } from '../hr-commands.js';
import { createSlackApprovals } from './approvals.js';
import type { WebClient } from './clients.js';
import type { SlackIdentity } from './identity.js';
import type { IdentityLinkStore, SlackTenant } from './ports.js';

export interface SlackRunDepsInput {
  readonly service: HandoffService;
  readonly identity: SlackIdentity;
  readonly links: IdentityLinkStore;
  readonly client: WebClient;
  readonly tenant: SlackTenant;
  readonly speaker: Speaker;
  readonly confirmSecret: string;
  /** `/handoff console`: signs a console link (absent when the console has no PUBLIC_URL). */
  readonly consoleLink?: RunDeps['consoleLink'];
  readonly vacations?: VacationService | undefined;
  readonly roles?: RoleService;
  readonly hrPeople?: HrPeopleStore | undefined;
  /** Approvals (issue 12): a colleague's plan goes to the from-user's head (or HR) with Approve / Decline. */
  readonly approvals?: ApprovalStore | undefined;
  readonly logger?: Logger;
}

export function createSlackRunDeps(input: SlackRunDepsInput): RunDeps {
  const { tenant, identity, client } = input;
  const ws = tenant.workSystem;
  return {
    service: input.service,
    confirmSecret: input.confirmSecret,
    ...(input.consoleLink === undefined ? {} : { consoleLink: input.consoleLink }),
    ...(input.vacations ? { vacations: input.vacations } : {}),
    ...(input.approvals && input.logger
      ? {
          approvals: createSlackApprovals({
            store: input.approvals,
            hrPeople: input.hrPeople,
            client,
            tenant,
            identity,
            logger: input.logger,
          }),
        }
      : {}),
    ...(input.hrPeople
      ? {
          hr: createHrCommands({
            store: input.hrPeople,
            tenantId: tenant.tenantId,
            workSystem: ws,
            speaker: input.speaker,
            slackMention: (id) => `<@${id}>`,
          }),
        }
      : {}),
    async resolvePerson(ref: PersonRef): Promise<Result<PortalUserId>> {
      switch (ref.kind) {
        case 'portal':
          return ok(ref.id);
        case 'email': {
          const user = await ws.findUserByEmail(ref.email);
          return user === null ? fail(problem('person_not_found', ref.email)) : ok(user.id);
        }
        case 'slack': {
          const found = await identity.resolve(client, tenant, ref.id);
          if (found.ok) return ok(found.value.user.id);
          const code = found.problem.code === 'person_not_linked' ? 'person_not_linked' : 'person_not_found';
          return fail(
            problem(code, `<@${ref.id}>`, found.problem.code === 'person_not_linked' ? found.problem.email : undefined),
          );
        }
        default: {
          const never: never = ref;
          return never;
        }
      }
    },
    async mayHandOff(speaker, fromUserId) {
      const hr = await isHrSpeaker(input.hrPeople, tenant.tenantId, {
        portalUserId: speaker.portalUserId,
        slackUserId: slackUserOfLabel(speaker.label),
      });
      // An HR person listed by Slack user may act before being matched to a portal user.
      if (speaker.portalUserId === undefined) return hr;
      const actor = await ws.getUser(speaker.portalUserId);
      if (actor === null || !actor.active) return false;
      return (await checkHandoffPermission(ws, actor, fromUserId, { hr })).ok;
    },
    findDepartments: (name) => ws.findDepartments(name),
    ...(input.roles === undefined ? {} : { roles: input.roles }),
    async mayManageRoles(speaker) {
      if (speaker.portalUserId === undefined) return false;
      const actor = await ws.getUser(speaker.portalUserId);
      return actor?.active === true && actor.isAdmin;
    },
    async describePerson(id) {
      const user = await ws.getUser(id);
      return { name: user?.name ?? `user #${id}`, portalUserId: id };
    },
    async linkPerson(ref, portalUserId) {
      // Only portal admins link people: linking yourself to someone else's id would borrow their rights.
      const actor = input.speaker.portalUserId === undefined ? null : await ws.getUser(input.speaker.portalUserId);
      if (actor === null || !actor.isAdmin) {
        throw new HandoffError('not_allowed', 'only portal admins may link people', {
          reason: 'link needs a portal admin',
        });
      }
      if (ref.kind !== 'slack') return fail(problem('not_supported', ref.kind));
      const target = await ws.getUser(portalUserId);
      if (target === null) return fail(problem('person_not_found', String(portalUserId)));
      await input.links.linkUser(tenant.tenantId, ref.id, portalUserId);
      identity.forget(ref.id);
      return ok(undefined);
    },
  };
}
