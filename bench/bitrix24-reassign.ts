/**
 * Benchmark: reassign 10,000 deals through Bitrix24WorkSystem against the sandbox portal (in a child process) at
 * a scaled leaky bucket (burst 50, 50/s), and print the wall time as a ratio to the bucket's drain time for the
 * same number of requests, the throttled answers after the burst, and the client's CPU time per item.
 * Run: `npm run build && node dist/bench/bitrix24-reassign.js`.
 * @module
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PortalPool } from '../bitrix24/portal-pool.js';
import { createBitrix24WorkSystem } from '../bitrix24/work-system.js';
import { toPortalUserId } from '../engine/ids.js';
import { quietLogger, sleep, startSandboxChild } from './sandbox-child.js';
import type { SummaryRow } from './summary.js';

export interface ReassignBenchOptions {
  readonly items?: number;
  readonly burst?: number;
  readonly perSecond?: number;
}

export interface ReassignBenchResult {
  readonly items: number;
  readonly requests: number;
  readonly wallMs: number;
  readonly drainMs: number;
  readonly ratio: number;
  readonly throttled: number;
  readonly throttledAfterBurst: number;
  readonly clientCpuMicrosPerItem: number;
  readonly sandboxCpuMicros: number;
  readonly moved: number;
}

export async function runReassignBench(options: ReassignBenchOptions = {}): Promise<ReassignBenchResult> {
  const items = options.items ?? 10_000;
  const burst = options.burst ?? 50;
  const perSecond = options.perSecond ?? 50;
  const owner = toPortalUserId(2);
  const receiver = toPortalUserId(3);
  const sandbox = await startSandboxChild({
    rate: { burst, perSecond },
    seed: { itemsPerUser: 0, bulk: [{ userId: owner, kind: 'deals', count: items }] },
  });
  try {
    const system = createBitrix24WorkSystem({
      portal: { kind: 'webhook', url: sandbox.webhookUrl },
      fetch,
      now: Date.now,
      sleep,
      logger: quietLogger,
      rate: { burst, perSecond },
      // Backoff scaled like the rate: the reference's 1.5 s base is for 2 requests per second (§4).
      retry: { baseDelayMs: Math.round((1500 * 2) / perSecond) },
      pool: new PortalPool({ now: Date.now, sleep }),
    });

    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let moved = 0;
    const listed: number[] = [];
    for await (const page of system.listItems('deals', owner, 'open')) listed.push(...page.map((item) => item.itemId));
    // Two callers share the work, as the engine's batches would: the limiter still sends one request at a time,
    // but one caller prepares and reads its batch while the other's request is on the wire.
    let next = 0;
    const worker = async () => {
      while (next < listed.length) {
        const from = next;
        next += system.maxBatchSize;
        const changes = listed.slice(from, from + system.maxBatchSize).map((itemId) => ({ itemId, ownerId: receiver }));
        const results = await system.setOwners('deals', changes);
        moved += results.filter((result) => result.ok).length;
      }
    };
    await Promise.all([worker(), worker()]);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);

    const stats = await sandbox.stats(burst);
    const requests = stats.requests;
    // Drain time: the bucket lets `burst` requests through at once, then `perSecond` per second.
    const drainMs = (Math.max(0, requests - burst) / perSecond) * 1000;
    return {
      items,
      requests,
      wallMs,
      drainMs,
      ratio: drainMs > 0 ? wallMs / drainMs : Number.NaN,
      throttled: stats.throttled,
      throttledAfterBurst: stats.throttledAfterBurst,
      clientCpuMicrosPerItem: (cpu.user + cpu.system) / items,
      sandboxCpuMicros: stats.cpuMicros,
      moved,
    };
  } finally {
    sandbox.close();
  }
}

export function formatReassignBench(result: ReassignBenchResult, burst = 50, perSecond = 50): string {
  return [
    `bitrix24-reassign: ${result.items} items, ${result.moved} moved, ${result.requests} HTTP requests (burst ${burst}, ${perSecond}/s)`,
    '  drain time := max(0, requests - burst) / rate',
    `  wall ${(result.wallMs / 1000).toFixed(2)} s / drain ${(result.drainMs / 1000).toFixed(2)} s = ratio ${result.ratio.toFixed(3)} (goal <= 1.10)`,
    `  throttled answers after the burst: ${result.throttledAfterBurst} (goal 0; all throttled: ${result.throttled})`,
    `  client CPU per item: ${result.clientCpuMicrosPerItem.toFixed(1)} µs (sandbox in a child process: ${(result.sandboxCpuMicros / 1000).toFixed(0)} ms CPU in total)`,
    // Requests are serialized per portal, so a busy machine (slower round trips) shows up in the ratio.
    `  machine load average (1 min): ${(loadavg()[0] ?? 0).toFixed(2)}`,
  ].join('\n');
}

/** The figures bench/run-all.ts tabulates. */
export function summarizeReassignBench(result: ReassignBenchResult): SummaryRow[] {
  const bench = 'bitrix24-reassign (10k deals)';
  return [
    { bench, metric: 'wall / drain', value: result.ratio, unit: '', digits: 3, goalMax: 1.1 },
    { bench, metric: 'throttled after burst', value: result.throttledAfterBurst, unit: '', digits: 0, goalMax: 0 },
    { bench, metric: 'client CPU per item', value: result.clientCpuMicrosPerItem, unit: 'µs', digits: 1 },
  ];
}

export async function main(): Promise<ReassignBenchResult> {
  const result = await runReassignBench();
  console.log(formatReassignBench(result));
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
