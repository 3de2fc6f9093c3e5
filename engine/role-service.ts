/**
 * Managing a tenant's named roles (engine/roles.ts) from every surface (CLI, API, chat): list, read, set (the holder
 * is checked against the portal: an active user, an existing department) and remove. Who holds a role is read again
 * whenever it is used, so setting it changes where the next robot handoff goes, not the ones before.
 * @module
 */
import { HandoffError } from './errors.js';
import type { TenantId } from './ids.js';
import type { Clock, WorkSystemResolver } from './ports.js';
import { parseRoleName, type Role, type RoleHolder, type RoleStore } from './roles.js';

export interface RoleService {
  /** Every role of the tenant, by name. */
  list(tenantId: TenantId): Promise<readonly Role[]>;
  /** The role; HandoffError `unknown_role` when there is none, `invalid_plan` (field `role`) for a bad name. */
  get(tenantId: TenantId, name: string): Promise<Role>;
  /** Creates or replaces the role after checking the holder in the portal. */
  set(tenantId: TenantId, name: string, holder: RoleHolder, actor: string): Promise<Role>;
  /** Removes the role; HandoffError `unknown_role` when there was none. */
  remove(tenantId: TenantId, name: string): Promise<void>;
}

export interface RoleServiceDeps {
  readonly roles: RoleStore;
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
}

function nameOf(text: string): string {
  const parsed = parseRoleName(text);
  if (!parsed.ok) throw new HandoffError('invalid_plan', parsed.problem, { field: 'role', reason: parsed.problem });
  return parsed.value;
}

function unknownRole(name: string): HandoffError {
  return new HandoffError('unknown_role', `Role "${name}" is not defined.`, { field: 'role', role: name });
}

export function createRoleService(deps: RoleServiceDeps): RoleService {
  async function checkHolder(tenantId: TenantId, holder: RoleHolder): Promise<void> {
    const portal = await deps.workSystems(tenantId);
    if (holder.type === 'user') {
      const user = await portal.getUser(holder.userId);
      if (!user) {
        throw new HandoffError('unknown_user', `User ${holder.userId} does not exist in the portal.`, {
          field: 'holder',
          userId: holder.userId,
        });
      }
      if (!user.active) {
        throw new HandoffError('inactive_user', `User ${holder.userId} is not active.`, {
          field: 'holder',
          userId: holder.userId,
        });
      }
      return;
    }
    const department = await portal.getDepartment(holder.departmentId);
    if (!department) {
      throw new HandoffError('unknown_department', `Department ${holder.departmentId} does not exist.`, {
        field: 'holder',
        departmentId: holder.departmentId,
      });
    }
    if (holder.type === 'department_head' && department.headId === undefined) {
      throw new HandoffError('no_head', `Department ${holder.departmentId} has no head.`, {
        field: 'holder',
        departmentId: holder.departmentId,
      });
    }
  }

  return {
    list: (tenantId) => deps.roles.listRoles(tenantId),
    async get(tenantId, text) {
      const name = nameOf(text);
      const role = await deps.roles.getRole(tenantId, name);
      if (!role) throw unknownRole(name);
      return role;
    },
    async set(tenantId, text, holder, actor) {
      const name = nameOf(text);
      await checkHolder(tenantId, holder);
      const role: Role = { name, holder, updatedAt: deps.clock.now(), updatedBy: actor };
      await deps.roles.setRole(tenantId, role);
      return role;
    },
    async remove(tenantId, text) {
      const name = nameOf(text);
      if (!(await deps.roles.deleteRole(tenantId, name))) throw unknownRole(name);
    },
  };
}
