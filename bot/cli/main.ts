#!/usr/bin/env node
/**
 * The `handoff` program (package bin): wires runCli to this process. The CLI is a separate program from the server,
 * so it reads its own environment here (HANDOFF_URL, HANDOFF_API_KEY, DATABASE_PATH, MONGODB_URL); bot/config.ts stays the only
 * reader of process.env for the server.
 * @module
 */
import { openApiKeyStore } from './open-api-keys.js';
import { runCli } from './run-cli.js';
import { openTenantAdmin } from './tenant-admin.js';

// `handoff history | head -1`: once the reader has gone, stop quietly — no stack for a closed pipe.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  fetch: globalThis.fetch,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  openApiKeys: openApiKeyStore,
  openTenants: openTenantAdmin,
});
