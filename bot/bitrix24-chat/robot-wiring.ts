/**
 * The robot's part of the Bitrix24 app surface: its installer (ensureRobot at every install), its route (calls
 * checked with the app's application_token), and the Notifier that finishes the workflow step. Built by
 * bot/bitrix24-wiring.ts when the deployment is a Bitrix24 app.
 * @module
 */
import type { Hono } from 'hono';
import type { TenantId } from '../../engine/ids.js';
import type { Clock, HandoffStore, Logger, Notifier, Scheduler } from '../../engine/ports.js';
import { createRobotHandoffs } from '../../engine/robot-service.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import { checkPortalRequest } from './app-token.js';
import type { AppInstaller } from './installers.js';
import { createRobotRoutes } from './robot.js';
import { ensureRobot, ROBOT_CODE, type RobotPortalClient } from './robot-definition.js';
import { createRobotFinisher } from './robot-finisher.js';

export interface RobotSurfaceDeps {
  readonly tenants: TenantStore;
  readonly store: HandoffStore;
  readonly scheduler: Scheduler;
  /** The tenant's portal as the app (bizproc.* needs an application context). */
  readonly appClient: (tenantId: TenantId) => Promise<RobotPortalClient>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface RobotSurface {
  readonly installer: AppInstaller;
  readonly routes: Hono;
  readonly notifier: Notifier;
}

export function createRobotSurface(deps: RobotSurfaceDeps): RobotSurface {
  const logger = deps.logger.child({ component: 'bitrix24-robot' });
  return {
    installer: {
      name: 'robot',
      async install({ portal, publicUrl, tenantId, logger: log }) {
        const outcome = await ensureRobot(portal, publicUrl);
        log.info({ tenantId, outcome }, 'bitrix24 robot registered');
      },
    },
    routes: createRobotRoutes({
      verify: async (form) => {
        const check = await checkPortalRequest(deps.tenants, form);
        if (!check.ok) logger.warn({ reason: check.reason }, 'robot call not verified');
        return check.ok ? check.tenant.id : null;
      },
      robots: createRobotHandoffs({ store: deps.store, scheduler: deps.scheduler, clock: deps.clock, logger }),
      portals: deps.appClient,
      logger,
    }),
    notifier: createRobotFinisher({ portals: deps.appClient, store: deps.store, logger }),
  };
}

/**
 * Whether the robot is registered in a tenant's portal (`bizproc.robot.list`), for the console's header: cached per
 * tenant for `ttlMs` (one portal request a minute at most); undefined when the portal cannot say.
 * @example const installed = createRobotPresence((id) => access.appClient(id), Date.now); await installed(tenantId)
 */
export function createRobotPresence(
  appClient: (tenantId: TenantId) => Promise<RobotPortalClient>,
  now: () => number,
  ttlMs = 60_000,
): (tenantId: TenantId) => Promise<boolean | undefined> {
  const cache = new Map<TenantId, { readonly at: number; readonly value: boolean }>();
  return async (tenantId) => {
    const cached = cache.get(tenantId);
    if (cached && now() - cached.at < ttlMs) return cached.value;
    try {
      const { result } = await (await appClient(tenantId)).call('bizproc.robot.list');
      const codes = Array.isArray(result) ? result.map(String) : Object.values(result ?? {}).map(String);
      const value = codes.includes(ROBOT_CODE);
      cache.set(tenantId, { at: now(), value });
      return value;
    } catch {
      return undefined;
    }
  };
}
