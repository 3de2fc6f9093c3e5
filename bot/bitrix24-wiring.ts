/**
 * Builds the Bitrix24 app surface when this deployment is a Bitrix24 app (BITRIX24_CLIENT_ID, or the sandbox's own
 * app with SANDBOX=1): the install and event routes, the chat bot, its Notifier, and a late binding to the engine.
 * The installers run at every install, in order; issue 10's robot appends its installer to `installers` here.
 * @module
 */
import type { Hono } from 'hono';
import type { RunningSandbox } from '../bitrix24/sandbox/index.js';
import { type PortalUserId, type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock, HandoffStore, Logger, Notifier, Scheduler } from '../engine/ports.js';
import type { RoleService } from '../engine/role-service.js';
import type { HandoffService } from '../engine/service-types.js';
import type { ApprovalStore } from '../storage/approval-store.js';
import type { HrPeopleStore } from '../storage/hr-people-store.js';
import type { TenantStore } from '../storage/tenant-store.js';
import { createBotApi } from './bitrix24-chat/bot-api.js';
import { createChatBotInstaller } from './bitrix24-chat/bot-installer.js';
import { createChatBot } from './bitrix24-chat/chat.js';
import { createEventRoutes, createUninstallHandler } from './bitrix24-chat/events.js';
import { createInstallRoutes } from './bitrix24-chat/install.js';
import type { AppInstaller } from './bitrix24-chat/installers.js';
import { type Bitrix24Notifier, createBitrix24Notifier } from './bitrix24-chat/notifier.js';
import { createRobotSurface } from './bitrix24-chat/robot-wiring.js';
import { createSpeakerAdminCheck } from './bitrix24-chat/speaker-admin.js';
import type { Config } from './config.js';
import type { ConsoleLinkIssuer } from './console/links.js';
import { deriveKey } from './derive-key.js';
import type { AppCredentials, PortalAccess } from './portal-access.js';

export interface Bitrix24SurfaceDeps {
  readonly config: Config;
  readonly tenants: TenantStore;
  readonly store: HandoffStore;
  readonly access: PortalAccess;
  readonly defaultTenant: TenantId;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  /** The in-process sandbox (SANDBOX=1): installing into it binds the default tenant. */
  readonly sandbox?: RunningSandbox;
  /** HR people (issue 12): may hand off anyone's work from the chat bot too. */
  readonly hrPeople?: HrPeopleStore;
  readonly approvals?: ApprovalStore;
  /** `console` in the chat: signs a web console link (absent without PUBLIC_URL). */
  readonly consoleLink?: ConsoleLinkIssuer | undefined;
  /** Whether a participant is on the tenant's Slack workspace (their digest goes there instead). */
  readonly onSlack?: (tenantId: TenantId, portalUserId: PortalUserId) => Promise<boolean>;
  /** Test knobs for the notifier's pace. */
  readonly notifierPace?: { readonly minEditIntervalMs?: number; readonly summaryGapMs?: number };
  /** Where robot handoffs are queued (the robot "Change Related Responsible", issue 10). */
  readonly scheduler?: Scheduler;
  /** Named roles for the chat's `role …` commands (issue 10). */
  readonly roles?: RoleService;
}

export interface Bitrix24Surface {
  readonly routes: Hono;
  readonly notifier: Bitrix24Notifier;
  /** Finishes robot workflow steps (bizproc.event.send); absent without a scheduler. */
  readonly robotNotifier?: Notifier;
  bind(service: HandoffService): void;
}

/** The sandbox's own OAuth app (SANDBOX=1), so the demo can install Handoff into it. */
export function sandboxAppOf(sandbox: RunningSandbox): AppCredentials {
  const { clientId, clientSecret } = sandbox.portal.tokens.app;
  return { clientId, clientSecret, oauthUrl: sandbox.url };
}

/** Where the portal reaches us: PUBLIC_URL, or loopback on PORT (the sandbox demo). */
export function publicUrlOf(config: Config): string {
  return config.publicUrl ?? `http://127.0.0.1:${config.port}`;
}

/**
 * A portal installing for the first time: the configured single portal (webhook or sandbox, same host) keeps the
 * default tenant and its history; any other gets `b24-<member_id>`.
 */
function tenantForNewPortal(deps: Bitrix24SurfaceDeps): (memberId: string, host: string) => TenantId {
  const configuredHost = deps.sandbox
    ? new URL(deps.sandbox.url).host
    : deps.config.portal.mode === 'webhook'
      ? new URL(deps.config.portal.webhookUrl).host
      : undefined;
  return (memberId, host) =>
    host === configuredHost ? deps.defaultTenant : toTenantId(`b24-${memberId.replace(/[^A-Za-z0-9_-]/g, '')}`);
}

/** The key that signs Start buttons' plans, as Slack's (derived from ENCRYPTION_KEY, or from the app secret). */
function confirmSecretOf(config: Config, app: AppCredentials): string {
  const root = config.encryptionKey ?? Buffer.from(app.clientSecret);
  return deriveKey(root, 'bitrix24-confirm');
}

export function createBitrix24Surface(deps: Bitrix24SurfaceDeps): Bitrix24Surface | undefined {
  const app = deps.access.app;
  if (app === undefined) return undefined;
  const adminCheck = createSpeakerAdminCheck({
    fetch: deps.fetch,
    now: () => deps.clock.now().getTime(),
    logger: deps.logger,
  });
  const bot = createBotApi({ tenants: deps.tenants, appClient: (id, retry) => deps.access.appClient(id, retry) });
  const chat = createChatBot({
    workSystems: deps.access.workSystems,
    bot,
    confirmSecret: confirmSecretOf(deps.config, app),
    ...(deps.roles ? { roles: deps.roles } : {}),
    ...(deps.hrPeople ? { hrPeople: deps.hrPeople } : {}),
    ...(deps.approvals ? { approvals: deps.approvals } : {}),
    speakerIsAdmin: async (tenantId, userId, accessToken) => {
      const portal = (await deps.tenants.getTenant(tenantId))?.portal;
      if (portal?.type !== 'oauth') return false;
      return adminCheck({ restBase: portal.clientEndpoint ?? `https://${portal.domain}/rest/`, userId, accessToken });
    },
    ...(deps.consoleLink === undefined ? {} : { consoleLink: deps.consoleLink }),
    clock: deps.clock,
    logger: deps.logger,
  });
  const robot = deps.scheduler
    ? createRobotSurface({
        tenants: deps.tenants,
        store: deps.store,
        scheduler: deps.scheduler,
        appClient: (tenantId) => deps.access.appClient(tenantId),
        clock: deps.clock,
        logger: deps.logger,
      })
    : undefined;
  const installers: AppInstaller[] = [
    createChatBotInstaller({ tenants: deps.tenants }),
    ...(robot ? [robot.installer] : []),
  ];
  const uninstall = createUninstallHandler({ tenants: deps.tenants, access: deps.access, logger: deps.logger });
  const install = createInstallRoutes({
    tenants: deps.tenants,
    access: deps.access,
    installers,
    publicUrl: publicUrlOf(deps.config),
    tenantForNewPortal: tenantForNewPortal(deps),
    uninstall,
    fetch: deps.fetch,
    clock: deps.clock,
    logger: deps.logger,
  });
  const events = createEventRoutes({ tenants: deps.tenants, access: deps.access, chat, logger: deps.logger });
  install.route('/', events);
  if (robot) install.route('/', robot.routes);
  const notifier = createBitrix24Notifier({
    bot,
    tenants: deps.tenants,
    store: deps.store,
    workSystems: deps.access.workSystems,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.onSlack ? { onSlack: deps.onSlack } : {}),
    ...deps.notifierPace,
  });
  return {
    routes: install,
    notifier,
    ...(robot ? { robotNotifier: robot.notifier } : {}),
    bind: (service) => chat.bind(service),
  };
}
