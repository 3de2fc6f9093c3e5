/**
 * `handoff api-key create --tenant <id> [--name hr]`: works on the database directly (DATABASE_PATH), not through
 * the API (there is no key yet to call it with), and prints the new key once; only its hash is stored.
 * @module
 */
import type { ApiKeyStore } from '../../storage/api-key-store.js';

/** The slice of the storage's key store this command needs. */
export type ApiKeyCreator = Pick<ApiKeyStore, 'createApiKey'>;

/** Opens the key store of the database at `databasePath`; `close` releases the file. */
export type OpenApiKeyCreator = (databasePath: string) => Promise<{ store: ApiKeyCreator; close(): void }>;
