/**
 * Prometheus `/metrics` in the text exposition format (version 0.0.4), written here rather than with prom-client:
 * what we expose is a handful of counters and gauges, most of them read from the store, the job queue and the
 * portal limiters when scraped, and the format is a few lines per family. Names follow Prometheus conventions
 * (`_total` for counters, base units).
 * @module
 */

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly Sample[];
}

/** A counter kept in this process (items moved, Slack rate-limit waits), by label set. */
export class CounterVec {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels, by = 1): void {
    if (!(by >= 0)) return;
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  family(): MetricFamily {
    return { name: this.name, help: this.help, type: 'counter', samples: [...this.values.values()] };
  }
}

/** `\`, `"` and line breaks escaped as the format asks. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/**
 * The families as Prometheus text.
 * @example formatMetrics([{ name: 'handoff_up', help: 'Always 1.', type: 'gauge', samples: [{ labels: {}, value: 1 }] }])
 */
export function formatMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels)
        .map(([k, v]) => `${k}="${labelValue(v)}"`)
        .join(',');
      lines.push(`${family.name}${labels === '' ? '' : `{${labels}}`} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
