/**
 * MongoRoleStore: the tenants' named roles (engine/roles.ts RoleStore) on MongoDB, one document per (tenant, name)
 * as in the SQLite `roles` table; setting a role is an upsert.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import type { TenantId } from '../engine/ids.js';
import type { Role, RoleStore } from '../engine/roles.js';
import { fromHolderColumns, type HolderColumns, toHolderColumns } from './role-codec.js';

export const ROLES_COLLECTION = 'roles';

interface RoleDoc extends HolderColumns {
  tenantId: string;
  name: string;
  updatedAt: Date;
  updatedBy: string;
}

const INDEXES: IndexDescription[] = [{ key: { tenantId: 1, name: 1 }, name: 'roles_tenant_name_uq', unique: true }];

export class MongoRoleStore implements RoleStore {
  readonly #roles: Collection<RoleDoc>;

  private constructor(db: Db) {
    this.#roles = db.collection<RoleDoc>(ROLES_COLLECTION);
  }

  /** Creates the index the store relies on (idempotent), then the store. */
  static async open(db: Db): Promise<MongoRoleStore> {
    await db.collection(ROLES_COLLECTION).createIndexes(INDEXES);
    return new MongoRoleStore(db);
  }

  async listRoles(tenantId: TenantId): Promise<readonly Role[]> {
    const docs = await this.#roles
      .find({ tenantId }, { projection: { _id: 0 } })
      .sort({ name: 1 })
      .toArray();
    return docs.map(toRole);
  }

  async getRole(tenantId: TenantId, name: string): Promise<Role | null> {
    const doc = await this.#roles.findOne({ tenantId, name }, { projection: { _id: 0 } });
    return doc ? toRole(doc) : null;
  }

  async setRole(tenantId: TenantId, role: Role): Promise<void> {
    await this.#roles.updateOne(
      { tenantId, name: role.name },
      { $set: { ...toHolderColumns(role.holder), updatedAt: role.updatedAt, updatedBy: role.updatedBy } },
      { upsert: true },
    );
  }

  async deleteRole(tenantId: TenantId, name: string): Promise<boolean> {
    return (await this.#roles.deleteOne({ tenantId, name })).deletedCount > 0;
  }
}

function toRole(doc: RoleDoc): Role {
  return { name: doc.name, holder: fromHolderColumns(doc), updatedAt: doc.updatedAt, updatedBy: doc.updatedBy };
}
