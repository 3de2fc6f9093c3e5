/**
 * `hr list|add|remove` for a chat surface (RunDeps.hr, issue 12): only portal admins manage the list; people are
 * stored by portal user (an e-mail or a portal mention) or by Slack user (a Slack mention, matched or not).
 * @module
 */
import type { PersonRef } from '../commands/person-ref.js';
import { fail, ok, problem, type Result } from '../commands/problems.js';
import type { RunDeps, Speaker } from '../commands/run-context.js';
import { HandoffError } from '../engine/errors.js';
import type { TenantId } from '../engine/ids.js';
import type { WorkSystem } from '../engine/ports.js';
import type { HrPeopleStore, HrPersonRef } from '../storage/hr-people-store.js';

export interface HrCommandDeps {
  readonly store: HrPeopleStore;
  readonly tenantId: TenantId;
  readonly workSystem: WorkSystem;
  readonly speaker: Speaker;
  /** How the surface writes a Slack user in a reply (`<@U1>`); absent where there are none. */
  readonly slackMention?: (slackUserId: string) => string;
}

export function createHrCommands(deps: HrCommandDeps): NonNullable<RunDeps['hr']> {
  const { store, tenantId, workSystem } = deps;

  async function ensureAdmin(): Promise<void> {
    const actor = deps.speaker.portalUserId === undefined ? null : await workSystem.getUser(deps.speaker.portalUserId);
    if (actor === null || !actor.isAdmin) {
      throw new HandoffError('not_allowed', 'only portal admins manage HR people', {
        reason: 'hr needs a portal admin',
      });
    }
  }

  async function refOf(ref: PersonRef): Promise<Result<{ person: HrPersonRef; name: string }>> {
    switch (ref.kind) {
      case 'slack':
        return ok({ person: { kind: 'slack', userId: ref.id }, name: deps.slackMention?.(ref.id) ?? ref.id });
      case 'portal': {
        const user = await workSystem.getUser(ref.id);
        return user === null
          ? fail(problem('person_not_found', String(ref.id)))
          : ok({ person: { kind: 'portal', userId: user.id }, name: user.name });
      }
      case 'email': {
        const user = await workSystem.findUserByEmail(ref.email);
        return user === null
          ? fail(problem('person_not_found', ref.email))
          : ok({ person: { kind: 'portal', userId: user.id }, name: user.name });
      }
      default: {
        const never: never = ref;
        return never;
      }
    }
  }

  return {
    async list() {
      const people = await store.listHrPeople(tenantId);
      return Promise.all(
        people.map(async ({ person }) =>
          person.kind === 'slack'
            ? (deps.slackMention?.(person.userId) ?? person.userId)
            : ((await workSystem.getUser(person.userId))?.name ?? `user #${person.userId}`),
        ),
      );
    },
    async add(ref) {
      await ensureAdmin();
      const found = await refOf(ref);
      if (!found.ok) return found;
      const added = await store.addHrPerson(tenantId, found.value.person, deps.speaker.label);
      return ok({ name: found.value.name, added });
    },
    async remove(ref) {
      await ensureAdmin();
      const found = await refOf(ref);
      if (!found.ok) return found;
      const removed = await store.removeHrPerson(tenantId, found.value.person);
      return ok({ name: found.value.name, removed });
    },
  };
}
