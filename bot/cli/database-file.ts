/**
 * The CLI's database commands (`api-key create`, `tenants`) work on the server's own SQLite file. Opening a path
 * where no file is would create an empty database there (and a stray `./data/handoff.db` in whatever folder the
 * command ran from), then answer "no tenants": the command refuses instead and says how to point at the right file.
 * @module
 */
import { existsSync } from 'node:fs';
import { CliUsageError } from './plan-flags.js';

/** Throws a usage error naming DATABASE_PATH when no file is at `path`. */
export function requireDatabaseFile(path: string): void {
  if (existsSync(path)) return;
  throw new CliUsageError(
    `No database at ${path}: set DATABASE_PATH to the server's database file (the one the server was started with; \`npm run demo\` uses ./data/demo.db), or MONGODB_URL when the server keeps its data in MongoDB.`,
  );
}
