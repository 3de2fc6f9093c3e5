/**
 * Everything bot/main.ts needs from Slack in one call: routes, the Notifier, and a late `bind(service)` — the engine
 * needs the notifier before it exists, the listeners need the engine (a request before `bind` fails and is logged).
 * @module
 */
import type { Hono } from 'hono';
import type { PortalUserId } from '../../engine/ids.js';
import type { Clock, HandoffStore, Logger } from '../../engine/ports.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { VacationService } from '../../engine/vacations.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { createSlackClients, type SlackClients } from './clients.js';
import type { SlackCommandRunner } from './command-runner.js';
import type { ListenerContext } from './context.js';
import { createHomeRefresher } from './home-refresher.js';
import { createSlackIdentity } from './identity.js';
import { publishHome } from './listeners/home.js';
import { createHomeVisitMiddleware } from './listeners/home-visits.js';
import { createSlackNotifier, type SlackNotifier, type SlackNotifierOptions } from './notifier.js';
import type { IdentityLinkStore, SlackAuth, SlackTenantResolver } from './ports.js';
import { createSlackSurface, type SlackSurfaceDeps } from './surface.js';

export interface SlackIntegrationDeps {
  /** Required except in Socket Mode. */
  readonly signingSecret: string;
  readonly auth: SlackAuth;
  readonly slackApiUrl?: string;
  readonly retryConfig?: SlackSurfaceDeps['retryConfig'];
  readonly tenants: SlackTenantResolver;
  readonly links: IdentityLinkStore;
  /** For the progress message location and sent digests (surfaceState). */
  readonly store: HandoffStore;
  /** HR people (issue 12) for the permission check and `/handoff hr …`. */
  readonly hrPeople?: HrPeopleStore;
  /** Approvals (issue 12): a colleague's plan waits for the from-user's head (or HR). */
  readonly approvals?: ApprovalStore;
  readonly confirmSecret: string;
  /** `/handoff console`: signs a web console link. */
  readonly consoleLink?: SlackSurfaceDeps['consoleLink'];
  /** Named roles for `role …` commands (issue 10). */
  readonly roles?: SlackSurfaceDeps['roles'];
  readonly clock: Clock;
  readonly logger: Logger;
  /** The Slack team of a tenant, for handoffs started outside Slack (API, CLI) that should still DM people. */
  readonly teamOfTenant?: (tenantId: string) => Promise<string | null>;
  readonly commands?: SlackCommandRunner;
  /**
   * Pacing; production defaults: 3 s per progress message, 40 edits/min per workspace, 1.1 s per channel, and a
   * person's Home tab re-published at most every 10 s.
   */
  readonly pacing?: Pick<SlackNotifierOptions, 'minEditIntervalMs' | 'updatesPerMinute' | 'postGapMs'> & {
    readonly homeRefreshMs?: number;
  };
  /** Slack 429s, for /metrics (createSlackClients). */
  readonly onRateLimited?: (seconds: number) => void;
}

export interface SlackIntegration {
  readonly routes: Hono;
  readonly notifier: SlackNotifier;
  bind(service: HandoffService, vacations?: VacationService): void;
  /** Socket Mode connects; token mode without bot ids checks the token (auth.test). */
  start(): Promise<void>;
  /** Flushes queued progress edits and disconnects Socket Mode. */
  close(): Promise<void>;
  /**
   * Whether a portal user of the tenant is on its Slack workspace (linked, or found by e-mail): their digests go to
   * Slack, so other surfaces (the Bitrix24 app) need not send them one as well.
   */
  reaches(tenantId: string, portalUserId: PortalUserId): Promise<boolean>;
}

/** A HandoffService that forwards to the one bound later; throws if used before. */
function lateService(current: () => HandoffService | undefined): HandoffService {
  const get = (): HandoffService => {
    const service = current();
    if (service === undefined) throw new Error('the Slack surface was used before bind(service)');
    return service;
  };
  return {
    listKinds: (...a) => get().listKinds(...a),
    preview: (...a) => get().preview(...a),
    create: (...a) => get().create(...a),
    get: (...a) => get().get(...a),
    list: (...a) => get().list(...a),
    items: (...a) => get().items(...a),
    events: (...a) => get().events(...a),
    cancel: (...a) => get().cancel(...a),
    retry: (...a) => get().retry(...a),
    returnNow: (...a) => get().returnNow(...a),
    undo: (...a) => get().undo(...a),
    move: (...a) => get().move(...a),
    endEarly: (...a) => get().endEarly(...a),
    get jobs() {
      return get().jobs;
    },
  };
}

export function createSlackIntegration(deps: SlackIntegrationDeps): SlackIntegration {
  let bound: HandoffService | undefined;
  let boundVacations: VacationService | undefined;
  const service = lateService(() => bound);
  const identity = createSlackIdentity({ links: deps.links, clock: deps.clock });
  const clients = createSlackClients({
    auth: deps.auth,
    logger: deps.logger,
    ...(deps.slackApiUrl === undefined ? {} : { slackApiUrl: deps.slackApiUrl }),
    ...(deps.retryConfig === undefined ? {} : { retryConfig: deps.retryConfig }),
    ...(deps.onRateLimited === undefined ? {} : { onRateLimited: deps.onRateLimited }),
  });
  const { homeRefreshMs, ...notifierPacing } = deps.pacing ?? {};
  const home = createHomeRefresher({
    publish: homePublisher(deps, clients, {
      service,
      tenants: deps.tenants,
      links: deps.links,
      identity,
      clock: deps.clock,
      logger: deps.logger,
    }),
    clock: deps.clock,
    logger: deps.logger,
    ...(homeRefreshMs === undefined ? {} : { minIntervalMs: homeRefreshMs }),
  });
  const notifier = createSlackNotifier({
    clients,
    identity,
    tenants: deps.tenants,
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.teamOfTenant === undefined ? {} : { teamOfTenant: deps.teamOfTenant }),
    ...notifierPacing,
    home,
  });
  const surface = createSlackSurface({
    signingSecret: deps.signingSecret,
    auth: deps.auth,
    service,
    vacations: () => boundVacations,
    ...(deps.hrPeople ? { hrPeople: deps.hrPeople } : {}),
    ...(deps.approvals ? { approvals: deps.approvals } : {}),
    tenants: deps.tenants,
    links: deps.links,
    identity,
    confirmSecret: deps.confirmSecret,
    ...(deps.consoleLink === undefined ? {} : { consoleLink: deps.consoleLink }),
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.slackApiUrl === undefined ? {} : { slackApiUrl: deps.slackApiUrl }),
    ...(deps.retryConfig === undefined ? {} : { retryConfig: deps.retryConfig }),
    ...(deps.commands === undefined ? {} : { commands: deps.commands }),
    ...(deps.roles === undefined ? {} : { roles: deps.roles }),
  });
  surface.bolt.use(createHomeVisitMiddleware({ refresher: home, identity, tenants: deps.tenants }));
  return {
    routes: surface.routes,
    notifier,
    bind(service, vacations) {
      bound = service;
      boundVacations = vacations;
    },
    start: () => surface.start(),
    async reaches(tenantId, portalUserId) {
      const teamId = await deps.teamOfTenant?.(tenantId);
      if (teamId === undefined || teamId === null) return false;
      const [client, tenant] = await Promise.all([clients.progress(teamId), deps.tenants(teamId)]);
      if (client === null || tenant === null) return false;
      return (await identity.slackUserOf(client, tenant, portalUserId)) !== null;
    },
    async close() {
      // Home is not live: a refresh still waiting for its turn is dropped, one in flight is awaited.
      home.stop();
      await notifier.idle();
      await surface.stop();
    },
  };
}

/** Background Home publishes go through the progress client, so a 429 never pauses dialogs (slack.md §3.4). */
function homePublisher(
  deps: SlackIntegrationDeps,
  clients: SlackClients,
  ctx: ListenerContext,
): (teamId: string, slackUserId: string) => Promise<void> {
  return async (teamId, slackUserId) => {
    const [client, tenant] = await Promise.all([clients.progress(teamId), deps.tenants(teamId)]);
    if (client === null || tenant === null) return;
    await publishHome(ctx, client, tenant, slackUserId);
  };
}
