/**
 * SqliteTenantStore: TenantStore on SQLite. The portal connection is stored encrypted; its domain and (OAuth)
 * member_id are kept in clear beside it so a tenant can be found by them without decrypting every row.
 * @module
 */
import { eq } from 'drizzle-orm';
import { type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';
import { tenants } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';
import {
  AdminsJson,
  applyTenantPatch,
  decodePortalConnection,
  encodePortalConnection,
  memberIdOf,
  PortalApp,
  type PortalConnection,
  type Tenant,
  type TenantPatch,
  type TenantStore,
} from './tenant-store.js';

type TenantRow = typeof tenants.$inferSelect;

function portalDomain(portal: PortalConnection): string {
  return portal.type === 'oauth' ? portal.domain : new URL(portal.url).host;
}

export class SqliteTenantStore implements TenantStore {
  readonly #db: SqliteDb;
  readonly #cipher: Cipher;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly cipher: Cipher; readonly clock?: Clock }) {
    this.#db = database.db;
    this.#cipher = options.cipher;
    this.#clock = options.clock ?? systemClock;
  }

  #fromRow(row: TenantRow): Tenant {
    return {
      id: toTenantId(row.id),
      name: row.name,
      ...(row.portalSecret !== null ? { portal: decodePortalConnection(this.#cipher, row.portalSecret) } : {}),
      ...(row.slackTeamId !== null ? { slackTeamId: row.slackTeamId } : {}),
      ...(row.bitrix24App !== null ? { app: PortalApp.parse(JSON.parse(row.bitrix24App)) } : {}),
      admins: AdminsJson.parse(JSON.parse(row.admins)),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  #toRow(tenant: Tenant): TenantRow {
    return {
      id: tenant.id,
      name: tenant.name,
      portalSecret: tenant.portal ? encodePortalConnection(this.#cipher, tenant.portal) : null,
      portalDomain: tenant.portal ? portalDomain(tenant.portal) : null,
      portalMemberId: memberIdOf(tenant) ?? null,
      slackTeamId: tenant.slackTeamId ?? null,
      bitrix24App: tenant.app ? JSON.stringify(tenant.app) : null,
      admins: JSON.stringify(tenant.admins),
      createdAt: tenant.createdAt,
      updatedAt: tenant.updatedAt,
    };
  }

  async ensureTenant(input: { readonly id: TenantId; readonly name: string }): Promise<Tenant> {
    const now = this.#clock.now();
    this.#db
      .insert(tenants)
      .values({ id: input.id, name: input.name, admins: '[]', createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .run();
    const row = this.#db.select().from(tenants).where(eq(tenants.id, input.id)).get();
    if (!row) throw new Error('tenant vanished right after its creation');
    return this.#fromRow(row);
  }

  async getTenant(id: TenantId): Promise<Tenant | null> {
    const row = this.#db.select().from(tenants).where(eq(tenants.id, id)).get();
    return row ? this.#fromRow(row) : null;
  }

  async findBySlackTeam(teamId: string): Promise<Tenant | null> {
    const row = this.#db.select().from(tenants).where(eq(tenants.slackTeamId, teamId)).get();
    return row ? this.#fromRow(row) : null;
  }

  async findByPortalMemberId(memberId: string): Promise<Tenant | null> {
    const row = this.#db.select().from(tenants).where(eq(tenants.portalMemberId, memberId)).get();
    return row ? this.#fromRow(row) : null;
  }

  async updateTenant(id: TenantId, patch: TenantPatch): Promise<Tenant | null> {
    return this.#db.transaction(
      (tx) => {
        const row = tx.select().from(tenants).where(eq(tenants.id, id)).get();
        if (!row) return null;
        const next = applyTenantPatch(this.#fromRow(row), patch, this.#clock.now());
        const { id: _id, createdAt: _c, ...changes } = this.#toRow(next);
        try {
          tx.update(tenants).set(changes).where(eq(tenants.id, id)).run();
        } catch (error) {
          if (error instanceof Error && /UNIQUE/.test(error.message))
            throw new Error('this Slack team or portal is already bound to another tenant');
          throw error;
        }
        return next;
      },
      { behavior: 'immediate' },
    );
  }

  async listTenants(): Promise<readonly Tenant[]> {
    return this.#db
      .select()
      .from(tenants)
      .orderBy(tenants.id)
      .all()
      .map((row) => this.#fromRow(row));
  }
}
