/**
 * MongoApiKeyStore: ApiKeyStore on MongoDB, the same document fields as the SQLite `api_keys` table. Looks a key up
 * by its sha256 (unique index), then compares the hashes in constant time; the plain key is never stored.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import { type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import {
  type ApiKeyInfo,
  type ApiKeyStore,
  generateApiKey,
  hashApiKey,
  isLastUseDue,
  newApiKeyId,
  sameHash,
} from './api-key-store.js';
import { systemClock } from './handoff-rules.js';

export const API_KEYS_COLLECTION = 'api_keys';

export interface ApiKeyDoc {
  id: string;
  tenantId: string;
  name: string;
  keyHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The SQLite table's primary key and indexes; the tenant index also gives listApiKeys its order. */
const INDEXES: IndexDescription[] = [
  { key: { id: 1 }, name: 'api_keys_id_uq', unique: true },
  { key: { keyHash: 1 }, name: 'api_keys_hash_uq', unique: true },
  { key: { tenantId: 1, createdAt: 1, id: 1 }, name: 'api_keys_tenant_idx' },
];

export class MongoApiKeyStore implements ApiKeyStore {
  readonly #keys: Collection<ApiKeyDoc>;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly clock?: Clock }) {
    this.#keys = db.collection<ApiKeyDoc>(API_KEYS_COLLECTION);
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the indexes the store relies on (idempotent), then the store. */
  static async open(db: Db, options: { readonly clock?: Clock } = {}): Promise<MongoApiKeyStore> {
    await db.collection(API_KEYS_COLLECTION).createIndexes(INDEXES);
    return new MongoApiKeyStore(db, options);
  }

  async createApiKey(tenantId: TenantId, name: string): Promise<{ readonly id: string; readonly key: string }> {
    const key = generateApiKey();
    const id = newApiKeyId();
    await this.#keys.insertOne({
      id,
      tenantId,
      name,
      keyHash: hashApiKey(key),
      createdAt: this.#clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    return { id, key };
  }

  async verify(key: string): Promise<{ readonly tenantId: TenantId; readonly name: string } | null> {
    const hash = hashApiKey(key);
    // `revokedAt: null` matches null and a missing field alike.
    const doc = await this.#keys.findOne({ keyHash: hash, revokedAt: null }, { projection: { _id: 0 } });
    if (!doc || !sameHash(doc.keyHash, hash)) return null;
    const now = this.#clock.now();
    if (isLastUseDue(doc.lastUsedAt, now)) {
      try {
        await this.#keys.updateOne({ tenantId: doc.tenantId, id: doc.id }, { $set: { lastUsedAt: now } });
      } catch {
        // Only bookkeeping: a database that cannot write must not lock every client out of reads.
      }
    }
    return { tenantId: toTenantId(doc.tenantId), name: doc.name };
  }

  async listApiKeys(tenantId: TenantId): Promise<readonly ApiKeyInfo[]> {
    const docs = await this.#keys
      .find({ tenantId }, { projection: { _id: 0 } })
      .sort({ createdAt: 1, id: 1 })
      .toArray();
    return docs.map((doc) => ({
      id: doc.id,
      tenantId: toTenantId(doc.tenantId),
      name: doc.name,
      createdAt: doc.createdAt,
      ...(doc.lastUsedAt !== null ? { lastUsedAt: doc.lastUsedAt } : {}),
      ...(doc.revokedAt !== null ? { revokedAt: doc.revokedAt } : {}),
    }));
  }

  async revokeApiKey(tenantId: TenantId, id: string): Promise<boolean> {
    const result = await this.#keys.updateOne(
      { tenantId, id, revokedAt: null },
      { $set: { revokedAt: this.#clock.now() } },
    );
    return result.matchedCount > 0;
  }
}
