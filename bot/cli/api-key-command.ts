/**
 * `handoff api-key create --tenant <id> [--name hr]`: works on the database directly (DATABASE_PATH), not through
 * the API (there is no key yet to call it with), and prints the new key once; only its hash is stored.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';

/** The slice of the storage's key store this command needs. */
export interface ApiKeyCreator {
  /** Creates a key for the tenant; the returned `key` is the only time the plain key exists. */
  create(input: { readonly tenantId: TenantId; readonly name: string }): Promise<{ readonly key: string }>;
}

/** Opens the key store of the database at `databasePath`; `close` releases the file. */
export type OpenApiKeyCreator = (databasePath: string) => Promise<{ store: ApiKeyCreator; close(): void }>;
