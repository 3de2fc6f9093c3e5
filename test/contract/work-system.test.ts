import { PortalPool } from '../../bitrix24/portal-pool.js';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { createBitrix24WorkSystem } from '../../bitrix24/work-system.js';
import {
  createRecordingLogger,
  FAST_RETRY,
  realSleep,
  sandboxWorkSystem,
  sandboxWorld,
} from './bitrix24-sandbox-world.js';
import { workSystemContractSuite } from './work-system-suite.js';

let sandbox: RunningSandbox | undefined;

async function cleanup(): Promise<void> {
  await sandbox?.close();
  sandbox = undefined;
}

workSystemContractSuite({
  name: 'Bitrix24WorkSystem on the sandbox portal (webhook, real HTTP on loopback)',
  async create() {
    sandbox = await startSandbox({ rate: false });
    return { system: sandboxWorkSystem(sandbox), world: sandboxWorld(sandbox.portal) };
  },
  cleanup,
});

workSystemContractSuite({
  name: 'Bitrix24WorkSystem on the sandbox portal (OAuth app, short-lived tokens)',
  async create() {
    const app = { clientId: 'local.contract', clientSecret: 'contract-secret' };
    // Tokens expire every 200 ms, so refreshes happen in the middle of the suite's calls.
    sandbox = await startSandbox({ rate: false, oauth: { ...app, accessTokenTtlMs: 200 } });
    const issued = sandbox.portal.issueTokens(1);
    const system = createBitrix24WorkSystem({
      portal: {
        kind: 'oauth',
        clientEndpoint: issued.client_endpoint,
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        ...app,
        oauthUrl: sandbox.url,
        onTokens: () => undefined,
      },
      fetch,
      now: Date.now,
      sleep: realSleep,
      logger: createRecordingLogger(),
      retry: FAST_RETRY,
      rate: { burst: 1000, perSecond: 1000 },
      pool: new PortalPool({ now: Date.now, sleep: realSleep }),
    });
    return { system, world: sandboxWorld(sandbox.portal) };
  },
  cleanup,
});
