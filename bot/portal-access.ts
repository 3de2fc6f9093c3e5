/**
 * How the runtime reaches each tenant's portal: the engine's WorkSystem (bot/work-systems.ts) and, for the
 * Bitrix24 app, a client that calls as the installed app (its OAuth tokens: `imbot.*`, `im.notify.*`, `event.bind`
 * need the application context). Both share one PortalPool, so a portal has one rate limiter and one OAuth
 * session in the process whichever part calls it; `forget` drops what was built from a tenant's old tokens
 * (reinstall, uninstall).
 * @module
 */
import type { Bitrix24Client, RetryOptions } from '../bitrix24/client.js';
import { createBitrix24Client } from '../bitrix24/connection.js';
import type { PortalConfig as Bitrix24PortalConfig } from '../bitrix24/portal-config.js';
import { PortalPool } from '../bitrix24/portal-pool.js';
import { HandoffError } from '../engine/errors.js';
import type { TenantId } from '../engine/ids.js';
import type { Logger, WorkSystemResolver } from '../engine/ports.js';
import type { PortalConnection, TenantStore } from '../storage/tenant-store.js';
import type { Config } from './config.js';
import { createWorkSystemResolverOn } from './work-systems.js';

/** The app's OAuth credentials: BITRIX24_CLIENT_ID/SECRET, or the sandbox's own app in the demo. */
export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly oauthUrl: string;
}

export interface PortalAccessOptions {
  readonly config: Config;
  readonly tenants: TenantStore;
  readonly defaultTenant: TenantId;
  readonly sandboxWebhookUrl?: string;
  /** Credentials when the configuration has none (SANDBOX=1: the sandbox's app). */
  readonly sandboxApp?: AppCredentials;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
}

export interface PortalAccess {
  readonly workSystems: WorkSystemResolver;
  /** The app's credentials, or undefined when this deployment is not a Bitrix24 app. */
  readonly app: AppCredentials | undefined;
  /**
   * A client calling as the installed app. `retry` narrows retries (imbot.message.add is not idempotent: never
   * blind-retry it after a server fault). Throws HandoffError `portal_error` when the tenant has no app tokens.
   */
  appClient(tenantId: TenantId, retry?: Partial<RetryOptions>): Promise<Bitrix24Client>;
  /** Drops cached connections of a tenant (its tokens changed or are gone). */
  forget(tenantId: TenantId): Promise<void>;
  /** Requests and throttled answers per portal since start (for /metrics). */
  portalStats(): ReturnType<PortalPool['stats']>;
}

export function appCredentialsOf(config: Config, sandboxApp?: AppCredentials): AppCredentials | undefined {
  if (config.portal.mode === 'oauth') {
    const { clientId, clientSecret } = config.portal;
    return { clientId, clientSecret, oauthUrl: config.portal.oauthUrl ?? 'https://oauth.bitrix.info' };
  }
  return sandboxApp;
}

function endpointOf(portal: Extract<PortalConnection, { type: 'oauth' }>): string {
  return portal.clientEndpoint ?? `https://${portal.domain}/rest/`;
}

export function createPortalAccess(options: PortalAccessOptions): PortalAccess {
  const pool = new PortalPool({ now: options.now, sleep: options.sleep });
  const app = appCredentialsOf(options.config, options.sandboxApp);

  /** The tenant's stored OAuth connection as a client config; new tokens are stored as they rotate (§9). */
  function oauthConfig(
    tenantId: TenantId,
    portal: Extract<PortalConnection, { type: 'oauth' }>,
    credentials: AppCredentials,
  ): Bitrix24PortalConfig {
    return {
      kind: 'oauth',
      clientEndpoint: endpointOf(portal),
      accessToken: portal.accessToken,
      refreshToken: portal.refreshToken,
      ...credentials,
      onTokens: async (tokens) => {
        const current = (await options.tenants.getTenant(tenantId))?.portal;
        // Uninstalled meanwhile: the rotated tokens are not to be kept.
        if (current?.type !== 'oauth' || current.memberId !== portal.memberId) return;
        await options.tenants.updateTenant(tenantId, {
          portal: {
            ...current,
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken,
            ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
            ...(tokens.clientEndpoint ? { clientEndpoint: tokens.clientEndpoint } : {}),
          },
        });
      },
    };
  }

  const resolver = createWorkSystemResolverOn(pool, {
    ...options,
    storedPortal: async (tenantId) => {
      const portal = (await options.tenants.getTenant(tenantId))?.portal;
      if (portal?.type === 'webhook') return { kind: 'webhook', url: portal.url };
      if (portal?.type === 'oauth' && app) return oauthConfig(tenantId, portal, app);
      return undefined;
    },
  });

  return {
    workSystems: resolver.resolve,
    app,
    portalStats: () => pool.stats(),
    async appClient(tenantId, retry) {
      const portal = (await options.tenants.getTenant(tenantId))?.portal;
      if (portal?.type !== 'oauth' || !app) {
        throw new HandoffError('portal_error', 'The Handoff app is not installed in this portal.', {
          reason: 'not_installed',
        });
      }
      return createBitrix24Client({
        portal: oauthConfig(tenantId, portal, app),
        rate: options.config.rate,
        fetch: options.fetch,
        now: options.now,
        sleep: options.sleep,
        logger: options.logger,
        pool,
        ...(retry ? { retry } : {}),
      });
    },
    async forget(tenantId) {
      resolver.forget(tenantId);
      const portal = (await options.tenants.getTenant(tenantId))?.portal;
      if (portal?.type === 'oauth') pool.forgetSessions(new URL(endpointOf(portal)).host);
    },
  };
}
