/**
 * The Slack surface: Bolt on our Hono receiver (or Socket Mode), its listeners, and the routes
 * `POST /slack/events`, `GET /slack/install`, `GET /slack/oauth_redirect` (full paths; mounted at the root).
 * @module
 */

import { App, type Authorize, SocketModeReceiver, type webApi } from '@slack/bolt';
import { Hono } from 'hono';
import type { RunDeps } from '../../commands/run-context.js';
import type { Clock, Logger } from '../../engine/ports.js';
import type { RoleService } from '../../engine/role-service.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { VacationService } from '../../engine/vacations.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { createBoltLogger } from './bolt-logger.js';
import { SLACK_RETRY } from './clients.js';
import { type BoundRunner, defaultCommandRunner, type SlackCommandRunner } from './command-runner.js';
import type { ListenerContext } from './context.js';
import { createEventDedupe, type EventDedupe } from './event-dedupe.js';
import { createSlackIdentity, type SlackIdentity } from './identity.js';
import { registerActions } from './listeners/actions.js';
import { registerCommand } from './listeners/command.js';
import { registerDialog } from './listeners/dialog.js';
import { registerHome } from './listeners/home.js';
import { createInstaller, runInstallerHandler } from './oauth.js';
import type { IdentityLinkStore, SlackAuth, SlackTenantResolver } from './ports.js';
import { HonoReceiver } from './receiver.js';
import { createSlackRunDeps } from './run-deps.js';

export interface SlackSurfaceDeps {
  readonly signingSecret: string;
  readonly auth: SlackAuth;
  /** Web API base, e.g. the fake's `http://127.0.0.1:<port>/api/` in tests. */
  readonly slackApiUrl?: string;
  /** Tests pass `{ retries: 0 }` (slack.md §7.2). */
  readonly retryConfig?: webApi.RetryOptions;
  readonly service: HandoffService;
  /** Vacation records (issue 12), bound late like the service; absent: `vacation H-3 …` works on handoffs only. */
  readonly vacations?: () => VacationService | undefined;
  readonly hrPeople?: HrPeopleStore;
  readonly approvals?: ApprovalStore;
  readonly tenants: SlackTenantResolver;
  readonly links: IdentityLinkStore;
  /** Default: commands/run.ts with Slack mention syntax. */
  readonly commands?: SlackCommandRunner;
  /** Signs confirm tokens (commands/confirm.ts); ≥ 16 characters. */
  readonly confirmSecret: string;
  /** `/handoff console`: signs a web console link (bot/console/links.ts). */
  readonly consoleLink?: RunDeps['consoleLink'];
  /** Named roles for `role …` commands (issue 10); absent: they answer "not available here". */
  readonly roles?: RoleService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Shared with the notifier so both use one cache. Default: a new one. */
  readonly identity?: SlackIdentity;
  /** Default: in-memory, 15 min TTL (see event-dedupe.ts). */
  readonly dedupe?: EventDedupe;
}

export interface SlackSurface {
  readonly routes: Hono;
  readonly bolt: App;
  /** Socket Mode connects; token mode without bot ids runs auth.test (catchable here, unlike in the constructor). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackSurface(deps: SlackSurfaceDeps): SlackSurface {
  const logger = deps.logger.child({ component: 'slack' });
  const { auth } = deps;
  const clientOptions: webApi.WebClientOptions = {
    ...(deps.slackApiUrl === undefined ? {} : { slackApiUrl: deps.slackApiUrl }),
    retryConfig: deps.retryConfig ?? SLACK_RETRY,
    timeout: 10_000,
  };
  const receiver =
    auth.mode === 'socket'
      ? undefined
      : new HonoReceiver({
          signingSecret: deps.signingSecret,
          clock: deps.clock,
          logger,
          dedupe: deps.dedupe ?? createEventDedupe({ clock: deps.clock }),
        });
  const boltLogger = createBoltLogger(logger);
  // Built here rather than by Bolt (socketMode: true) so stop() can wait for the socket to close: Bolt's
  // receiver.stop() starts the close handshake without awaiting it. clientOptions carry SLACK_API_URL to
  // apps.connections.open, as Bolt's own construction does (installerOptions.clientOptions).
  const socketReceiver =
    auth.mode === 'socket'
      ? new SocketModeReceiver({ appToken: auth.appToken, logger: boltLogger, installerOptions: { clientOptions } })
      : undefined;
  const installer = auth.mode === 'oauth' ? createInstaller(auth, logger, deps.slackApiUrl) : undefined;
  const boltReceiver = receiver ?? socketReceiver;
  const common = { logger: boltLogger, clientOptions, ...(boltReceiver ? { receiver: boltReceiver } : {}) };
  const needsInit = auth.mode !== 'oauth' && (auth.botId === undefined || auth.botUserId === undefined);

  let bolt: App;
  if (auth.mode === 'oauth' && installer !== undefined) {
    const authorize: Authorize<boolean> = (source) => installer.authorize(source);
    bolt = new App({ ...common, authorize });
  } else if (auth.mode === 'socket') {
    bolt = new App({
      ...common,
      socketMode: true,
      token: auth.botToken,
      ...(auth.botId && auth.botUserId ? { botId: auth.botId, botUserId: auth.botUserId } : {}),
      deferInitialization: needsInit,
    });
  } else if (auth.mode === 'token') {
    // Without bot ids the constructor would call auth.test and crash the process on failure (slack.md §1.1).
    bolt = new App({
      ...common,
      token: auth.botToken,
      ...(auth.botId && auth.botUserId ? { botId: auth.botId, botUserId: auth.botUserId } : {}),
      deferInitialization: needsInit,
    });
  } else {
    throw new Error('unreachable slack auth mode');
  }

  bolt.error(async (err) => {
    logger.error({ err }, 'slack listener failed');
  });

  const identity = deps.identity ?? createSlackIdentity({ links: deps.links, clock: deps.clock });
  const ctx: ListenerContext = {
    service: deps.service,
    tenants: deps.tenants,
    links: deps.links,
    identity,
    clock: deps.clock,
    logger,
    ...(deps.hrPeople ? { hrPeople: deps.hrPeople } : {}),
  };
  const commands = deps.commands ?? defaultCommandRunner;
  const runner: BoundRunner = {
    runText: (text, runCtx, runDeps) => commands.runText(text, runCtx, runDeps),
    runAction: (action, runCtx, runDeps) => commands.runAction(action, runCtx, runDeps),
    deps: (client, tenant, speaker) =>
      createSlackRunDeps({
        service: deps.service,
        identity,
        links: deps.links,
        client,
        tenant,
        speaker,
        confirmSecret: deps.confirmSecret,
        ...(deps.consoleLink === undefined ? {} : { consoleLink: deps.consoleLink }),
        vacations: deps.vacations?.(),
        ...(deps.roles === undefined ? {} : { roles: deps.roles }),
        hrPeople: deps.hrPeople,
        approvals: deps.approvals,
        logger,
      }),
  };
  registerCommand(bolt, ctx, runner);
  registerDialog(bolt, ctx);
  registerActions(bolt, ctx, runner);
  registerHome(bolt, ctx);
  bolt.event('app_uninstalled', async ({ body }) => {
    await forgetInstallation((body as { team_id?: string }).team_id);
  });
  bolt.event('tokens_revoked', async ({ body }) => {
    await forgetInstallation((body as { team_id?: string }).team_id);
  });

  async function forgetInstallation(teamId: string | undefined): Promise<void> {
    logger.info({ teamId }, 'slack app uninstalled or tokens revoked');
    if (auth.mode !== 'oauth' || teamId === undefined) return;
    await auth.installationStore.deleteInstallation?.({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
  }

  const routes = new Hono();
  if (receiver !== undefined) routes.post('/slack/events', (c) => receiver.handle(c));
  if (installer !== undefined) {
    routes.get('/slack/install', (c) =>
      runInstallerHandler(c, (node) => installer.handleInstallPath(node.incoming, node.outgoing)),
    );
    routes.get('/slack/oauth_redirect', (c) =>
      runInstallerHandler(c, (node) => installer.handleCallback(node.incoming, node.outgoing)),
    );
  }

  return {
    routes,
    bolt,
    async start() {
      if (needsInit) await bolt.init();
      if (auth.mode === 'socket') await bolt.start();
    },
    async stop() {
      // Resolves once the close handshake is done (or the client's own 30 s deadline passed); not bolt.stop(),
      // whose second disconnect() would cut the handshake short.
      await socketReceiver?.client.disconnect();
    },
  };
}

/** The routes alone, for callers that need nothing else (see createSlackSurface for start/stop). */
export function createSlackRoutes(deps: SlackSurfaceDeps): Hono {
  return createSlackSurface(deps).routes;
}
