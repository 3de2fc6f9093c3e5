/**
 * The Bitrix24 app end to end: the real composition (createRuntime in OAuth-app mode: SQLite, Agenda, the engine,
 * the install/events routes, the chat bot and its notifier) served on a loopback port that PUBLIC_URL names, and
 * sandbox portals that install it and talk to it over HTTP the way a portal does (form-encoded events).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type RunningSandbox, startSandbox } from '../../../bitrix24/sandbox/index.js';
import { toConfig } from '../../../bot/config.js';
import { createPinoLogger } from '../../../bot/logger.js';
import { createRuntime, type Runtime } from '../../../bot/main.js';
import type { SqliteDatabase } from '../../../storage/sqlite.js';

export interface AppWorld {
  readonly runtime: Runtime;
  /** PUBLIC_URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly databasePath: string;
  /** The runtime's own SQLite connection (for PRAGMA query_only / max_page_count faults). */
  readonly sqlite: SqliteDatabase['sqlite'];
  logTail(lines?: number): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A sandbox portal with its own member_id, a handful of people and items, and a fast (but real) rate limit. */
export async function startPortal(memberId: string, seed = 1): Promise<RunningSandbox> {
  return startSandbox({
    memberId,
    rate: { burst: 50, perSecond: 20 },
    seed: { seed, users: 5, itemsPerUser: 2, closedShare: 0 },
  });
}

/** Handoff as a Bitrix24 app (BITRIX24_CLIENT_ID of the sandbox's app; token refreshes go to `oauthUrl`). */
export async function startAppWorld(oauthUrl: string): Promise<AppWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-b24app-'));
  const databasePath = join(dir, 'handoff.db');
  const lines: string[] = [];
  const logger = createPinoLogger('debug', {
    write: (line: string) => {
      lines.push(line.trimEnd());
      if (lines.length > 600) lines.shift();
    },
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let runtime: Runtime;
  let database: SqliteDatabase | undefined;
  try {
    const config = toConfig({
      DATABASE_PATH: databasePath,
      BITRIX24_CLIENT_ID: 'local.sandbox.app',
      BITRIX24_CLIENT_SECRET: 'sandboxsecret',
      BITRIX24_OAUTH_URL: oauthUrl,
      PUBLIC_URL: url,
      // The sandbox portals' own bucket (startPortal): the app paces itself to what the portal allows.
      BITRIX24_RATE_BURST: '50',
      BITRIX24_RATE_PER_SECOND: '20',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    runtime = await createRuntime(config, {
      logger,
      processEveryMs: 100,
      onDatabaseOpen: (opened) => {
        database = opened;
      },
      bitrix24NotifierPace: { minEditIntervalMs: 150, summaryGapMs: 50 },
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: runtime.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  let closing: Promise<void> | undefined;
  return {
    runtime,
    url,
    databasePath,
    sqlite: (database as SqliteDatabase).sqlite,
    logTail: (n = 60) => lines.slice(-n).join('\n'),
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          if ('closeAllConnections' in server) server.closeAllConnections();
          server.close(() => resolve());
        });
        await runtime.close();
        rmSync(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
