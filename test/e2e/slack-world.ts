/**
 * The Slack end-to-end world: the real HTTP app (createApp + the Slack routes) on 127.0.0.1:0, the recording fake
 * Slack Web API, the sandbox Bitrix24 portal through Bitrix24WorkSystem, the engine on a memory store with an
 * inline scheduler (due jobs run at once), and helpers that send signed Slack requests.
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../bitrix24/sandbox/index.js';
import { createApp } from '../../bot/app.js';
import { createConsoleKeys } from '../../bot/console/keys.js';
import { createConsoleLinkIssuer } from '../../bot/console/links.js';
import { createSlackIntegration } from '../../bot/slack/integration.js';
import type { SlackNotifier } from '../../bot/slack/notifier.js';
import type { SlackAuth, SlackTenant } from '../../bot/slack/ports.js';
import { signSlackBody } from '../../bot/slack/verify.js';
import { toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { Clock, JobName, JobRef, Scheduler } from '../../engine/ports.js';
import { createRoleService } from '../../engine/role-service.js';
import { MemoryRoleStore } from '../../engine/roles.js';
import { createHandoffService } from '../../engine/service.js';
import type { HandoffService } from '../../engine/service-types.js';
import { createVacationService, type VacationService } from '../../engine/vacations.js';
import { MemoryApprovalStore } from '../../storage/approval-store.js';
import { createCipher } from '../../storage/crypto.js';
import { MemoryHrPeopleStore } from '../../storage/hr-people-store.js';
import { MemoryIdentityLinkStore } from '../../storage/identity-link-store.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { MemorySlackInstallationStore } from '../../storage/slack-installation-store.js';
import { MemoryVacationStore } from '../../storage/vacation-store.js';
import { createRecordingLogger, sandboxWorkSystem } from '../contract/bitrix24-sandbox-world.js';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../fakes/slack-web-api.js';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789';
export const TEAM_ID = 'T0E2E';
export const CHANNEL_ID = 'C0E2E';

/** Slack users and the sandbox portal users they match by e-mail (sandbox seed: 1 admin; 2's head is 1; 4 is nobody's head). */
export const PEOPLE = {
  admin: { slack: 'UADMIN01', portal: 1, tz: 'America/New_York' },
  anna: { slack: 'UANNA002', portal: 2, tz: 'Europe/Kyiv' },
  bob: { slack: 'UBOB0003', portal: 3, tz: 'America/New_York' },
  eve: { slack: 'UEVE0004', portal: 4, tz: 'Europe/Kyiv' },
} as const;
/** A Slack user with no portal user. */
export const STRANGER = 'USTRANGE9';

/**
 * Runs due jobs right away (in the background, as a queue would) and jobs due within a few seconds on a timer (a run
 * that found the handoff's lease held looks again that soon); keeps later ones for the test to run.
 */
class InlineScheduler implements Scheduler {
  service: HandoffService | undefined;
  readonly future: { job: JobName; ref: JobRef; at: Date }[] = [];
  readonly running = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  constructor(private readonly clock: Clock) {}

  async schedule(job: JobName, ref: JobRef, at: Date): Promise<void> {
    const delay = at.getTime() - this.clock.now().getTime();
    if (delay > 30_000) {
      this.future.push({ job, ref, at });
      return;
    }
    if (delay > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#run(job, ref);
      }, delay);
      this.#timers.add(timer);
      return;
    }
    this.#run(job, ref);
  }

  #run(job: JobName, ref: JobRef): void {
    const service = this.service;
    if (service === undefined) return;
    const run =
      job === 'handoff.start'
        ? service.jobs.start(ref)
        : job === 'handoff.return'
          ? service.jobs.return(ref)
          : service.jobs.sweep(ref);
    const tracked = run.catch(() => undefined).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async scheduleEvery(): Promise<void> {}

  async cancel(): Promise<void> {}

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Drops timers of jobs not yet due (the world is closing). */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

export interface SlackWorld {
  readonly url: string;
  readonly slack: FakeSlackWebApi;
  readonly sandbox: RunningSandbox;
  readonly store: MemoryHandoffStore;
  readonly service: HandoffService;
  readonly vacations: VacationService;
  readonly hrPeople: MemoryHrPeopleStore;
  readonly approvals: MemoryApprovalStore;
  readonly notifier: SlackNotifier;
  readonly logger: ReturnType<typeof createRecordingLogger>;
  readonly tenantId: ReturnType<typeof toTenantId>;
  /** Waits for running jobs and queued progress edits. */
  settle(): Promise<void>;
  readonly installationStore: MemorySlackInstallationStore;
  command(
    text: string,
    options?: { user?: string; team?: string; timestamp?: number; signature?: string },
  ): Promise<Response>;
  interaction(payload: Record<string, unknown>): Promise<Response>;
  event(
    event: Record<string, unknown>,
    options: { eventId: string; retryNum?: number; team?: string },
  ): Promise<Response>;
  post(body: string, contentType: string, headers: Record<string, string>): Promise<Response>;
  /** Open item ids of a kind owned by a portal user, read from the sandbox. */
  owned(kind: EntityKind, portalUserId: number): number[];
  close(): Promise<void>;
}

/** The keys `/handoff console` links are signed with in this world. */
export const CONSOLE_KEYS = createConsoleKeys(Buffer.alloc(32, 3));

export interface SlackWorldOptions {
  readonly minEditIntervalMs?: number;
  /** Gap between posts to one channel (production: 1100 ms). Default 20 ms to keep tests fast. */
  readonly postGapMs?: number;
  /** Per user, the minimum gap between two Home re-publishes. Default 10 s, as in production. */
  readonly homeRefreshMs?: number;
  readonly sandbox?: SandboxOptions;
  /** Approvals (issue 12): a colleague's plan goes to the from-user's head instead of being refused. */
  readonly approvals?: boolean;
  /** Multi-workspace install with an in-memory installation store instead of a bot token. */
  readonly oauth?: boolean;
}

/** The team the fake's oauth.v2.access installs into. */
export const OAUTH_TEAM_ID = 'T0OAUTH';

export async function startSlackWorld(options: SlackWorldOptions = {}): Promise<SlackWorld> {
  const clock: Clock = { now: () => new Date() };
  const logger = createRecordingLogger();
  const sandbox = await startSandbox({ rate: false, ...options.sandbox });
  const workSystem = sandboxWorkSystem(sandbox);
  const slack = await startFakeSlackWebApi();
  for (const p of Object.values(PEOPLE)) {
    const user = await workSystem.getUser(toPortalUserId(p.portal));
    slack.addUser({
      id: p.slack,
      name: user?.name ?? p.slack,
      tz: p.tz,
      ...(user?.email ? { email: user.email } : {}),
    });
  }
  slack.addUser({ id: STRANGER, name: 'Stranger', email: 'nobody@elsewhere.example', tz: 'UTC' });

  const tenantId = toTenantId('tenant-e2e');
  const tenant: SlackTenant = { tenantId, workSystem };
  const tenants = async (teamId: string) => (teamId === TEAM_ID || teamId === OAUTH_TEAM_ID ? tenant : null);
  const store = new MemoryHandoffStore();
  const links = new MemoryIdentityLinkStore();
  const installationStore = new MemorySlackInstallationStore(createCipher(randomBytes(32)));
  const auth: SlackAuth = options.oauth
    ? {
        mode: 'oauth',
        clientId: 'cid.123',
        clientSecret: 'csecret',
        stateSecret: 'state-secret-e2e',
        installationStore,
      }
    : { mode: 'token', botToken: 'xoxb-e2e-token', botId: 'BBOT', botUserId: 'UBOT' };
  const hrPeople = new MemoryHrPeopleStore();
  const approvals = new MemoryApprovalStore();
  const slackApp = createSlackIntegration({
    signingSecret: SIGNING_SECRET,
    auth,
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    tenants,
    hrPeople,
    ...(options.approvals ? { approvals } : {}),
    // Handoffs created through the API (vacation records) reach this workspace too, as in production.
    teamOfTenant: async () => TEAM_ID,
    links,
    store,
    confirmSecret: 'e2e-confirm-secret-0123456789',
    consoleLink: createConsoleLinkIssuer({ keys: CONSOLE_KEYS, baseUrl: 'https://handoff.example.com', clock }),
    roles: createRoleService({ roles: new MemoryRoleStore(), workSystems: async () => workSystem, clock }),
    clock,
    logger,
    pacing: {
      minEditIntervalMs: options.minEditIntervalMs ?? 300,
      postGapMs: options.postGapMs ?? 20,
      ...(options.homeRefreshMs === undefined ? {} : { homeRefreshMs: options.homeRefreshMs }),
    },
  });
  const notifier = slackApp.notifier;
  const scheduler = new InlineScheduler(clock);
  const service = createHandoffService({
    store,
    workSystems: async () => workSystem,
    scheduler,
    notifier,
    clock,
    logger,
    options: { progressIntervalMs: 50, summaryBatchSize: 50 },
  });
  scheduler.service = service;
  const vacations = createVacationService({ handoffs: service, vacations: new MemoryVacationStore({ clock }), clock });
  slackApp.bind(service, vacations);
  await slackApp.start();
  const app = createApp({ logger, routes: [slackApp.routes] });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: s, port: info.port }),
    );
  });
  const url = `http://127.0.0.1:${port}`;

  function post(body: string, contentType: string, headers: Record<string, string>) {
    return fetch(`${url}/slack/events`, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
  }
  function signed(body: string, timestamp = Math.floor(Date.now() / 1000)) {
    return {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackBody(SIGNING_SECRET, timestamp, body),
    };
  }
  let responseCounter = 0;

  return {
    url,
    slack,
    sandbox,
    store,
    service,
    vacations,
    hrPeople,
    approvals,
    notifier,
    logger,
    tenantId,
    installationStore,
    async settle() {
      await scheduler.idle();
      await notifier.idle();
    },
    command(text, o = {}) {
      responseCounter += 1;
      const body = new URLSearchParams({
        token: 'legacy-ignored',
        team_id: o.team ?? TEAM_ID,
        team_domain: 'e2e',
        channel_id: CHANNEL_ID,
        channel_name: 'general',
        user_id: o.user ?? PEOPLE.admin.slack,
        user_name: 'someone',
        command: '/handoff',
        text,
        api_app_id: 'A0E2E',
        response_url: slack.responseUrl(`cmd-${responseCounter}`),
        trigger_id: `trigger-${responseCounter}`,
      }).toString();
      const headers = signed(body, o.timestamp);
      if (o.signature !== undefined) headers['x-slack-signature'] = o.signature;
      return post(body, 'application/x-www-form-urlencoded', headers);
    },
    interaction(payload) {
      const body = `payload=${encodeURIComponent(JSON.stringify({ team: { id: TEAM_ID, domain: 'e2e' }, api_app_id: 'A0E2E', ...payload }))}`;
      return post(body, 'application/x-www-form-urlencoded', signed(body));
    },
    event(event, o) {
      const body = JSON.stringify({
        token: 'legacy-ignored',
        team_id: o.team ?? TEAM_ID,
        api_app_id: 'A0E2E',
        type: 'event_callback',
        event_id: o.eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: o.team ?? TEAM_ID, user_id: 'UBOT', is_bot: true }],
        event,
      });
      return post(body, 'application/json', {
        ...signed(body),
        ...(o.retryNum === undefined
          ? {}
          : { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }),
      });
    },
    post,
    owned: (kind, portalUserId) => sandbox.portal.itemIdsOf(kind, portalUserId, true),
    async close() {
      scheduler.stop();
      await scheduler.idle();
      await slackApp.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await slack.close();
      await sandbox.close();
    },
  };
}
