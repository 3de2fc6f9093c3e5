import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortalPool } from '../../../../bitrix24/portal-pool.js';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import { createBitrix24WorkSystem } from '../../../../bitrix24/work-system.js';
import { ensureRobot, ROBOT_CODE, removeRobot } from '../../../../bot/bitrix24-chat/robot-definition.js';
import {
  createRecordingLogger,
  FAST_RETRY,
  realSleep,
  sandboxWorkSystem,
} from '../../../contract/bitrix24-sandbox-world.js';

const APP = { clientId: 'local.robot', clientSecret: 'robot-secret' };
let sandbox: RunningSandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ rate: false, oauth: APP });
});
afterEach(async () => {
  await sandbox.close();
});

function appClient(userId = 1) {
  const issued = sandbox.portal.issueTokens(userId);
  return createBitrix24WorkSystem({
    portal: {
      kind: 'oauth',
      clientEndpoint: issued.client_endpoint,
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      ...APP,
      oauthUrl: sandbox.url,
      onTokens: () => undefined,
    },
    fetch,
    now: Date.now,
    sleep: realSleep,
    logger: createRecordingLogger(),
    retry: FAST_RETRY,
    rate: { burst: 100, perSecond: 100 },
    pool: new PortalPool({ now: Date.now, sleep: realSleep }),
  }).client;
}

describe('ensureRobot / removeRobot against the sandbox portal', () => {
  it('adds the robot once, then leaves it as it is', async () => {
    const client = appClient();

    const first = await ensureRobot(client, 'https://handoff.example.com');
    const second = await ensureRobot(client, 'https://handoff.example.com/');

    expect([first, second]).toEqual(['added', 'unchanged']);
    const robot = sandbox.portal.robots.robots.get(ROBOT_CODE);
    expect(robot?.handler).toBe('https://handoff.example.com/bitrix24/robot');
    expect(robot?.useSubscription).toBe('Y');
    expect(robot?.properties.moveDocument).toMatchObject({ Type: 'bool', Default: 'Y' });
    expect(sandbox.portal.callLog.filter((c) => c.method === 'bizproc.robot.add')).toHaveLength(1);
  });

  it('removes the robot on uninstall, once', async () => {
    const client = appClient();
    await ensureRobot(client, 'https://handoff.example.com');

    const removed = [await removeRobot(client), await removeRobot(client)];

    expect(removed).toEqual([true, false]);
    expect(sandbox.portal.robots.robots.size).toBe(0);
  });

  it('fails through a webhook: bizproc needs an application context (reference §11)', async () => {
    const client = sandboxWorkSystem(sandbox).client;

    await expect(ensureRobot(client, 'https://handoff.example.com')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });

  it('fails for a user who is not an admin', async () => {
    const notAdmin = sandbox.portal.users.find((u) => !u.isAdmin && u.active)?.id ?? 2;

    await expect(ensureRobot(appClient(notAdmin), 'https://handoff.example.com')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });
});
