/**
 * A plan's portal facts read together: the plan's check asks the kinds, the from-user, every named receiver, the
 * department tree and members, and the from-user's item counts in one `WorkSystem.readFacts` (one portal request on
 * Bitrix24) instead of one call each, then answers its checks from them. What was not asked falls back to the single
 * call, so a check never answers from a guess.
 * @module
 */
import { isHandoffError } from './errors.js';
import type { PortalUserId } from './ids.js';
import { type EntityKind, isEntityKind, STATIC_KINDS } from './kinds.js';
import type { Plan, Target } from './model.js';
import {
  type CountKey,
  countKeyOf,
  type Department,
  type FactsRequest,
  type Head,
  type ItemScope,
  type PortalFacts,
  type PortalUser,
  type WorkSystem,
} from './ports.js';

/** The part of the WorkSystem a plan's check reads. */
export type PlanReader = Pick<
  WorkSystem,
  'listKinds' | 'countItems' | 'getUser' | 'getDepartment' | 'headsOf' | 'departmentMembers'
>;

/** Everything the check of `plan` will ask the portal, as one request. */
export function factsRequestOf(plan: Plan): FactsRequest {
  const targets: Target[] = [plan.to, ...Object.values(plan.targets ?? {}).filter((t) => t !== undefined)];
  const users = new Set<PortalUserId>([plan.fromUserId]);
  const members = new Set<number>();
  let departments = false;
  for (const target of targets) {
    if (target.type === 'user') users.add(target.userId);
    else departments = true;
    if (target.type === 'department') members.add(target.departmentId);
  }
  // The from-user's counts of the kinds asked for (all the static ones when none are named): the preview and the
  // "nothing to move" check read them next, and the start job sizes its first listing by them.
  const scope: ItemScope = plan.options.allItems ? 'all' : 'open';
  const named = (plan.kinds ?? []).filter(isEntityKind);
  const kinds: readonly EntityKind[] = named.length > 0 ? named : STATIC_KINDS;
  const counts: CountKey[] = kinds.map((kind) => ({ kind, ownerId: plan.fromUserId, scope }));
  return { kinds: true, users: [...users], departments, members: [...members], counts };
}

/** Answers from facts read together; anything not among them is asked of the portal as before. */
export class FactsReader implements PlanReader {
  constructor(
    private readonly workSystem: WorkSystem,
    private readonly facts: PortalFacts,
  ) {}

  listKinds() {
    return this.facts.kinds ? Promise.resolve(this.facts.kinds) : this.workSystem.listKinds();
  }

  countItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): Promise<number> {
    const count = this.facts.counts.get(countKeyOf({ kind, ownerId, scope }));
    return count === undefined ? this.workSystem.countItems(kind, ownerId, scope) : Promise.resolve(count);
  }

  getUser(id: PortalUserId): Promise<PortalUser | null> {
    const user = this.facts.users.get(id);
    return user === undefined ? this.workSystem.getUser(id) : Promise.resolve(user);
  }

  getDepartment(id: number): Promise<Department | null> {
    if (!this.facts.departments) return this.workSystem.getDepartment(id);
    return Promise.resolve(this.facts.departments.find((d) => d.id === id) ?? null);
  }

  departmentMembers(departmentId: number): Promise<readonly PortalUser[]> {
    const members = this.facts.members.get(departmentId);
    return members ? Promise.resolve(members) : this.workSystem.departmentMembers(departmentId);
  }

  /** The walk up the tree and the heads' own records stay the adapter's (it reuses the tree just read). */
  headsOf(userId: PortalUserId): Promise<readonly Head[]> {
    return this.workSystem.headsOf(userId);
  }
}

/**
 * `readFacts` by the single calls, side by side: for adapters with nothing cheaper (the memory fake), and the
 * reference the batched ones must match.
 */
export async function readFactsOneByOne(
  workSystem: Omit<WorkSystem, 'readFacts'>,
  request: FactsRequest,
): Promise<PortalFacts> {
  const users = [...new Set(request.users ?? [])];
  const members = [...new Set(request.members ?? [])];
  const [kinds, userAnswers, departments, memberAnswers, counts] = await Promise.all([
    request.kinds ? workSystem.listKinds() : undefined,
    Promise.all(users.map((id) => workSystem.getUser(id))),
    request.departments ? workSystem.listDepartments() : undefined,
    Promise.all(members.map((id) => workSystem.departmentMembers(id))),
    Promise.all(
      (request.counts ?? []).map(async (key) => {
        try {
          return [countKeyOf(key), await workSystem.countItems(key.kind, key.ownerId, key.scope)] as const;
        } catch (error) {
          // A kind the portal does not offer is left out; the check asks again and gets the refusal.
          if (isHandoffError(error) && error.code === 'unknown_kind') return undefined;
          throw error;
        }
      }),
    ),
  ]);
  return {
    ...(kinds ? { kinds } : {}),
    users: new Map(users.map((id, index) => [id, userAnswers[index] ?? null])),
    ...(departments ? { departments } : {}),
    members: new Map(members.map((id, index) => [id, memberAnswers[index] ?? []])),
    counts: new Map(counts.filter((entry) => entry !== undefined)),
  };
}
