/**
 * The real composition (bot/main.ts createRuntime: SQLite store, Agenda on SQLite, Bitrix24 connector, engine, API)
 * in the test process, served on 127.0.0.1 port 0, for tests that need no process kill. Its log is kept in memory
 * for failure messages.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { toConfig } from '../../../bot/config.js';
import { createPinoLogger } from '../../../bot/logger.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../bot/main.js';
import { TEST_API_KEY } from './runtime-process.js';

export interface InProcessRuntime {
  readonly runtime: Runtime;
  readonly url: string;
  readonly databasePath: string;
  logTail(lines?: number): string;
  /** Stops the server and the runtime (gracefully) and removes the temp folder. Idempotent. */
  close(): Promise<void>;
}

export async function startInProcessRuntime(
  webhookUrl: string,
  options: Omit<RuntimeOptions, 'logger'>,
): Promise<InProcessRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-runtime-'));
  const databasePath = join(dir, 'handoff.db');
  const lines: string[] = [];
  const logger = createPinoLogger('debug', {
    write: (line: string) => {
      lines.push(line.trimEnd());
      if (lines.length > 400) lines.shift();
    },
  });
  let runtime: Runtime;
  try {
    const config = toConfig({
      DATABASE_PATH: databasePath,
      BITRIX24_WEBHOOK_URL: webhookUrl,
      API_KEY: TEST_API_KEY,
      HOST: '127.0.0.1',
      PORT: '0',
    });
    runtime = await createRuntime(config, { ...options, logger });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const s = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: s, port: info.port }),
    );
  });
  let closing: Promise<void> | undefined;
  return {
    runtime,
    url: `http://127.0.0.1:${port}`,
    databasePath,
    logTail: (n = 40) => lines.slice(-n).join('\n'),
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
