/**
 * Benchmark: one 10,000-item handoff end to end (validate, count, enumerate, store in SQLite, reassign, finish) with
 * the real engine against the sandbox portal in a child process at a scaled bucket (burst 50, 50/s). Prints the
 * wall time as a ratio to the bucket's drain time for the requests actually made, the throttled answers, and this
 * process's CPU per item (engine, connector and store; the portal's CPU is the child's).
 * Run: `npm run build && node dist/bench/handoff-end-to-end.js [--notifier-latency-ms 100]` (the option makes every
 * notifier call take that long, to see whether a slow chat surface paces the engine).
 * @module
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EntityKind } from '../engine/kinds.js';
import { type HandoffBenchResult, runHandoffBench } from './handoff-harness.js';
import type { SummaryRow } from './summary.js';

export interface EndToEndOptions {
  readonly burst?: number;
  readonly perSecond?: number;
  /** Per notifier call; a chat API round trip. Default 0. */
  readonly notifierLatencyMs?: number;
}

export interface EndToEndResult extends HandoffBenchResult {
  readonly burst: number;
  readonly perSecond: number;
  readonly drainMs: number;
  readonly ratio: number;
}

/** A realistic mix: CRM deals (crm.item), tasks (tasks.task) and contacts (legacy crm.contact). */
export const END_TO_END_ITEMS: Readonly<Partial<Record<EntityKind, number>>> = {
  deals: 5_000,
  tasks: 3_000,
  contacts: 2_000,
};

export const ENGINE_GOAL_RATIO = 1.15;

export async function runEndToEndBench(options: EndToEndOptions = {}): Promise<EndToEndResult> {
  const burst = options.burst ?? 50;
  const perSecond = options.perSecond ?? 50;
  const result = await runHandoffBench({
    items: END_TO_END_ITEMS,
    rate: { burst, perSecond },
    ...(options.notifierLatencyMs === undefined ? {} : { notifierLatencyMs: options.notifierLatencyMs }),
  });
  // Drain time: the bucket lets `burst` requests through at once, then `perSecond` per second.
  const drainMs = (Math.max(0, result.sandbox.requests - burst) / perSecond) * 1000;
  return { ...result, burst, perSecond, drainMs, ratio: drainMs > 0 ? result.wallMs / drainMs : Number.NaN };
}

function storeLine(result: HandoffBenchResult): string {
  const total = Object.values(result.storeMs).reduce((sum, ms) => sum + ms, 0);
  const top = Object.entries(result.storeMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
    .join(', ');
  return `  store: ${result.storeCalls} calls, ${total.toFixed(0)} ms inside them (${top} ms)`;
}

function edge(later: number | null, earlier: number | null): string {
  return later === null || earlier === null ? '?' : String(later - earlier);
}

export function formatEndToEndBench(result: EndToEndResult): string {
  const c = result.counts.byStatus;
  return [
    `handoff-end-to-end: ${result.items} items (${Object.entries(END_TO_END_ITEMS)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(
        ', ',
      )}), status ${result.status}; moved ${c.moved}, failed ${c.failed}, skipped ${c.skipped}, pending ${c.pending}`,
    `  ${result.sandbox.requests} HTTP requests (burst ${result.burst}, ${result.perSecond}/s); drain time := max(0, requests - burst) / rate`,
    `  wall ${(result.wallMs / 1000).toFixed(2)} s / drain ${(result.drainMs / 1000).toFixed(2)} s = ratio ${result.ratio.toFixed(3)} (goal <= ${ENGINE_GOAL_RATIO})`,
    `  throttled answers: ${result.sandbox.throttled} (after the burst: ${result.sandbox.throttledAfterBurst})`,
    `  engine + connector + store CPU per item: ${(result.cpuMicros / result.items).toFixed(1)} µs (sandbox in a child process: ${(result.sandbox.cpuMicros / 1000).toFixed(0)} ms CPU in total)`,
    `  requests: ${Object.entries(result.sandbox.byMethod)
      .map(([method, n]) => `${n} ${method}`)
      .join(', ')}`,
    `  before the first answer ${edge(result.sandbox.firstAt, result.startedAt)} ms, after the last ${edge(result.endedAt, result.sandbox.lastAt)} ms`,
    storeLine(result),
    `  notifier: ${result.notifierCalls} calls, ${(result.notifierMs / 1000).toFixed(2)} s inside them`,
    `  machine load average (1 min): ${(loadavg()[0] ?? 0).toFixed(2)}`,
  ].join('\n');
}

/** The figures bench/run-all.ts tabulates. */
export function summarizeEndToEndBench(result: EndToEndResult): SummaryRow[] {
  const bench = 'handoff-end-to-end (10k items)';
  const storeMs = Object.values(result.storeMs).reduce((sum, ms) => sum + ms, 0);
  return [
    { bench, metric: 'wall / drain', value: result.ratio, unit: '', digits: 3, goalMax: ENGINE_GOAL_RATIO },
    { bench, metric: 'throttled answers', value: result.sandbox.throttled, unit: '', digits: 0 },
    { bench, metric: 'CPU per item', value: result.cpuMicros / result.items, unit: 'µs', digits: 1 },
    { bench, metric: 'store time per item', value: (storeMs * 1000) / result.items, unit: 'µs', digits: 1 },
  ];
}

export async function main(options: EndToEndOptions = {}): Promise<SummaryRow[]> {
  const result = await runEndToEndBench(options);
  console.log(formatEndToEndBench(result));
  if (result.status !== 'completed') throw new Error(`handoff ended ${result.status}, not completed`);
  return summarizeEndToEndBench(result);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { 'notifier-latency-ms': { type: 'string' } } });
  const latency = values['notifier-latency-ms'];
  main(latency === undefined ? {} : { notifierLatencyMs: Number(latency) }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
