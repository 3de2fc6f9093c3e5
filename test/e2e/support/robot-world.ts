/**
 * A robot test world: the sandbox portal as an installed OAuth app (bizproc.* needs an application context), and
 * Handoff's robot surface on a real server on loopback, with the real engine, the SQLite store, roles and Agenda on
 * the same SQLite file; the robot registered with `ensureRobot`, so the portal posts its calls to our handler.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { PortalPool } from '../../../bitrix24/portal-pool.js';
import { type RunningSandbox, startSandbox } from '../../../bitrix24/sandbox/index.js';
import { createBitrix24WorkSystem } from '../../../bitrix24/work-system.js';
import { createApp } from '../../../bot/app.js';
import { formString } from '../../../bot/bitrix24-chat/form-body.js';
import { createRobotRoutes } from '../../../bot/bitrix24-chat/robot.js';
import { ensureRobot } from '../../../bot/bitrix24-chat/robot-definition.js';
import { createRobotFinisher } from '../../../bot/bitrix24-chat/robot-finisher.js';
import { sameSecret } from '../../../bot/same-secret.js';
import { toTenantId } from '../../../engine/ids.js';
import { createRobotHandoffs } from '../../../engine/robot-service.js';
import { createHandoffService } from '../../../engine/service.js';
import type { HandoffService } from '../../../engine/service-types.js';
import { AgendaScheduler } from '../../../storage/agenda/agenda-scheduler.js';
import { createAgenda } from '../../../storage/agenda/create-agenda.js';
import { startJobRunner } from '../../../storage/agenda/job-runner.js';
import { openSqliteDatabase, type SqliteDatabase } from '../../../storage/sqlite.js';
import { SqliteRoleStore } from '../../../storage/sqlite-role-store.js';
import { SqliteHandoffStore } from '../../../storage/sqlite-store.js';
import { withStoreFaults } from '../../../storage/store-faults.js';
import { createRecordingLogger, FAST_RETRY, realSleep } from '../../contract/bitrix24-sandbox-world.js';

export const ROBOT_TENANT = toTenantId('robot-portal');
const APP = { clientId: 'local.robot', clientSecret: 'robot-secret' };

export interface RobotWorld {
  readonly sandbox: RunningSandbox;
  readonly url: string;
  readonly service: HandoffService;
  readonly roles: SqliteRoleStore;
  /** The SQLite connection, to make the database full or read-only (PRAGMA) as a test needs. */
  readonly sqlite: SqliteDatabase['sqlite'];
  close(): Promise<void>;
}

export async function createRobotWorld(): Promise<RobotWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-robot-'));
  const closers: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const sandbox = await startSandbox({
      rate: { burst: 50, perSecond: 50 },
      oauth: APP,
      seed: { users: 6, itemsPerUser: 2 },
    });
    closers.push(() => sandbox.close());
    const issued = sandbox.portal.issueTokens(1);
    const workSystem = createBitrix24WorkSystem({
      portal: {
        kind: 'oauth',
        clientEndpoint: issued.client_endpoint,
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        ...APP,
        oauthUrl: sandbox.url,
        onTokens: () => undefined,
      },
      fetch,
      now: Date.now,
      sleep: realSleep,
      logger: createRecordingLogger(),
      retry: FAST_RETRY,
      rate: { burst: 50, perSecond: 50 },
      pool: new PortalPool({ now: Date.now, sleep: realSleep }),
    });

    const sqlite = openSqliteDatabase(join(dir, 'handoff.db'));
    closers.push(() => sqlite.close());
    const clock = { now: () => new Date() };
    const logger = createRecordingLogger();
    // Store failures in the product's words, as bot/main.ts wraps them.
    const store = withStoreFaults(new SqliteHandoffStore(sqlite, { clock }));
    const roles = new SqliteRoleStore(sqlite);
    const agenda = await createAgenda({ sqlite: sqlite.sqlite });
    closers.push(agenda.close);
    const scheduler = new AgendaScheduler(agenda.agenda);
    const portals = async () => workSystem.client;
    const service = createHandoffService({
      store,
      workSystems: async () => workSystem,
      scheduler,
      notifier: createRobotFinisher({ portals, store, logger, retryDelaysMs: [50, 100, 200, 400] }),
      clock,
      logger,
      roles,
    });
    const runner = await startJobRunner({
      agenda: agenda.agenda,
      handlers: service.jobs,
      logger,
      processEveryMs: 100,
      close: agenda.close,
    });
    closers.push(() => runner.stop());

    const app = createApp({
      logger,
      routes: [
        createRobotRoutes({
          verify: async (form) =>
            formString(form, 'auth', 'member_id') === sandbox.portal.memberId &&
            sameSecret(formString(form, 'auth', 'application_token') ?? '', sandbox.portal.robots.applicationToken)
              ? ROBOT_TENANT
              : null,
          robots: createRobotHandoffs({ store, scheduler, clock, logger }),
          portals,
          retryDelaysMs: [50, 100, 200, 400],
          logger,
        }),
      ],
    });
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      );
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          if ('closeAllConnections' in server) server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${port}`;
    await ensureRobot(workSystem.client, url);
    return { sandbox, url, service, roles, sqlite: sqlite.sqlite, close };
  } catch (err) {
    await close();
    throw err;
  }
}
