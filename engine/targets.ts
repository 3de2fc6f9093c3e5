/**
 * Target resolution: turns "an employee", "the from-user's head" or "a department" into concrete, active receivers,
 * or a HandoffError naming the plan field and the reason.
 * @module
 */
import { HandoffError } from './errors.js';
import type { PortalUserId } from './ids.js';
import type { Handoff, ResolvedTarget, Target } from './model.js';
import type { WorkSystem } from './ports.js';

export interface TargetScope {
  readonly workSystem: Pick<WorkSystem, 'getUser' | 'headsOf' | 'getDepartment' | 'departmentMembers'>;
  readonly fromUserId: PortalUserId;
  /** From-users of active temporary handoffs: left out of department splits. */
  readonly away: ReadonlySet<PortalUserId>;
}

/** Resolves one target; `field` names the plan field for errors (`to`, `targets.tasks`). */
export async function resolveTarget(target: Target, scope: TargetScope, field: string): Promise<ResolvedTarget> {
  switch (target.type) {
    case 'user':
      return resolveUser(target.userId, scope, field);
    case 'head':
      return resolveHead(target.departmentId, scope, field);
    case 'department':
      return resolveDepartment(target.departmentId, scope, field);
    default: {
      const unknown: never = target;
      throw new HandoffError('invalid_plan', 'Unknown target type.', { field, reason: JSON.stringify(unknown) });
    }
  }
}

async function resolveUser(userId: PortalUserId, scope: TargetScope, field: string): Promise<ResolvedTarget> {
  if (userId === scope.fromUserId) {
    throw new HandoffError('same_person', 'The from-user and the receiver are the same person.', { field, userId });
  }
  const user = await scope.workSystem.getUser(userId);
  if (!user) throw new HandoffError('unknown_user', `User ${userId} does not exist in the portal.`, { field, userId });
  if (!user.active) throw new HandoffError('inactive_user', `User ${userId} is not active.`, { field, userId });
  return { type: 'user', userId, via: 'user' };
}

async function resolveHead(
  departmentId: number | undefined,
  scope: TargetScope,
  field: string,
): Promise<ResolvedTarget> {
  const heads = await scope.workSystem.headsOf(scope.fromUserId);
  const listed = heads.map((h) => ({
    departmentId: h.departmentId,
    departmentName: h.departmentName,
    userId: h.user.id,
    name: h.user.name,
  }));
  const candidates = departmentId === undefined ? heads : heads.filter((h) => h.departmentId === departmentId);
  const head = candidates[0];
  if (!head) {
    throw new HandoffError(
      'no_head',
      departmentId === undefined ? 'The from-user has no head.' : `No head found through department ${departmentId}.`,
      { field, userId: scope.fromUserId, ...(departmentId === undefined ? {} : { departmentId }), heads: listed },
    );
  }
  // Several departments, several heads: a person has to choose; the error lists them so a surface can ask.
  if (new Set(candidates.map((h) => h.user.id)).size > 1) {
    throw new HandoffError('ambiguous_head', 'The from-user has several heads; choose one department.', {
      field,
      userId: scope.fromUserId,
      heads: listed,
    });
  }
  if (head.user.id === scope.fromUserId) {
    throw new HandoffError('same_person', 'The from-user is their own head.', { field, userId: head.user.id });
  }
  if (!head.user.active) {
    throw new HandoffError('inactive_user', `The head, user ${head.user.id}, is not active.`, {
      field,
      userId: head.user.id,
    });
  }
  return { type: 'user', userId: head.user.id, via: 'head' };
}

async function resolveDepartment(departmentId: number, scope: TargetScope, field: string): Promise<ResolvedTarget> {
  const department = await scope.workSystem.getDepartment(departmentId);
  if (!department) {
    throw new HandoffError('unknown_department', `Department ${departmentId} does not exist.`, {
      field,
      departmentId,
    });
  }
  const members = await scope.workSystem.departmentMembers(departmentId);
  const memberIds = members
    .filter((m) => m.active && m.id !== scope.fromUserId && !scope.away.has(m.id))
    .map((m) => m.id)
    .sort((a, b) => a - b);
  if (memberIds.length === 0) {
    throw new HandoffError('empty_department', `Nobody in department ${departmentId} can receive items.`, {
      field,
      departmentId,
    });
  }
  return { type: 'department', departmentId, memberIds: [...new Set(memberIds)] };
}

/** The people a resolved target hands items to. */
export function receiversOf(target: ResolvedTarget): readonly PortalUserId[] {
  return target.type === 'user' ? [target.userId] : target.memberIds;
}

/**
 * The first single-person receiver (an employee, or a head) who is no longer an active user of the portal, as the
 * HandoffError that names them; null when all are. A scheduled start or a sweep runs days after the plan was
 * checked, and someone who left since must not be handed items. (A department split leaves out members who left on
 * its own, in engine/enumerate.ts.) One `getUser` per distinct receiver; a PortalError from it is thrown.
 */
export async function findInactiveReceiver(
  workSystem: WorkSystem,
  handoff: Pick<Handoff, 'kinds' | 'targets' | 'plan'>,
): Promise<HandoffError | null> {
  const checked = new Set<PortalUserId>();
  for (const kind of handoff.kinds) {
    const target = handoff.targets[kind];
    if (target?.type !== 'user' || checked.has(target.userId)) continue;
    checked.add(target.userId);
    const user = await workSystem.getUser(target.userId);
    if (user?.active) continue;
    const field = handoff.plan.targets?.[kind] ? `targets.${kind}` : 'to';
    const role = target.via === 'head' ? 'The head' : 'The receiver';
    if (!user) {
      return new HandoffError('unknown_user', `${role}, user ${target.userId}, no longer exists in the portal.`, {
        field,
        userId: target.userId,
      });
    }
    return new HandoffError(
      'inactive_user',
      `${role}, ${user.name} (user ${target.userId}), is no longer active in Bitrix24; nothing more goes to them.`,
      { field, userId: target.userId },
    );
  }
  return null;
}
