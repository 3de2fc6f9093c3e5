/**
 * Runs the role commands (`roles`, `role set …`, `role remove …`) through the RoleService: lists in words, sets a
 * holder (portal admins only; the holder is checked in the portal), removes. Surface-neutral replies.
 * @module
 */
import { describeHolder, type RoleHolder } from '../engine/roles.js';
import type { Command, RoleSpec } from './command.js';
import { NOTICES } from './notices.js';
import { resolveTarget } from './plan-builder.js';
import type { Result } from './problems.js';
import { fail, ok } from './problems.js';
import type { PersonNamer } from './render-replies.js';
import type { Reply } from './reply.js';
import type { RunContext, RunDeps } from './run-context.js';
import { errorReply } from './run-follow-ups.js';

type RoleCommand = Extract<Command, { type: 'roles' | 'role_set' | 'role_remove' }>;

async function holderOf(spec: RoleSpec, deps: RunDeps): Promise<Result<RoleHolder, { code: string; word?: string }>> {
  if (spec.type === 'user') {
    const target = await resolveTarget({ type: 'user', person: spec.person }, deps);
    if (!target.ok) return target;
    return target.value.type === 'user'
      ? ok({ type: 'user', userId: target.value.userId })
      : fail({ code: 'internal_error' });
  }
  const target = await resolveTarget({ type: 'department', department: spec.department }, deps);
  if (!target.ok) return target;
  return target.value.type === 'department'
    ? ok({ type: spec.type, departmentId: target.value.departmentId })
    : fail({ code: 'internal_error' });
}

async function holderText(holder: RoleHolder, name: PersonNamer): Promise<string> {
  if (holder.type !== 'user') return describeHolder(holder);
  return (await name(holder.userId)).name;
}

export async function runRoleCommand(
  command: RoleCommand,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const roles = deps.roles;
  if (!roles) return errorReply('not_supported', { word: 'role' });
  if (command.type === 'roles') {
    const list = await roles.list(ctx.tenantId);
    if (list.length === 0) return { type: 'text', tone: 'info', text: NOTICES.noRoles };
    const lines = await Promise.all(list.map(async (r) => `• ${r.name}: ${await holderText(r.holder, name)}`));
    return { type: 'text', tone: 'info', text: NOTICES.rolesList(lines) };
  }
  if (!(await deps.mayManageRoles?.(ctx.speaker))) {
    return { type: 'error', code: 'not_allowed', text: NOTICES.rolesAdminOnly };
  }
  if (command.type === 'role_remove') {
    await roles.remove(ctx.tenantId, command.name);
    return { type: 'text', tone: 'success', text: NOTICES.roleRemoved(command.name) };
  }
  const holder = await holderOf(command.holder, deps);
  if (!holder.ok) return errorReply(holder.problem.code as Parameters<typeof errorReply>[0], holder.problem);
  const role = await roles.set(ctx.tenantId, command.name, holder.value, ctx.speaker.label);
  return { type: 'text', tone: 'success', text: NOTICES.roleSet(role.name, await holderText(role.holder, name)) };
}
