/**
 * Benchmark: peak resident memory of this process during a 100,000-item handoff (the engine streams items page by
 * page and never holds them all). SQLite store in a temp file, the sandbox portal in a child process (its memory is
 * not ours), no rate limit so it runs in seconds. RSS is sampled every 50 ms.
 * Run: `npm run build && node --expose-gc dist/bench/handoff-memory.js`.
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { EntityKind } from '../engine/kinds.js';
import { type HandoffBenchResult, runHandoffBench } from './handoff-harness.js';
import type { SummaryRow } from './summary.js';

export const MEMORY_ITEMS: Readonly<Partial<Record<EntityKind, number>>> = {
  deals: 50_000,
  tasks: 30_000,
  contacts: 20_000,
};

export const MEMORY_GOAL_MB = 250;
const SAMPLE_MS = 50;
const MB = 1024 * 1024;

export interface MemoryResult extends HandoffBenchResult {
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  readonly samples: number;
}

/** Collects garbage when node runs with --expose-gc, so the baseline is not inflated by start-up garbage. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

export async function runMemoryBench(): Promise<MemoryResult> {
  collect();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  let samples = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    samples += 1;
  };
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    const result = await runHandoffBench({ items: MEMORY_ITEMS, rate: false });
    sample();
    return {
      ...result,
      baselineRssMb: baseline.rss / MB,
      peakRssMb: peakRss / MB,
      peakHeapUsedMb: peakHeap / MB,
      samples,
    };
  } finally {
    clearInterval(timer);
  }
}

export function formatMemoryBench(result: MemoryResult): string {
  const c = result.counts.byStatus;
  return [
    `handoff-memory: ${result.items} items, status ${result.status}; moved ${c.moved}, failed ${c.failed}, pending ${c.pending}; ${result.sandbox.requests} HTTP requests, no rate limit`,
    `  RSS baseline ${result.baselineRssMb.toFixed(1)} MB, peak ${result.peakRssMb.toFixed(1)} MB (goal <= ${MEMORY_GOAL_MB} MB); peak heap used ${result.peakHeapUsedMb.toFixed(1)} MB; ${result.samples} samples every ${SAMPLE_MS} ms`,
    `  wall ${(result.wallMs / 1000).toFixed(2)} s (${Math.round(result.items / (result.wallMs / 1000))} items/s); CPU per item ${(result.cpuMicros / result.items).toFixed(1)} µs`,
  ].join('\n');
}

/** The figures bench/run-all.ts tabulates. */
export function summarizeMemoryBench(result: MemoryResult): SummaryRow[] {
  const bench = 'handoff-memory (100k items)';
  return [
    { bench, metric: 'peak RSS', value: result.peakRssMb, unit: 'MB', digits: 1, goalMax: MEMORY_GOAL_MB },
    { bench, metric: 'RSS baseline', value: result.baselineRssMb, unit: 'MB', digits: 1 },
    { bench, metric: 'wall time (no limit)', value: result.wallMs / 1000, unit: 's', digits: 2 },
  ];
}

export async function main(): Promise<SummaryRow[]> {
  const result = await runMemoryBench();
  console.log(formatMemoryBench(result));
  if (result.status !== 'completed') throw new Error(`handoff ended ${result.status}, not completed`);
  return summarizeMemoryBench(result);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
