/**
 * SqliteRoleStore: the tenants' named roles (engine/roles.ts RoleStore) in the `roles` table, one row per
 * (tenant, name); setting a role replaces the row.
 * @module
 */
import { and, asc, eq } from 'drizzle-orm';
import type { TenantId } from '../engine/ids.js';
import type { Role, RoleStore } from '../engine/roles.js';
import { fromHolderColumns, toHolderColumns } from './role-codec.js';
import { roles } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';

export class SqliteRoleStore implements RoleStore {
  readonly #db: SqliteDb;

  constructor(database: Pick<SqliteDatabase, 'db'>) {
    this.#db = database.db;
  }

  #byName(tenantId: TenantId, name: string) {
    return and(eq(roles.tenantId, tenantId), eq(roles.name, name));
  }

  async listRoles(tenantId: TenantId): Promise<readonly Role[]> {
    return this.#db.select().from(roles).where(eq(roles.tenantId, tenantId)).orderBy(asc(roles.name)).all().map(toRole);
  }

  async getRole(tenantId: TenantId, name: string): Promise<Role | null> {
    const row = this.#db.select().from(roles).where(this.#byName(tenantId, name)).get();
    return row ? toRole(row) : null;
  }

  async setRole(tenantId: TenantId, role: Role): Promise<void> {
    const values = { ...toHolderColumns(role.holder), updatedAt: role.updatedAt, updatedBy: role.updatedBy };
    this.#db
      .insert(roles)
      .values({ tenantId, name: role.name, ...values })
      .onConflictDoUpdate({ target: [roles.tenantId, roles.name], set: values })
      .run();
  }

  async deleteRole(tenantId: TenantId, name: string): Promise<boolean> {
    return this.#db.delete(roles).where(this.#byName(tenantId, name)).run().changes > 0;
  }
}

function toRole(row: typeof roles.$inferSelect): Role {
  return { name: row.name, holder: fromHolderColumns(row), updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
