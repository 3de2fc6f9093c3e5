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
import { ensureRobot, type RobotPortalClient } from './robot-definition.js';
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
