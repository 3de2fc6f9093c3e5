/**
 * Opens the server's key store for `handoff api-key create`: MongoDB when MONGODB_URL is set (the server then keeps
 * its keys there), otherwise the SQLite database at DATABASE_PATH (applying migrations). Storage modules are imported
 * on demand so that API commands never load a database driver.
 * @module
 */
import type { OpenApiKeyCreator } from './api-key-command.js';
import { requireDatabaseFile } from './database-file.js';

export const openApiKeyStore: OpenApiKeyCreator = async (database) => {
  if (database.kind === 'mongo') {
    const [{ MongoClient }, { MongoApiKeyStore }] = await Promise.all([
      import('mongodb'),
      import('../../storage/mongo-api-key-store.js'),
    ]);
    const client = await MongoClient.connect(database.url);
    try {
      return { store: await MongoApiKeyStore.open(client.db()), close: () => client.close() };
    } catch (err) {
      await client.close();
      throw err;
    }
  }
  requireDatabaseFile(database.path);
  const [{ openDatabaseAt }, { SqliteApiKeyStore }] = await Promise.all([
    import('../../storage/database-path.js'),
    import('../../storage/sqlite-api-key-store.js'),
  ]);
  // An unusable file is named as the server names it: "DATABASE_PATH is not a SQLite database …".
  const sqlite = openDatabaseAt(database.path);
  return { store: new SqliteApiKeyStore(sqlite), close: () => sqlite.close() };
};
