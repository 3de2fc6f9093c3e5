/**
 * MongoTenantStore: TenantStore on MongoDB, the same document fields as the SQLite `tenants` table. The portal
 * connection is stored encrypted; its domain and (OAuth) member_id are kept in clear beside it so a tenant can be
 * found by them without decrypting every document. Updates are compare-and-set on a `version` field (no
 * multi-document transactions, so it also runs on a standalone server).
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import { type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';
import { isDuplicateKey } from './mongo-store.js';
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

export const TENANTS_COLLECTION = 'tenants';

export interface TenantDoc {
  id: string;
  name: string;
  /** The portal connection as encrypted JSON (storage/crypto.ts). */
  portalSecret: string | null;
  portalDomain: string | null;
  portalMemberId: string | null;
  slackTeamId: string | null;
  /** The installed Bitrix24 app (member id, domain, token hash, bot id); absent in documents older than it. */
  bitrix24App?: PortalApp | null;
  admins: number[];
  /** Bumped by every update: the compare-and-set token. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The SQLite table's primary key and unique indexes. SQLite lets any number of rows hold NULL under a unique index;
 * Mongo indexes null like a value, so the two optional keys are unique only where they are strings.
 */
const INDEXES: IndexDescription[] = [
  { key: { id: 1 }, name: 'tenants_id_uq', unique: true },
  {
    key: { slackTeamId: 1 },
    name: 'tenants_slack_team_uq',
    unique: true,
    partialFilterExpression: { slackTeamId: { $type: 'string' } },
  },
  {
    key: { portalMemberId: 1 },
    name: 'tenants_portal_member_uq',
    unique: true,
    partialFilterExpression: { portalMemberId: { $type: 'string' } },
  },
];

/** Compare-and-set retries when another writer changed the tenant between our read and our write. */
const MAX_CAS_ATTEMPTS = 20;

// Same derivation as SqliteTenantStore's column of the same name (for display and operators; nothing queries it).
function portalDomain(portal: PortalConnection): string {
  return portal.type === 'oauth' ? portal.domain : new URL(portal.url).host;
}

export class MongoTenantStore implements TenantStore {
  readonly #tenants: Collection<TenantDoc>;
  readonly #cipher: Cipher;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly cipher: Cipher; readonly clock?: Clock }) {
    this.#tenants = db.collection<TenantDoc>(TENANTS_COLLECTION);
    this.#cipher = options.cipher;
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the unique indexes the store relies on (idempotent), then the store. */
  static async open(db: Db, options: { readonly cipher: Cipher; readonly clock?: Clock }): Promise<MongoTenantStore> {
    await db.collection(TENANTS_COLLECTION).createIndexes(INDEXES);
    return new MongoTenantStore(db, options);
  }

  #fromDoc(doc: TenantDoc): Tenant {
    return {
      id: toTenantId(doc.id),
      name: doc.name,
      ...(doc.portalSecret !== null ? { portal: decodePortalConnection(this.#cipher, doc.portalSecret) } : {}),
      ...(doc.slackTeamId !== null ? { slackTeamId: doc.slackTeamId } : {}),
      ...(doc.bitrix24App != null ? { app: PortalApp.parse(doc.bitrix24App) } : {}),
      admins: AdminsJson.parse(doc.admins),
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
    };
  }

  #toDoc(tenant: Tenant, version: number): TenantDoc {
    return {
      id: tenant.id,
      name: tenant.name,
      portalSecret: tenant.portal ? encodePortalConnection(this.#cipher, tenant.portal) : null,
      portalDomain: tenant.portal ? portalDomain(tenant.portal) : null,
      portalMemberId: memberIdOf(tenant) ?? null,
      slackTeamId: tenant.slackTeamId ?? null,
      bitrix24App: tenant.app ? { ...tenant.app } : null,
      admins: [...tenant.admins],
      version,
      createdAt: tenant.createdAt,
      updatedAt: tenant.updatedAt,
    };
  }

  async #find(filter: Partial<Pick<TenantDoc, 'id' | 'slackTeamId' | 'portalMemberId'>>): Promise<Tenant | null> {
    const doc = await this.#tenants.findOne(filter, { projection: { _id: 0 } });
    return doc ? this.#fromDoc(doc) : null;
  }

  async ensureTenant(input: { readonly id: TenantId; readonly name: string }): Promise<Tenant> {
    const now = this.#clock.now();
    try {
      await this.#tenants.insertOne(
        this.#toDoc({ id: input.id, name: input.name, admins: [], createdAt: now, updatedAt: now }, 0),
      );
    } catch (error) {
      // Already there (or created by another replica just now): the stored one wins, as INSERT … ON CONFLICT DO NOTHING.
      if (!isDuplicateKey(error)) throw error;
    }
    const tenant = await this.#find({ id: input.id });
    if (!tenant) throw new Error('tenant vanished right after its creation');
    return tenant;
  }

  async getTenant(id: TenantId): Promise<Tenant | null> {
    return this.#find({ id });
  }

  async findBySlackTeam(teamId: string): Promise<Tenant | null> {
    return this.#find({ slackTeamId: teamId });
  }

  async findByPortalMemberId(memberId: string): Promise<Tenant | null> {
    return this.#find({ portalMemberId: memberId });
  }

  async updateTenant(id: TenantId, patch: TenantPatch): Promise<Tenant | null> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt += 1) {
      const doc = await this.#tenants.findOne({ id }, { projection: { _id: 0 } });
      if (!doc) return null;
      const next = applyTenantPatch(this.#fromDoc(doc), patch, this.#clock.now());
      const { id: _id, createdAt: _c, ...changes } = this.#toDoc(next, doc.version + 1);
      try {
        const result = await this.#tenants.updateOne({ id, version: doc.version }, { $set: changes });
        if (result.matchedCount === 1) return next;
      } catch (error) {
        if (isDuplicateKey(error)) throw new Error('this Slack team or portal is already bound to another tenant');
        throw error;
      }
      // Another writer (say an OAuth token refresh on another replica) got in between: read again and re-apply.
    }
    throw new Error('the tenant kept changing during the update; try again');
  }

  async listTenants(): Promise<readonly Tenant[]> {
    const docs = await this.#tenants
      .find({}, { projection: { _id: 0 } })
      .sort({ id: 1 })
      .toArray();
    return docs.map((doc) => this.#fromDoc(doc));
  }
}
