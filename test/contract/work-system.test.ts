import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { sandboxWorkSystem, sandboxWorld } from './bitrix24-sandbox-world.js';
import { workSystemContractSuite } from './work-system-suite.js';

let sandbox: RunningSandbox | undefined;

workSystemContractSuite({
  name: 'Bitrix24WorkSystem on the sandbox portal (webhook, real HTTP on loopback)',
  async create() {
    sandbox = await startSandbox({ rate: false });
    return { system: sandboxWorkSystem(sandbox), world: sandboxWorld(sandbox.portal) };
  },
  async cleanup() {
    await sandbox?.close();
    sandbox = undefined;
  },
});
