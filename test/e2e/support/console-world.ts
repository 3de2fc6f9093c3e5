/**
 * The real runtime (bot/main.ts createRuntime: SQLite, Agenda, connector, engine, console) on loopback against the
 * sandbox portal served over HTTP, with two named people and items of theirs, and helpers that mint console links
 * the way `/handoff console` does (the same keys, derived from the same ENCRYPTION_KEY).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { toConfig } from '../../../bot/config.js';
import { createConsoleKeys } from '../../../bot/console/keys.js';
import { createConsoleLinkIssuer } from '../../../bot/console/links.js';
import { toSignedToken } from '../../../bot/console/signed-token.js';
import { createPinoLogger } from '../../../bot/logger.js';
import { createRuntime, DEFAULT_TENANT, type Runtime } from '../../../bot/main.js';
import { toPortalUserId } from '../../../engine/ids.js';
import { type ServedPortal, servePortal } from './served-portal.js';

export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
/** A deal title that would be a formula in a spreadsheet: the CSV must neutralise it. */
export const FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")';

export interface ConsoleWorld {
  readonly url: string;
  readonly runtime: Runtime;
  readonly portal: ServedPortal;
  readonly olena: { readonly id: number; readonly name: string };
  readonly marco: { readonly id: number; readonly name: string };
  /** In two departments with different heads, so "Their head" is ambiguous for her; one deal. */
  readonly ines: { readonly id: number; readonly departmentIds: readonly number[] };
  /** A fresh signed link for the sandbox admin (user 1, the webhook's user). */
  link(): string;
  /** A link whose signature was tampered with. */
  forgedLink(): string;
  /** A correctly signed link that expired a minute ago. */
  expiredLink(): string;
  logTail(): string;
  close(): Promise<void>;
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
  const portal = await servePortal({ rate: false, seed: { users: 6, itemsPerUser: 2, spaTypes: 1 } });
  const olenaUser = portal.portal.addUser({ name: 'Olena', lastName: 'Kovalenko', departmentIds: [1] });
  const marcoUser = portal.portal.addUser({ name: 'Marco', lastName: 'Rossi', departmentIds: [1] });
  portal.portal.addItem('deals', { ownerId: olenaUser.id, title: FORMULA_TITLE });
  portal.portal.addItem('deals', { ownerId: olenaUser.id, title: 'Acme, Inc. — "renewal" 2027' });
  for (let i = 0; i < 4; i++) portal.portal.addItem('deals', { ownerId: olenaUser.id });
  for (let i = 0; i < 3; i++) portal.portal.addItem('tasks', { ownerId: olenaUser.id });
  for (let i = 0; i < 2; i++) portal.portal.addItem('contacts', { ownerId: olenaUser.id });
  const headed = portal.portal.departments.filter(
    (d, i, all) => d.headId !== undefined && all.findIndex((o) => o.headId === d.headId) === i,
  );
  if (headed.length < 2) throw new Error('the console world needs two departments with different heads');
  const inesUser = portal.portal.addUser({
    name: 'Ines',
    lastName: 'Duarte',
    departmentIds: headed.slice(0, 2).map((d) => d.id),
  });
  portal.portal.addItem('deals', { ownerId: inesUser.id });

  const dir = mkdtempSync(join(tmpdir(), 'handoff-console-'));
  const lines: string[] = [];
  const logger = createPinoLogger('debug', {
    write: (line: string) => {
      lines.push(line.trimEnd());
      if (lines.length > 400) lines.shift();
    },
  });
  const config = toConfig({
    DATABASE_PATH: join(dir, 'handoff.db'),
    BITRIX24_WEBHOOK_URL: portal.webhookUrl,
    ENCRYPTION_KEY,
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const runtime = await createRuntime(config, { logger, processEveryMs: 200 });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const s = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: s, port: info.port }),
    );
  });
  const url = `http://127.0.0.1:${port}`;
  const keys = createConsoleKeys(Buffer.from(ENCRYPTION_KEY, 'base64'));
  const issue = createConsoleLinkIssuer({ keys, baseUrl: url, clock: { now: () => new Date() } });
  const admin = { tenantId: DEFAULT_TENANT, portalUserId: toPortalUserId(1), label: 'slack:U0ADMIN (Admin)' };
  let closing: Promise<void> | undefined;
  return {
    url,
    runtime,
    portal,
    olena: { id: olenaUser.id, name: 'Olena Kovalenko' },
    marco: { id: marcoUser.id, name: 'Marco Rossi' },
    ines: { id: inesUser.id, departmentIds: inesUser.departmentIds },
    link: () => issue(admin).url,
    forgedLink: () => {
      const good = new URL(issue(admin).url);
      const [body] = (good.searchParams.get('token') ?? '').split('.');
      // Claims that say user 2 with the signature of nothing we signed.
      const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...claims, u: 2 })).toString('base64url');
      return `${url}/app/login?token=${forged}.${'A'.repeat(43)}`;
    },
    expiredLink: () =>
      `${url}/app/login?token=${toSignedToken({ v: 1, t: admin.tenantId, u: admin.portalUserId, l: admin.label, exp: Date.now() - 60_000 }, keys.link)}`,
    logTail: () => lines.slice(-40).join('\n'),
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          if ('closeAllConnections' in server) server.closeAllConnections();
          server.close(() => resolve());
        });
        await runtime.close();
        await portal.close();
        rmSync(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
