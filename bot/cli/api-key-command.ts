/**
 * `handoff api-key create --tenant <id> [--name hr]`: works on the database directly (MONGODB_URL or DATABASE_PATH, as the server), not through
 * the API (there is no key yet to call it with), and prints the new key once; only its hash is stored.
 * @module
 */
import type { ApiKeyStore } from '../../storage/api-key-store.js';

/** The slice of the storage's key store this command needs. */
export type ApiKeyCreator = Pick<ApiKeyStore, 'createApiKey'>;

/** Opens the key store of the database at `databasePath`; `close` releases the file. */
/** Where the server keeps its keys: MongoDB when MONGODB_URL is set (as the server does), else the SQLite file. */
export type KeyDatabase =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'mongo'; readonly url: string };

export type OpenApiKeyCreator = (
  database: KeyDatabase,
) => Promise<{ store: ApiKeyCreator; close(): void | Promise<void> }>;
