/**
 * Summary rows every benchmark reports to bench/run-all.ts, and the table it prints: one line per figure with the
 * best and the median over the runs (lower is better for every figure we track) and the goal when there is one.
 * @module
 */

export interface SummaryRow {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** Decimals to print. */
  readonly digits: number;
  /** The figure meets its goal when it is at most this. */
  readonly goalMax?: number;
}

/** The median of a non-empty list (the lower middle for an even count, so it is always a measured value). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** Groups the rows of every run by (bench, metric), in first-seen order, and prints best / median / goal. */
export function formatSummary(runs: readonly (readonly SummaryRow[])[]): string {
  const groups = new Map<string, SummaryRow[]>();
  for (const rows of runs) {
    for (const row of rows) {
      const key = `${row.bench}\u0000${row.metric}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
  }
  const lines = [...groups.values()].map((rows) => {
    const first = rows[0] as SummaryRow;
    const values = rows.map((r) => r.value);
    const best = Math.min(...values);
    const mid = median(values);
    const show = (v: number) => `${v.toFixed(first.digits)} ${first.unit}`.trim();
    const goal =
      first.goalMax === undefined
        ? ''
        : `<= ${first.goalMax} ${first.unit}`.trim() + (mid <= first.goalMax ? '  ok' : '  MISSED');
    return [first.bench, first.metric, show(best), show(mid), String(values.length), goal];
  });
  const header = ['benchmark', 'figure', 'best', 'median', 'runs', 'goal (median)'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells.map((cell, i) => pad(cell, widths[i] ?? 0, i === 2 || i === 3 || i === 4)).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}
