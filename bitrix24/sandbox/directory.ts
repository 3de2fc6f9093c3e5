/**
 * Users and departments of the sandbox portal (user.get, department.get, profile).
 * @module
 */
import type { NewSandboxUser, SandboxDepartment, SandboxUser } from './types.js';

export class Directory {
  readonly users = new Map<number, SandboxUser>();
  readonly departments = new Map<number, SandboxDepartment>();
  private nextUserId = 1;

  addUser(user: NewSandboxUser & { readonly id?: number }): SandboxUser {
    const id = user.id ?? this.nextUserId;
    this.nextUserId = Math.max(this.nextUserId, id + 1);
    const name = user.name ?? `User${id}`;
    const lastName = user.lastName ?? `Sandbox`;
    const stored: SandboxUser = {
      id,
      name,
      lastName,
      email: user.email ?? `${name}.${lastName}.${id}@sandbox.example`.toLowerCase(),
      active: user.active ?? true,
      isAdmin: user.isAdmin ?? false,
      departmentIds: user.departmentIds ?? [1],
      timeZone: user.timeZone ?? 'Europe/Berlin',
      userType: 'employee',
    };
    this.users.set(id, stored);
    return stored;
  }

  setUser(user: SandboxUser): void {
    this.users.set(user.id, user);
    this.nextUserId = Math.max(this.nextUserId, user.id + 1);
  }

  deactivateUser(id: number): void {
    const user = this.users.get(id);
    if (user) this.users.set(id, { ...user, active: false });
  }

  /** A user who may own items: known and active. */
  isAssignable(id: number): boolean {
    return this.users.get(id)?.active === true;
  }

  setDepartment(department: SandboxDepartment): void {
    this.departments.set(department.id, department);
  }

  /** Ascending user ids (the candidate list for user.get). */
  userIds(): number[] {
    return [...this.users.keys()].sort((a, b) => a - b);
  }

  departmentIds(): number[] {
    return [...this.departments.keys()].sort((a, b) => a - b);
  }
}
