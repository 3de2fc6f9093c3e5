/**
 * Finds the portal of a tenant: the configured single portal (webhook or the sandbox) for the default tenant, or
 * the connection stored for the tenant (OAuth installs). One Bitrix24WorkSystem per tenant, sharing one PortalPool
 * so every caller in the process goes through the portal's one rate limiter. Built by bot/portal-access.ts.
 * @module
 */

import type { PortalConfig as Bitrix24PortalConfig } from '../bitrix24/portal-config.js';
import type { PortalPool } from '../bitrix24/portal-pool.js';
import { createBitrix24WorkSystem } from '../bitrix24/work-system.js';
import { HandoffError } from '../engine/errors.js';
import type { TenantId } from '../engine/ids.js';
import type { Logger, WorkSystem, WorkSystemResolver } from '../engine/ports.js';
import type { Config } from './config.js';

export interface WorkSystemResolverOptions {
  readonly config: Config;
  readonly defaultTenant: TenantId;
  /** The in-process sandbox's webhook URL (SANDBOX=1). */
  readonly sandboxWebhookUrl?: string;
  /** The connection stored for a tenant (webhook, or OAuth with the app's credentials), if any. */
  readonly storedPortal: (tenantId: TenantId) => Promise<Bitrix24PortalConfig | undefined>;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
}

export interface CachingWorkSystemResolver {
  readonly resolve: WorkSystemResolver;
  /** Drops the tenant's cached WorkSystem (its stored connection changed). */
  forget(tenantId: TenantId): void;
}

export function createWorkSystemResolverOn(
  pool: PortalPool,
  options: WorkSystemResolverOptions,
): CachingWorkSystemResolver {
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
    return options.storedPortal(tenantId);
  }

  return {
    async resolve(tenantId) {
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
    },
    forget(tenantId) {
      cache.delete(tenantId);
    },
  };
}
