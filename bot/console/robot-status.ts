/**
 * The header's "Robot installed": whether the portal lists our automation robot (`bizproc.robot.list`, which needs
 * the app's own context, so a portal reached only by webhook cannot have it). Read at most every 5 minutes per
 * tenant: the header is drawn on every page load and each call counts against the portal's rate limit.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import type { Clock, Logger } from '../../engine/ports.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import { ROBOT_CODE } from '../bitrix24-chat/robot-definition.js';

const TTL_MS = 5 * 60_000;

export interface RobotStatusDeps {
  readonly tenants: Pick<TenantStore, 'getTenant'>;
  /** The portal as the app (application context). */
  appClient(tenantId: TenantId): Promise<{ call(method: string): Promise<{ readonly result?: unknown }> }>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** true / false when known; undefined when the portal could not be asked. Never throws. */
export function createRobotStatus(deps: RobotStatusDeps): (tenantId: TenantId) => Promise<boolean | undefined> {
  const cache = new Map<TenantId, { at: number; value: Promise<boolean | undefined> }>();
  return (tenantId) => {
    const now = deps.clock.now().getTime();
    const cached = cache.get(tenantId);
    if (cached !== undefined && now - cached.at < TTL_MS) return cached.value;
    const value = (async () => {
      if ((await deps.tenants.getTenant(tenantId))?.app === undefined) return false;
      try {
        const { result } = await (await deps.appClient(tenantId)).call('bizproc.robot.list');
        const codes = Array.isArray(result)
          ? result
          : result && typeof result === 'object'
            ? Object.values(result)
            : [];
        return codes.map(String).includes(ROBOT_CODE);
      } catch (err) {
        deps.logger.warn({ err, tenantId }, 'console robot check failed');
        cache.delete(tenantId);
        return undefined;
      }
    })();
    cache.set(tenantId, { at: now, value });
    return value;
  };
}
