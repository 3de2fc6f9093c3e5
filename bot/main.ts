/**
 * The one composition root: reads the Config, builds the logger, stores, portal connections, scheduler, engine and
 * surfaces, and serves them on one port. `createRuntime` does the building so tests, the demo and benchmarks start
 * exactly what production starts; running this file starts the server from the environment.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { MongoClient } from 'mongodb';
import { type RunningSandbox, startSandbox } from '../bitrix24/sandbox/index.js';
import { type PortalUserId, type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock, HandoffStore, Logger } from '../engine/ports.js';
import { createRoleService } from '../engine/role-service.js';
import type { RoleStore } from '../engine/roles.js';
import { createHandoffService } from '../engine/service.js';
import type { HandoffService } from '../engine/service-types.js';
import type { VacationStore } from '../engine/vacation-model.js';
import { createVacationService, type VacationService } from '../engine/vacations.js';
import { AgendaScheduler } from '../storage/agenda/agenda-scheduler.js';
import { createAgenda } from '../storage/agenda/create-agenda.js';
import { type JobRunner, startJobRunner } from '../storage/agenda/job-runner.js';
import type { ApiKeyStore } from '../storage/api-key-store.js';
import type { ApprovalStore } from '../storage/approval-store.js';
import { createCipher } from '../storage/crypto.js';
import {
  createMongoHealthCheck,
  createSqliteHealthCheck,
  type DatabaseHealthCheck,
} from '../storage/database-health.js';
import { DatabasePathError, openDatabaseAt } from '../storage/database-path.js';
import type { HrPeopleStore } from '../storage/hr-people-store.js';
import type { IdentityLinkStore } from '../storage/identity-link-store.js';
import { MongoApiKeyStore } from '../storage/mongo-api-key-store.js';
import { MongoApprovalStore } from '../storage/mongo-approval-store.js';
import { MongoHrPeopleStore } from '../storage/mongo-hr-people-store.js';
import { MongoIdentityLinkStore } from '../storage/mongo-identity-link-store.js';
import { MongoRoleStore } from '../storage/mongo-role-store.js';
import { MongoSlackInstallationStore } from '../storage/mongo-slack-installation-store.js';
import { MongoHandoffStore } from '../storage/mongo-store.js';
import { MongoTenantStore } from '../storage/mongo-tenant-store.js';
import { MongoVacationStore } from '../storage/mongo-vacation-store.js';
import { MongoWebhookStore } from '../storage/mongo-webhook-store.js';
import type { SlackInstallationStore } from '../storage/slack-installation-store.js';
import type { SqliteDatabase } from '../storage/sqlite.js';
import { SqliteApiKeyStore } from '../storage/sqlite-api-key-store.js';
import { SqliteApprovalStore } from '../storage/sqlite-approval-store.js';
import { SqliteHrPeopleStore } from '../storage/sqlite-hr-people-store.js';
import { SqliteIdentityLinkStore } from '../storage/sqlite-identity-link-store.js';
import { SqliteRoleStore } from '../storage/sqlite-role-store.js';
import { SqliteSlackInstallationStore } from '../storage/sqlite-slack-installation-store.js';
import { SqliteHandoffStore } from '../storage/sqlite-store.js';
import { SqliteTenantStore } from '../storage/sqlite-tenant-store.js';
import { SqliteVacationStore } from '../storage/sqlite-vacation-store.js';
import { SqliteWebhookStore } from '../storage/sqlite-webhook-store.js';
import { withStoreFaults } from '../storage/store-faults.js';
import type { TenantStore } from '../storage/tenant-store.js';
import type { WebhookStore } from '../storage/webhook-store.js';
import { createApiRoutes } from './api/routes.js';
import { createApp } from './app.js';
import { createBitrix24Surface, sandboxAppOf } from './bitrix24-wiring.js';
import { type Config, ConfigError, toConfig } from './config.js';
import { type ConsoleLink, type ConsoleLinkRequest, createConsoleLinkIssuer } from './console/links.js';
import { createRobotStatus } from './console/robot-status.js';
import { createConsoleRoutes } from './console/routes.js';
import { consoleKeysOf, consoleLinkIssuerOf, createPortalAddressBook } from './console/wiring.js';
import { createPinoLogger, type PinoLogger, toLoggerPort } from './logger.js';
import { createCompositeNotifier, createLogNotifier } from './notifiers.js';
import { createHandoffMetrics } from './ops/collect.js';
import { queueCounts } from './ops/queue-counts.js';
import { createReadiness } from './ops/readiness.js';
import { createOpsRoutes } from './ops/routes.js';
import { createPortalAccess } from './portal-access.js';
import { createSlackSurface } from './slack-wiring.js';
import { withWebhookEvents } from './webhooks/emitter.js';
import { createWebhookWorker } from './webhooks/worker.js';

/** The tenant of a single-portal deployment (webhook or sandbox); multi-portal installs get their own ids. */
export const DEFAULT_TENANT = toTenantId('default');

export interface RuntimeOptions {
  readonly logger: PinoLogger;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  /** How often Agenda polls for due jobs (default 2 s; tests use less). */
  readonly processEveryMs?: number;
  /** Sandbox seed size for the demo (items per person). */
  readonly sandboxItemsPerUser?: number;
  /**
   * How long a job's lock holds without a heartbeat before another process takes the job over (default
   * JOB_LOCK_SECONDS, 20 s): a crashed process's handoff resumes that long after the crash.
   */
  readonly lockLifetimeMs?: number;
  /** Overrides the config's sweep interval (whole minutes in SWEEP_INTERVAL_MINUTES); tests use seconds. */
  readonly sweepIntervalMs?: number;
  /**
   * The engine's run lease (EngineOptions.runLeaseMs, default JOB_LOCK_SECONDS like the job lock): a crashed run's
   * handoff is free again that long after its last renewal.
   */
  readonly runLeaseMs?: number;
  /** The Bitrix24 notifier's pace (tests use less than the 5 s between progress edits). */
  readonly bitrix24NotifierPace?: { readonly minEditIntervalMs?: number; readonly summaryGapMs?: number };
  /** Tests: the SQLite connection every store uses, once opened (e.g. to set PRAGMA max_page_count: a real full disk). */
  readonly onDatabaseOpen?: (database: SqliteDatabase) => void;
}

export interface Runtime {
  readonly app: Hono;
  readonly service: HandoffService;
  readonly vacations: VacationService;
  readonly store: HandoffStore;
  readonly tenantId: TenantId;
  readonly apiKeys: ApiKeyStore;
  /** A signed web console link under `baseUrl` (what `/handoff console` sends; the demo prints one). */
  issueConsoleLink(baseUrl: string, request: ConsoleLinkRequest): ConsoleLink;
  readonly sandbox?: RunningSandbox;
  readonly tenants: TenantStore;
  /** Resolves when the Bitrix24 notifier's queued edits and summaries went out (tests). */
  readonly bitrix24Idle?: () => Promise<void>;
  /** Stops taking jobs, lets running ones finish their batch, closes everything. Idempotent. */
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Builds and starts everything; a failed start (say Slack refuses the bot token) closes what it had opened — the
 * database, the sandbox server, Agenda — before rethrowing, so the caller gets the error and no leaked handles.
 */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const closers: (() => Promise<void> | void)[] = [];
  try {
    return await buildRuntime(config, options, closers);
  } catch (err) {
    for (const close of closers) {
      try {
        await close();
      } catch {
        // The start-up error is the one to report; a failing close after it adds nothing.
      }
    }
    throw err;
  }
}

async function buildRuntime(
  config: Config,
  options: RuntimeOptions,
  closers: (() => Promise<void> | void)[],
): Promise<Runtime> {
  const pino = options.logger;
  const logger: Logger = toLoggerPort(pino);
  const clock = options.clock ?? systemClock;
  const fetchFn = options.fetch ?? globalThis.fetch;

  const cipher = createCipher(config.encryptionKey ?? null);
  if (cipher.warning) logger.warn({ variable: 'ENCRYPTION_KEY' }, cipher.warning);

  // Every store lives in one database: MongoDB when configured (the SQLite file is then never opened), else SQLite.
  let store: HandoffStore;
  let tenants: TenantStore;
  let apiKeys: ApiKeyStore;
  let identityLinks: IdentityLinkStore;
  let slackInstallations: SlackInstallationStore;
  let vacationStore: VacationStore;
  let roleStore: RoleStore;
  let hrPeopleStore: HrPeopleStore;
  let approvalStore: ApprovalStore;
  let webhookStore: WebhookStore;
  let agendaHandle: Awaited<ReturnType<typeof createAgenda>>;
  let databaseHealth: DatabaseHealthCheck;
  if (config.storage.mode === 'mongo') {
    const mongo = await MongoClient.connect(config.storage.url);
    closers.unshift(() => mongo.close());
    const db = mongo.db();
    [store, tenants, apiKeys, identityLinks, slackInstallations] = await Promise.all([
      MongoHandoffStore.open(db, { clock }),
      MongoTenantStore.open(db, { cipher, clock }),
      MongoApiKeyStore.open(db, { clock }),
      MongoIdentityLinkStore.open(db, { clock }),
      MongoSlackInstallationStore.open(db, { cipher, clock }),
    ]);
    vacationStore = await MongoVacationStore.open(db, { clock });
    roleStore = await MongoRoleStore.open(db);
    hrPeopleStore = await MongoHrPeopleStore.open(db, { clock });
    approvalStore = await MongoApprovalStore.open(db, { clock });
    webhookStore = await MongoWebhookStore.open(db, { cipher, clock });
    agendaHandle = await createAgenda({ mongoUrl: config.storage.url });
    databaseHealth = createMongoHealthCheck(db);
  } else {
    // An unusable DATABASE_PATH stops start-up with one line naming it (DatabasePathError, see runFromEnvironment).
    const sqlite = openDatabaseAt(config.storage.databasePath);
    closers.push(() => sqlite.close());
    options.onDatabaseOpen?.(sqlite);
    store = new SqliteHandoffStore(sqlite, { clock });
    tenants = new SqliteTenantStore(sqlite, { cipher, clock });
    apiKeys = new SqliteApiKeyStore(sqlite, { clock });
    identityLinks = new SqliteIdentityLinkStore(sqlite, { clock });
    slackInstallations = new SqliteSlackInstallationStore(sqlite, { cipher, clock });
    vacationStore = new SqliteVacationStore(sqlite, { clock });
    roleStore = new SqliteRoleStore(sqlite);
    hrPeopleStore = new SqliteHrPeopleStore(sqlite, { clock });
    approvalStore = new SqliteApprovalStore(sqlite, { clock });
    webhookStore = new SqliteWebhookStore(sqlite, { cipher, clock });
    agendaHandle = await createAgenda({ sqlite: sqlite.sqlite });
    databaseHealth = createSqliteHealthCheck(sqlite.sqlite, { path: sqlite.path });
  }
  // A database that fails as a whole (disk full, read-only, I/O) surfaces as the engine's StoreError: the engine
  // pauses a run with a clear error, the API answers 503.
  store = withStoreFaults(store);
  tenants = withStoreFaults(tenants);
  apiKeys = withStoreFaults(apiKeys);
  identityLinks = withStoreFaults(identityLinks);
  slackInstallations = withStoreFaults(slackInstallations);
  vacationStore = withStoreFaults(vacationStore);
  roleStore = withStoreFaults(roleStore);
  hrPeopleStore = withStoreFaults(hrPeopleStore);
  approvalStore = withStoreFaults(approvalStore);
  webhookStore = withStoreFaults(webhookStore);
  // Normally the job runner closes Agenda on stop; this (idempotent) close covers a start that fails before then.
  closers.unshift(agendaHandle.close);

  let sandbox: RunningSandbox | undefined;
  if (config.portal.mode === 'sandbox') {
    sandbox = await startSandbox({
      rate: config.rate,
      seed: { itemsPerUser: options.sandboxItemsPerUser ?? 60 },
    });
    closers.unshift(() => sandbox?.close());
  }

  const tenantId = DEFAULT_TENANT;
  await tenants.ensureTenant({ id: tenantId, name: sandbox ? 'Sandbox portal' : 'Default portal' });
  const portals = createPortalAccess({
    config,
    tenants,
    defaultTenant: tenantId,
    ...(sandbox ? { sandboxWebhookUrl: sandbox.webhookUrl, sandboxApp: sandboxAppOf(sandbox) } : {}),
    fetch: fetchFn,
    now: () => clock.now().getTime(),
    sleep,
    logger,
  });
  const workSystems = portals.workSystems;
  const portalFromConfig = config.portal.mode === 'sandbox' || config.portal.mode === 'webhook';
  const metrics = createHandoffMetrics({
    store,
    tenantIds: async () => (await tenants.listTenants()).map((t) => t.id),
    portals: () => portals.portalStats(),
    queue: () => queueCounts(agendaHandle.agenda),
    now: () => clock.now().getTime(),
  });

  const roles = createRoleService({ roles: roleStore, workSystems, clock });
  // Its writes go to the same database: a full disk there is a StoreError too (503, a paused run), not a bug.
  const scheduler = withStoreFaults(new AgendaScheduler(agendaHandle.agenda));
  const consoleKeys = consoleKeysOf(config, logger);
  const consoleLink = consoleLinkIssuerOf(config, consoleKeys, clock);
  const slack = await createSlackSurface({
    config,
    logger,
    clock,
    tenants,
    defaultTenant: tenantId,
    defaultTenantHasPortal: config.portal.mode === 'sandbox' || config.portal.mode === 'webhook',
    workSystems,
    identityLinks,
    installations: slackInstallations,
    store,
    hrPeople: hrPeopleStore,
    approvals: approvalStore,
    consoleLink,
    onRateLimited: (seconds) => metrics.slackRateLimited(seconds),
    roles,
  });
  const bitrix24 = createBitrix24Surface({
    config,
    tenants,
    store,
    access: portals,
    defaultTenant: tenantId,
    clock,
    logger,
    fetch: fetchFn,
    consoleLink,
    ...(sandbox ? { sandbox } : {}),
    hrPeople: hrPeopleStore,
    approvals: approvalStore,
    ...(options.bitrix24NotifierPace ? { notifierPace: options.bitrix24NotifierPace } : {}),
    scheduler,
    // Someone on the tenant's Slack workspace gets their digest there; Bitrix24 notifies the others.
    ...(slack ? { onSlack: (t: TenantId, id: PortalUserId) => slack.reaches(t, id) } : {}),
    roles,
  });
  const notifier = createCompositeNotifier(
    [
      createLogNotifier(logger),
      metrics.notifier,
      ...(slack ? [slack.notifier] : []),
      ...(bitrix24 ? [bitrix24.notifier] : []),
      ...(bitrix24?.robotNotifier ? [bitrix24.robotNotifier] : []),
    ],
    logger,
  );
  // Outgoing webhooks (issue 12): lifecycle events queue deliveries in the same database; the worker sends them.
  const webhookWorker = createWebhookWorker({ store: webhookStore, fetch: fetchFn, clock, logger });
  webhookWorker.start();
  closers.unshift(() => webhookWorker.stop());
  const service = createHandoffService({
    store: withWebhookEvents(store, webhookStore, logger),
    workSystems,
    scheduler,
    notifier,
    clock,
    logger,
    roles: roleStore,
    options: {
      sweepIntervalMs: options.sweepIntervalMs ?? config.sweepIntervalMs,
      // The run lease lasts as long as the job lock (JOB_LOCK_SECONDS): a crashed run's handoff is free again when
      // its job is taken over, not minutes later. Both are renewed by timers while the run is alive.
      runLeaseMs: options.runLeaseMs ?? config.jobLockMs,
    },
  });
  const vacations = createVacationService({
    handoffs: service,
    vacations: vacationStore,
    clock,
    roles: { store: roleStore, workSystems },
  });
  bitrix24?.bind(service);
  if (slack) {
    slack.bind(service, vacations);
    // Closed before the stores, and also when a later start-up step fails.
    closers.unshift(() => slack.close());
    await slack.start();
  }

  const runner: JobRunner = await startJobRunner({
    agenda: agendaHandle.agenda,
    handlers: service.jobs,
    logger,
    processEveryMs: options.processEveryMs ?? 2_000,
    lockLifetimeMs: options.lockLifetimeMs ?? config.jobLockMs,
    close: agendaHandle.close,
  });

  const app = createApp({
    logger,
    routes: [
      createApiRoutes({
        service,
        webhooks: webhookStore,
        apiKeys,
        singleTenant: config.apiKey === undefined ? undefined : { tenantId, apiKey: config.apiKey },
        workSystems,
        clock,
        logger,
        vacations,
        hrPeople: hrPeopleStore,
        roles,
      }),
      ...(slack ? [slack.routes] : []),
      createConsoleRoutes({
        service,
        workSystems,
        tenants,
        keys: consoleKeys,
        clock,
        logger,
        fetch: fetchFn,
        publicUrl: config.publicUrl,
        hrPeople: hrPeopleStore,
        robotInstalled: createRobotStatus({ tenants, appClient: (id) => portals.appClient(id), clock, logger }),
        portalBaseUrl: createPortalAddressBook({
          config,
          tenants,
          defaultTenant: tenantId,
          sandboxWebhookUrl: sandbox?.webhookUrl,
        }),
      }),
      ...(bitrix24 ? [bitrix24.routes] : []),
      createOpsRoutes({
        metrics,
        readiness: createReadiness({
          databaseWritable: async () => {
            const database = await databaseHealth();
            if (!database.writable) throw new Error(database.problem ?? 'not writable');
          },
          schedulerRunning: () => runner.isRunning(),
          portals: async () =>
            (await tenants.listTenants())
              .filter((t) => (t.id === tenantId && portalFromConfig) || t.portal !== undefined)
              .map((t) => ({ tenantId: t.id, ping: async () => (await workSystems(t.id)).ping() })),
          now: () => clock.now().getTime(),
        }),
      }),
    ],
    health: async () => {
      const checks: Record<string, string> = {};
      // A real write, cached a few seconds (storage/database-health.ts): a full disk shows here, not only on use.
      const database = await databaseHealth();
      checks.database = database.writable ? 'ok' : (database.problem ?? 'not writable');
      checks.scheduler = agendaHandle.backendName;
      return { ok: checks.database === 'ok', checks };
    },
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    service,
    vacations,
    store,
    tenantId,
    apiKeys,
    issueConsoleLink: (baseUrl, request) => createConsoleLinkIssuer({ keys: consoleKeys, baseUrl, clock })(request),
    tenants,
    ...(bitrix24 ? { bitrix24Idle: () => bitrix24.notifier.idle() } : {}),
    ...(sandbox ? { sandbox } : {}),
    close: () => {
      closing ??= (async () => {
        await runner.stop();
        for (const close of closers) await close();
      })();
      return closing;
    },
  };
}

/**
 * Starts the server from the environment; stops gracefully on SIGTERM and SIGINT. `overrides` are for process-level
 * tests (crash and shutdown e2e), which need shorter polling, lock and sweep intervals than the environment allows.
 */
export async function runFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Omit<RuntimeOptions, 'logger'> = {},
): Promise<void> {
  let config: Config;
  try {
    config = toConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const pino = createPinoLogger(config.logLevel);
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, { ...overrides, logger: pino });
  } catch (err) {
    // A value only checkable by using it (Slack refusing SLACK_BOT_TOKEN, an unusable DATABASE_PATH): the same
    // clear exit as a bad variable, one line, no stack.
    if (err instanceof DatabasePathError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const server = serve({ fetch: runtime.app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) =>
    pino.info({ port: info.port, portal: config.portal.mode, slack: config.slack.mode }, 'handoff.listening'),
  );

  const shutdown = async (signal: string) => {
    pino.info({ signal }, 'handoff.stopping');
    server.close();
    await runtime.close();
    pino.info({}, 'handoff.stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromEnvironment(process.env);
}
