/**
 * Opens the SQLite database at DATABASE_PATH (applying migrations) for `handoff api-key create`. The storage modules
 * are imported on demand so that API commands never load the SQLite driver.
 * @module
 */
import type { OpenApiKeyCreator } from './api-key-command.js';

export const openSqliteApiKeys: OpenApiKeyCreator = async (databasePath) => {
  const [{ openSqliteDatabase }, { SqliteApiKeyStore }] = await Promise.all([
    import('../../storage/sqlite.js'),
    import('../../storage/sqlite-api-key-store.js'),
  ]);
  const database = openSqliteDatabase(databasePath);
  return { store: new SqliteApiKeyStore(database), close: () => database.close() };
};
