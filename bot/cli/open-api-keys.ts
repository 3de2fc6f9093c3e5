/**
 * Opens the SQLite database at DATABASE_PATH for `handoff api-key create`. Loaded lazily so that API commands never
 * load the SQLite driver.
 * @module
 */
import type { OpenApiKeyCreator } from './api-key-command.js';

export const openSqliteApiKeys: OpenApiKeyCreator = async () => {
  // TODO(#4): wire storage's SQLite ApiKeyStore here once storage/ exports it.
  throw new Error('The SQLite API key store is not available yet.');
};
