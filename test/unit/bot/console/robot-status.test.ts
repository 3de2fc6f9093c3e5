import { describe, expect, it, vi } from 'vitest';
import { ROBOT_CODE } from '../../../../bot/bitrix24-chat/robot-definition.js';
import { createRobotStatus } from '../../../../bot/console/robot-status.js';
import { toTenantId } from '../../../../engine/ids.js';
import type { Logger } from '../../../../engine/ports.js';
import { MemoryTenantStore } from '../../../../storage/tenant-store.js';
import { FakeClock } from '../../../fakes/fake-clock.js';

const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => logger };

async function world(answer: () => Promise<{ result?: unknown }>) {
  const clock = new FakeClock();
  const tenants = new MemoryTenantStore({ clock });
  const webhook = toTenantId('webhook');
  const app = toTenantId('app');
  await tenants.ensureTenant({ id: webhook, name: 'w' });
  await tenants.ensureTenant({ id: app, name: 'a' });
  await tenants.updateTenant(app, { app: { memberId: 'm1', domain: 'acme.bitrix24.com' } });
  const call = vi.fn(answer);
  const status = createRobotStatus({ tenants, appClient: async () => ({ call }), clock, logger });
  return { clock, status, call, webhook, app };
}

describe('console robot status', () => {
  it('is false without an app install, without asking the portal', async () => {
    const { status, call, webhook } = await world(async () => ({ result: [ROBOT_CODE] }));

    expect(await status(webhook)).toBe(false);
    expect(call).not.toHaveBeenCalled();
  });

  it('reads bizproc.robot.list once per 5 minutes', async () => {
    const { status, call, app, clock } = await world(async () => ({ result: ['other', ROBOT_CODE] }));

    expect(await status(app)).toBe(true);
    expect(await status(app)).toBe(true);
    clock.advance(5 * 60_000);
    expect(await status(app)).toBe(true);
    expect(call).toHaveBeenCalledTimes(2);
    expect(call).toHaveBeenCalledWith('bizproc.robot.list');
  });

  it('is false when the robot is not listed, and unknown when the portal fails', async () => {
    const missing = await world(async () => ({ result: ['other'] }));
    const failing = await world(async () => {
      throw new Error('portal down');
    });

    expect(await missing.status(missing.app)).toBe(false);
    expect(await failing.status(failing.app)).toBeUndefined();
  });
});
