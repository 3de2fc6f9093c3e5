/**
 * Finds the portal of a tenant: the configured single portal (webhook or the sandbox) for the default tenant, or
 * the connection stored for the tenant (OAuth installs). One Bitrix24WorkSystem per tenant, sharing one PortalPool
 * so every caller in the process goes through the portal's one rate limiter.
 * @module
 */

import type { PortalConfig as Bitrix24PortalConfig } from '../bitrix24/portal-config.js';
import { PortalPool } from '../bitrix24/portal-pool.js';
import { createBitrix24WorkSystem } from '../bitrix24/work-system.js';
import { HandoffError } from '../engine/errors.js';
import type { TenantId } from '../engine/ids.js';
import type { Logger, WorkSystem, WorkSystemResolver } from '../engine/ports.js';
import type { TenantStore } from '../storage/tenant-store.js';
import type { Config } from './config.js';

export interface WorkSystemResolverOptions {
  readonly config: Config;
  readonly tenants: TenantStore;
  readonly defaultTenant: TenantId;
  /** The in-process sandbox's webhook URL (SANDBOX=1). */
  readonly sandboxWebhookUrl?: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  /** The process's per-portal limiters; main.ts passes its own so /metrics can read them. */
  readonly pool?: PortalPool;
}

export function createWorkSystemResolver(options: WorkSystemResolverOptions): WorkSystemResolver {
  const pool = options.pool ?? new PortalPool({ now: options.now, sleep: options.sleep });
  const cache = new Map<TenantId, WorkSystem>();

  function build(portal: Bitrix24PortalConfig): WorkSystem {
    return createBitrix24WorkSystem({
      portal,
      rate: options.config.rate,
      fetch: options.fetch,
      now: options.now,
      sleep: options.sleep,
      logger: options.logger,
      pool,
    });
  }

  async function configured(tenantId: TenantId): Promise<Bitrix24PortalConfig | undefined> {
    if (tenantId === options.defaultTenant) {
      if (options.sandboxWebhookUrl) return { kind: 'webhook', url: options.sandboxWebhookUrl };
      if (options.config.portal.mode === 'webhook') return { kind: 'webhook', url: options.config.portal.webhookUrl };
    }
    const tenant = await options.tenants.getTenant(tenantId);
    const portal = tenant?.portal;
    if (portal?.type === 'webhook') return { kind: 'webhook', url: portal.url };
    if (portal?.type === 'oauth' && options.config.portal.mode === 'oauth') {
      const app = options.config.portal;
      return {
        kind: 'oauth',
        clientEndpoint: portal.clientEndpoint ?? `https://${portal.domain}/rest/`,
        accessToken: portal.accessToken,
        refreshToken: portal.refreshToken,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        oauthUrl: app.oauthUrl ?? 'https://oauth.bitrix.info',
        onTokens: async (tokens) => {
          await options.tenants.updateTenant(tenantId, {
            portal: {
              ...portal,
              accessToken: tokens.accessToken,
              refreshToken: tokens.refreshToken,
              ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
              ...(tokens.clientEndpoint ? { clientEndpoint: tokens.clientEndpoint } : {}),
            },
          });
        },
      };
    }
    return undefined;
  }

  return async (tenantId) => {
    const cached = cache.get(tenantId);
    if (cached) return cached;
    const portal = await configured(tenantId);
    if (!portal) {
      throw new HandoffError('portal_error', 'This workspace is not connected to a Bitrix24 portal yet.', {
        reason: 'no_portal',
      });
    }
    const workSystem = build(portal);
    cache.set(tenantId, workSystem);
    return workSystem;
  };
}
