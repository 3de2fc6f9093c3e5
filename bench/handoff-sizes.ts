/**
 * Benchmark: handoffs of 1,000, 2,500, 10,000 and 100,000 deals at Bitrix24's real limit (burst 50, 2 requests per
 * second; the 100,000 row at 50 per second, or it would take 17 minutes), each as wall time ÷ floor. The **floor** is
 * the least the portal's bucket allows for the work itself: one owner-change batch per 50 deals, one listing request
 * per 2,500 (50 chained pages), one count: max(0, requests − burst) / rate. Anything more — directory and metadata
 * calls, recounts — shows as a ratio above 1. Each handoff is previewed first, as every surface's review step does,
 * and the bucket left to drain meanwhile, as it does while a person reads the preview; create + start are timed.
 * The 2,500 row is also run without a preview ("cold": nothing cached), as the API, a vacation job or a scheduled
 * start run it: the plan's directory and metadata lookups then go in one batch (WorkSystem.readFacts), with the count.
 * Run: `npm run build && node dist/bench/handoff-sizes.js [--only 2500,10000]`
 * @module
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type HandoffBenchResult, runHandoffBench } from './handoff-harness.js';
import type { SummaryRow } from './summary.js';

export interface SizeRow {
  readonly deals: number;
  readonly burst: number;
  readonly perSecond: number;
  readonly previewFirst: boolean;
  readonly floorRequests: number;
  readonly floorMs: number;
  readonly result: HandoffBenchResult;
  /** wall ÷ floor; null when the floor is 0 (everything fits in the burst). */
  readonly ratio: number | null;
}

/** The requests the work needs at the least: changes in batches of 50, listing in chains of 50 pages, one count. */
export function floorRequests(deals: number): number {
  return Math.ceil(deals / 50) + Math.max(1, Math.ceil(deals / 2_500)) + 1;
}

export const SIZE_GOALS = { small: 1.1, large: 1.05 } as const;

export async function runSize(deals: number, options: { perSecond?: number; previewFirst?: boolean } = {}) {
  const burst = 50;
  const perSecond = options.perSecond ?? 2;
  const previewFirst = options.previewFirst ?? true;
  const result = await runHandoffBench({ items: { deals }, rate: { burst, perSecond }, previewFirst });
  const floor = floorRequests(deals);
  const floorMs = (Math.max(0, floor - burst) / perSecond) * 1000;
  return {
    deals,
    burst,
    perSecond,
    previewFirst,
    floorRequests: floor,
    floorMs,
    result,
    ratio: floorMs > 0 ? result.wallMs / floorMs : null,
  } satisfies SizeRow;
}

export function formatSize(row: SizeRow): string {
  const r = row.result;
  const ratio = row.ratio === null ? 'floor 0 s (fits in the burst)' : `ratio ${row.ratio.toFixed(3)}`;
  return [
    `handoff-sizes: ${row.deals} deals, burst ${row.burst} at ${row.perSecond}/s, ${row.previewFirst ? 'after a preview' : 'cold (no preview)'}: status ${r.status}, moved ${r.counts.byStatus.moved}`,
    `  ${r.sandbox.requests} requests (floor ${row.floorRequests}); wall ${(r.wallMs / 1000).toFixed(2)} s / floor ${(row.floorMs / 1000).toFixed(2)} s: ${ratio}`,
    `  requests: ${Object.entries(r.sandbox.byMethod)
      .map(([method, n]) => `${n} ${method}`)
      .join(', ')}; throttled ${r.sandbox.throttled}`,
  ].join('\n');
}

const PLAN: readonly { readonly deals: number; readonly perSecond?: number; readonly previewFirst?: boolean }[] = [
  { deals: 1_000 },
  { deals: 2_500 },
  { deals: 2_500, previewFirst: false },
  { deals: 10_000 },
  { deals: 100_000, perSecond: 50 },
];

export async function main(only?: readonly number[]): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  for (const spec of PLAN) {
    if (only && !only.includes(spec.deals)) continue;
    const row = await runSize(spec.deals, spec);
    process.stdout.write(`${formatSize(row)}\n`);
    const label = `${spec.deals} deals${spec.perSecond ? ` at ${spec.perSecond}/s` : ''}${row.previewFirst ? '' : ' cold'}`;
    if (row.ratio === null) {
      rows.push({
        bench: 'handoff-sizes',
        metric: `${label}: wall (floor 0 s)`,
        value: row.result.wallMs / 1000,
        unit: 's',
        digits: 2,
      });
    } else {
      const goal = spec.deals >= 10_000 ? SIZE_GOALS.large : SIZE_GOALS.small;
      rows.push({
        bench: 'handoff-sizes',
        metric: `${label}: wall ÷ floor`,
        value: row.ratio,
        unit: '×',
        digits: 3,
        // The issue's goal holds cold too: a script, the API or a scheduled start has no preview to lean on.
        goalMax: goal,
      });
    }
    rows.push({
      bench: 'handoff-sizes',
      metric: `${label}: requests over the floor`,
      value: row.result.sandbox.requests - row.floorRequests,
      unit: '',
      digits: 0,
    });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  await main(values.only?.split(',').map(Number));
}
