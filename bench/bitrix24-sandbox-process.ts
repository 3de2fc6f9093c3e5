/**
 * The sandbox portal in a child process for the benchmarks (bench/sandbox-child.ts forks it), so the client's CPU
 * time and memory can be measured apart from the portal's. Talks over the fork IPC channel: `start` → `ready`,
 * `stats` → `stats`, `reset` → `reset`, `close`.
 * @module
 */
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../bitrix24/sandbox/index.js';

type Message =
  | { type: 'start'; options: SandboxOptions }
  | { type: 'stats'; burst: number }
  | { type: 'reset' }
  | { type: 'close' };

let sandbox: RunningSandbox | undefined;
const cpuAtStart = process.cpuUsage();

process.on('message', (message: Message) => {
  void handle(message);
});
// A parent that crashed or was killed must not leave the portal running.
process.on('disconnect', () => process.exit(0));

async function handle(message: Message): Promise<void> {
  if (message.type === 'start') {
    sandbox = await startSandbox(message.options);
    sandbox.portal.resetStats();
    process.send?.({ type: 'ready', url: sandbox.url, webhookUrl: sandbox.webhookUrl });
  } else if (message.type === 'stats' && sandbox) {
    const log = sandbox.portal.requestLog;
    const cpu = process.cpuUsage(cpuAtStart);
    const byMethod: Record<string, number> = {};
    for (const entry of log) byMethod[entry.method] = (byMethod[entry.method] ?? 0) + 1;
    process.send?.({
      type: 'stats',
      stats: sandbox.portal.stats(),
      throttledAfterBurst: log.slice(message.burst).filter((entry) => entry.status === 503).length,
      cpuMicros: cpu.user + cpu.system,
      byMethod,
      firstAt: log[0]?.at ?? null,
      lastAt: log.at(-1)?.at ?? null,
    });
  } else if (message.type === 'reset' && sandbox) {
    sandbox.portal.resetStats();
    process.send?.({ type: 'reset' });
  } else if (message.type === 'close') {
    await sandbox?.close();
    process.exit(0);
  }
}
