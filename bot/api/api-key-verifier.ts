/**
 * What the REST API needs from the key store: turn a presented key into its tenant. The storage adapter hashes the
 * key and compares with what it stored; the API never sees stored hashes.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';

export interface ApiKeyVerifier {
  /** The tenant (and the key's name, for the audit trail) of a valid, unrevoked key; `null` for any other text. */
  verify(key: string): Promise<{ readonly tenantId: TenantId; readonly name?: string } | null>;
}
