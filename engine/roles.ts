/**
 * Named roles of a tenant (`paralegal` → a user, a department, or the head of a department): the port that stores
 * them, the name rule, and the small resolution functions the robot (and anyone else naming a role, such as a
 * vacation backup) calls when it runs, so each stage hands work to whoever holds the role today.
 * @module
 */
import { HandoffError } from './errors.js';
import type { PortalUserId, TenantId } from './ids.js';
import type { Target } from './model.js';
import type { WorkSystem } from './ports.js';

/** Who holds a role. */
export type RoleHolder =
  | { readonly type: 'user'; readonly userId: PortalUserId }
  /** Spread: a robot gives each document (with its related records) to the member with the fewest open ones. */
  | { readonly type: 'department'; readonly departmentId: number }
  /** Whoever heads the department when the role is used (`UF_HEAD`, reference §8). */
  | { readonly type: 'department_head'; readonly departmentId: number };

export interface Role {
  /** Lower-case, `[a-z][a-z0-9_-]*`, at most 40 characters. */
  readonly name: string;
  readonly holder: RoleHolder;
  readonly updatedAt: Date;
  /** Who set it, for the audit (e.g. "cli", "api-key:hr", "slack:U123"). */
  readonly updatedBy: string;
}

/**
 * The roles of each tenant. Every method sees only that tenant's roles; names are compared as stored (callers pass
 * names through parseRoleName, which lower-cases them).
 */
export interface RoleStore {
  /** Every role of the tenant, by name ascending. */
  listRoles(tenantId: TenantId): Promise<readonly Role[]>;
  /** The role, or null when the tenant has none of that name. */
  getRole(tenantId: TenantId, name: string): Promise<Role | null>;
  /** Creates or replaces the role of that name; idempotent. */
  setRole(tenantId: TenantId, role: Role): Promise<void>;
  /** Removes the role; false when there was none. */
  deleteRole(tenantId: TenantId, name: string): Promise<boolean>;
}

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

export type ParsedRoleName =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a role name (case-insensitive; stored lower-case).
 * @example parseRoleName('Paralegal') // { ok: true, value: 'paralegal' }
 */
export function parseRoleName(text: string): ParsedRoleName {
  const name = text.trim().toLowerCase();
  if (ROLE_NAME.test(name)) return { ok: true, value: name };
  return {
    ok: false,
    problem: `"${text.slice(0, 60)}" is not a role name: use a letter, then letters, digits, "-" or "_" (at most 40).`,
  };
}

/** A role holder as a handoff target: a user, a department split, or the department's head as that user. */
export async function roleTarget(holder: RoleHolder, workSystem: WorkSystem, field = 'to'): Promise<Target> {
  switch (holder.type) {
    case 'user':
      return { type: 'user', userId: holder.userId };
    case 'department':
      return { type: 'department', departmentId: holder.departmentId };
    case 'department_head': {
      const department = await workSystem.getDepartment(holder.departmentId);
      if (!department) {
        throw new HandoffError('unknown_department', `Department ${holder.departmentId} does not exist.`, {
          field,
          departmentId: holder.departmentId,
        });
      }
      if (department.headId === undefined) {
        throw new HandoffError('no_head', `Department ${holder.departmentId} has no head.`, {
          field,
          departmentId: holder.departmentId,
        });
      }
      return { type: 'user', userId: department.headId };
    }
    default: {
      const never: never = holder;
      throw new HandoffError('invalid_plan', 'Unknown role holder.', { field, reason: JSON.stringify(never) });
    }
  }
}

/**
 * The target a role names today: reads the role, then its holder (a department's head is looked up now).
 * Throws HandoffError `unknown_role` when the tenant has no such role.
 * @example const target = await resolveRole({ roles, workSystem }, tenantId, 'paralegal');
 */
export async function resolveRole(
  deps: { readonly roles: RoleStore; readonly workSystem: WorkSystem },
  tenantId: TenantId,
  name: string,
  field = 'to',
): Promise<{ readonly role: Role; readonly target: Target }> {
  const role = await deps.roles.getRole(tenantId, name);
  if (!role) {
    throw new HandoffError('unknown_role', `Role "${name}" is not defined.`, { field, role: name });
  }
  return { role, target: await roleTarget(role.holder, deps.workSystem, field) };
}

/** How a role holder reads for people: "user 12", "department 7", "the head of department 7". */
export function describeHolder(holder: RoleHolder): string {
  switch (holder.type) {
    case 'user':
      return `user ${holder.userId}`;
    case 'department':
      return `department ${holder.departmentId}`;
    case 'department_head':
      return `the head of department ${holder.departmentId}`;
    default: {
      const never: never = holder;
      return String(never);
    }
  }
}

/** The in-memory RoleStore (tests and the memory deployment); checked by the same contract suite as the others. */
export class MemoryRoleStore implements RoleStore {
  readonly #roles = new Map<TenantId, Map<string, Role>>();

  async listRoles(tenantId: TenantId): Promise<readonly Role[]> {
    return [...(this.#roles.get(tenantId)?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async getRole(tenantId: TenantId, name: string): Promise<Role | null> {
    return this.#roles.get(tenantId)?.get(name) ?? null;
  }

  async setRole(tenantId: TenantId, role: Role): Promise<void> {
    const roles = this.#roles.get(tenantId) ?? new Map<string, Role>();
    roles.set(role.name, { ...role, holder: { ...role.holder } });
    this.#roles.set(tenantId, roles);
  }

  async deleteRole(tenantId: TenantId, name: string): Promise<boolean> {
    return this.#roles.get(tenantId)?.delete(name) ?? false;
  }
}
