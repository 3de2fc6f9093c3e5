/**
 * ApiKeyStore: per-tenant bearer keys for /api/v1. Only the sha256 of a key is kept; the key itself is returned once,
 * at creation. Verification compares hashes in constant time. In-memory adapter here; SQLite in
 * storage/sqlite-api-key-store.ts.
 * @module
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';

/** A stored key as listed: never the key or its hash. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly tenantId: TenantId;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt?: Date;
  readonly revokedAt?: Date;
}

export interface ApiKeyStore {
  /** Creates a key; `key` is the only time the plain key is available. */
  createApiKey(tenantId: TenantId, name: string): Promise<{ readonly id: string; readonly key: string }>;
  /**
   * The tenant and name of a valid, unrevoked key; null for any other text. Records the use, at most once per
   * LAST_USED_EVERY_MS per key (`lastUsedAt` is at most that stale), so verifying is a read on nearly every request;
   * a failure to record it (a full disk) never fails the verification.
   */
  verify(key: string): Promise<{ readonly tenantId: TenantId; readonly name: string } | null>;
  /** The tenant's keys, oldest first. */
  listApiKeys(tenantId: TenantId): Promise<readonly ApiKeyInfo[]>;
  /** Revokes a key of this tenant; false when there is no such (unrevoked) key. */
  revokeApiKey(tenantId: TenantId, id: string): Promise<boolean>;
}

/** How stale `lastUsedAt` may be: verifying writes it at most this often per key. */
export const LAST_USED_EVERY_MS = 60_000;

/** Whether a verification at `now` should record the use (never recorded, or last recorded a while ago). */
export function isLastUseDue(lastUsedAt: Date | null | undefined, now: Date): boolean {
  return lastUsedAt == null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_EVERY_MS;
}

/** Keys look like `hnd_<43 base64url chars>` (256 random bits), recognisable in secret scanners and logs. */
export function generateApiKey(): string {
  return `hnd_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex sha256 digests. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function newApiKeyId(): string {
  return randomUUID();
}

interface StoredKey extends ApiKeyInfo {
  readonly hash: string;
}

export class MemoryApiKeyStore implements ApiKeyStore {
  readonly #keys: StoredKey[] = [];
  readonly #clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async createApiKey(tenantId: TenantId, name: string): Promise<{ readonly id: string; readonly key: string }> {
    const key = generateApiKey();
    const id = newApiKeyId();
    this.#keys.push({ id, tenantId, name, createdAt: this.#clock.now(), hash: hashApiKey(key) });
    return { id, key };
  }

  async verify(key: string): Promise<{ readonly tenantId: TenantId; readonly name: string } | null> {
    const hash = hashApiKey(key);
    // Compare against every key so the time taken does not depend on where (or whether) a match is.
    let found: number | undefined;
    this.#keys.forEach((stored, index) => {
      if (sameHash(stored.hash, hash) && stored.revokedAt === undefined) found = index;
    });
    const stored = found === undefined ? undefined : this.#keys[found];
    if (found === undefined || !stored) return null;
    const now = this.#clock.now();
    if (isLastUseDue(stored.lastUsedAt, now)) this.#keys[found] = { ...stored, lastUsedAt: now };
    return { tenantId: stored.tenantId, name: stored.name };
  }

  async listApiKeys(tenantId: TenantId): Promise<readonly ApiKeyInfo[]> {
    return this.#keys.filter((k) => k.tenantId === tenantId).map(({ hash: _hash, ...info }) => ({ ...info }));
  }

  async revokeApiKey(tenantId: TenantId, id: string): Promise<boolean> {
    const index = this.#keys.findIndex((k) => k.id === id && k.tenantId === tenantId && k.revokedAt === undefined);
    const stored = this.#keys[index];
    if (!stored) return false;
    this.#keys[index] = { ...stored, revokedAt: this.#clock.now() };
    return true;
  }
}
