/**
 * Builds the Slack surface when Slack is configured: its routes, its Notifier and a late binding to the engine
 * (the engine needs the notifier, the listeners need the engine). Also decides which tenant a Slack team belongs to.
 * @module
 */

import type { Hono } from 'hono';
import { type PortalUserId, type TenantId, toTenantId } from '../engine/ids.js';
import type { Clock, HandoffStore, Logger, Notifier, WorkSystemResolver } from '../engine/ports.js';
import type { RoleService } from '../engine/role-service.js';
import type { HandoffService } from '../engine/service-types.js';
import type { VacationService } from '../engine/vacations.js';
import type { ApprovalStore } from '../storage/approval-store.js';
import type { HrPeopleStore } from '../storage/hr-people-store.js';
import type { IdentityLinkStore } from '../storage/identity-link-store.js';
import type { SlackInstallationStore } from '../storage/slack-installation-store.js';
import type { TenantStore } from '../storage/tenant-store.js';
import { type Config, ConfigError, type SlackConfig } from './config.js';
import type { ConsoleLinkIssuer } from './console/links.js';
import { deriveKey } from './derive-key.js';
import { createSlackIntegration } from './slack/integration.js';
import type { SlackAuth, SlackTenantResolver } from './slack/ports.js';
import { platformErrorOf } from './slack/slack-errors.js';

export interface SlackSurfaceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly tenants: TenantStore;
  readonly defaultTenant: TenantId;
  /** Whether the default tenant has a portal from the configuration (webhook or sandbox). */
  readonly defaultTenantHasPortal: boolean;
  readonly workSystems: WorkSystemResolver;
  readonly identityLinks: IdentityLinkStore;
  readonly installations: SlackInstallationStore;
  readonly store: HandoffStore;
  /** HR people (issue 12): who may hand off anyone's work, managed with `/handoff hr …` by portal admins. */
  readonly hrPeople?: HrPeopleStore;
  readonly approvals?: ApprovalStore;
  /** `/handoff console`: signs a web console link (absent without PUBLIC_URL). */
  readonly consoleLink?: ConsoleLinkIssuer | undefined;
  /** Slack 429s, for /metrics. */
  readonly onRateLimited?: (seconds: number) => void;
  /** Named roles for `role …` commands (issue 10). */
  readonly roles?: RoleService;
}

export interface SlackSurface {
  readonly routes: Hono;
  readonly notifier: Notifier;
  bind(service: HandoffService, vacations?: VacationService): void;
  /**
   * Checks the token (token mode) or opens the socket (Socket Mode). Call after `bind`, so nothing arrives before the
   * engine does; a refusal is a ConfigError naming the variable.
   */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Whether a portal user of the tenant is on its Slack workspace (their digests go there). */
  reaches(tenantId: TenantId, portalUserId: PortalUserId): Promise<boolean>;
}

function toSlackAuth(slack: Exclude<SlackConfig, { mode: 'off' }>, deps: SlackSurfaceDeps): SlackAuth {
  switch (slack.mode) {
    case 'token':
      return { mode: 'token', botToken: slack.botToken };
    case 'socket':
      return { mode: 'socket', appToken: slack.appToken, botToken: slack.botToken };
    case 'oauth':
      return {
        mode: 'oauth',
        clientId: slack.clientId,
        clientSecret: slack.clientSecret,
        stateSecret: slack.stateSecret,
        installationStore: deps.installations,
        ...(deps.config.publicUrl ? { redirectUri: `${deps.config.publicUrl}/slack/oauth_redirect` } : {}),
      };
    default: {
      const never: never = slack;
      return never;
    }
  }
}

/**
 * The key that signs Start buttons' plans: derived (HMAC) from ENCRYPTION_KEY when set, else from the Slack secret,
 * so it survives restarts and a crafted button value cannot start a plan nobody previewed.
 */
function confirmSecretOf(config: Config, slack: Exclude<SlackConfig, { mode: 'off' }>): string {
  const root = config.encryptionKey ?? Buffer.from(slack.mode === 'socket' ? slack.appToken : slack.signingSecret);
  return deriveKey(root, 'slack-confirm');
}

/**
 * A team's tenant: the one bound to it; otherwise the configured single portal's tenant, which the first team to
 * use it is bound to (a second team is refused, so two workspaces never share one portal's handoffs by accident).
 */
function createTenantResolver(deps: SlackSurfaceDeps): SlackTenantResolver {
  return async (teamId) => {
    let tenant = await deps.tenants.findBySlackTeam(teamId);
    if (!tenant && deps.defaultTenantHasPortal) {
      const fallback = await deps.tenants.getTenant(deps.defaultTenant);
      if (fallback && fallback.slackTeamId === undefined) {
        tenant = await deps.tenants.updateTenant(deps.defaultTenant, { slackTeamId: teamId });
        deps.logger.info({ tenantId: deps.defaultTenant, team: teamId }, 'slack team bound to the portal');
      }
    }
    if (!tenant) return null;
    return { tenantId: tenant.id, workSystem: await deps.workSystems(tenant.id) };
  };
}

export async function createSlackSurface(deps: SlackSurfaceDeps): Promise<SlackSurface | undefined> {
  const slack = deps.config.slack;
  if (slack.mode === 'off') return undefined;
  const integration = createSlackIntegration({
    signingSecret: slack.mode === 'socket' ? '' : slack.signingSecret,
    auth: toSlackAuth(slack, deps),
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    ...(deps.onRateLimited ? { onRateLimited: deps.onRateLimited } : {}),
    tenants: createTenantResolver(deps),
    links: deps.identityLinks,
    store: deps.store,
    ...(deps.hrPeople ? { hrPeople: deps.hrPeople } : {}),
    ...(deps.approvals ? { approvals: deps.approvals } : {}),
    confirmSecret: confirmSecretOf(deps.config, slack),
    ...(deps.consoleLink === undefined ? {} : { consoleLink: deps.consoleLink }),
    ...(deps.roles === undefined ? {} : { roles: deps.roles }),
    clock: deps.clock,
    logger: deps.logger,
    teamOfTenant: async (tenantId) => (await deps.tenants.getTenant(toTenantId(tenantId)))?.slackTeamId ?? null,
  });
  return {
    routes: integration.routes,
    notifier: integration.notifier,
    bind: (service, vacations) => integration.bind(service, vacations),
    start: async () => {
      try {
        await integration.start();
      } catch (err) {
        throw startupErrorOf(slack, err);
      }
    },
    close: () => integration.close(),
    reaches: (tenantId, portalUserId) => integration.reaches(tenantId, portalUserId),
  };
}

/**
 * Turns a failed start (auth.test in token mode, the Socket Mode connection) into an error naming the variables to
 * check, never their values: Slack's own error says only "An API error occurred: invalid_auth".
 */
function startupErrorOf(slack: Exclude<SlackConfig, { mode: 'off' }>, err: unknown): Error {
  const variables = slack.mode === 'socket' ? 'SLACK_APP_TOKEN or SLACK_BOT_TOKEN' : 'SLACK_BOT_TOKEN';
  const code = platformErrorOf(err);
  if (code !== null) return new ConfigError([`${variables} was refused by Slack at start-up (${code})`]);
  const where = slack.apiUrl === undefined ? "Slack's Web API" : "Slack's Web API at SLACK_API_URL";
  const reason =
    typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : 'error';
  return new Error(`${variables} could not be checked at start-up: ${where} failed (${reason})`, { cause: err });
}
