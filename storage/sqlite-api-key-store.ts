/**
 * SqliteApiKeyStore: ApiKeyStore on SQLite. Looks a key up by its sha256 (unique index), then compares the hashes
 * in constant time; the plain key is never stored.
 * @module
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
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
import { apiKeys } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';

export class SqliteApiKeyStore implements ApiKeyStore {
  readonly #db: SqliteDb;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly clock?: Clock } = {}) {
    this.#db = database.db;
    this.#clock = options.clock ?? systemClock;
  }

  async createApiKey(tenantId: TenantId, name: string): Promise<{ readonly id: string; readonly key: string }> {
    const key = generateApiKey();
    const id = newApiKeyId();
    this.#db
      .insert(apiKeys)
      .values({ id, tenantId, name, keyHash: hashApiKey(key), createdAt: this.#clock.now() })
      .run();
    return { id, key };
  }

  async verify(key: string): Promise<{ readonly tenantId: TenantId; readonly name: string } | null> {
    const hash = hashApiKey(key);
    const row = this.#db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
      .get();
    if (!row || !sameHash(row.keyHash, hash)) return null;
    const now = this.#clock.now();
    if (isLastUseDue(row.lastUsedAt, now)) {
      try {
        this.#db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
      } catch {
        // Only bookkeeping: a database that cannot write (full disk) must not lock every client out of reads.
      }
    }
    return { tenantId: toTenantId(row.tenantId), name: row.name };
  }

  async listApiKeys(tenantId: TenantId): Promise<readonly ApiKeyInfo[]> {
    const rows = this.#db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.tenantId, tenantId))
      .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
      .all();
    return rows.map((row) => ({
      id: row.id,
      tenantId: toTenantId(row.tenantId),
      name: row.name,
      createdAt: row.createdAt,
      ...(row.lastUsedAt !== null ? { lastUsedAt: row.lastUsedAt } : {}),
      ...(row.revokedAt !== null ? { revokedAt: row.revokedAt } : {}),
    }));
  }

  async revokeApiKey(tenantId: TenantId, id: string): Promise<boolean> {
    const result = this.#db
      .update(apiKeys)
      .set({ revokedAt: this.#clock.now() })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .run();
    return result.changes > 0;
  }
}
