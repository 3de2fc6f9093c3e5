/**
 * What `/metrics` reports, gathered from the parts that know it: handoffs by status (the store, per tenant), item
 * outcomes per kind (a Notifier that counts what the engine reports), portal requests and throttled answers per
 * portal (the process's limiters), the job queue (Agenda's overview), and Slack rate-limit waits (the Web API
 * clients' `rate_limited` events). Gauges read from the store are reused for a few seconds between scrapes.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import { HANDOFF_STATUSES, type HandoffStatus } from '../../engine/model.js';
import type { HandoffStore, Notifier } from '../../engine/ports.js';
import { CounterVec, formatMetrics, type MetricFamily } from './metrics.js';

export interface QueueCount {
  readonly job: string;
  /** Agenda's states: queued (due, waiting for a runner), running, scheduled (later), failed. */
  readonly state: string;
  readonly count: number;
}

export interface MetricsDeps {
  readonly store: Pick<HandoffStore, 'listHandoffs'>;
  readonly tenantIds: () => Promise<readonly TenantId[]>;
  readonly portals: () => readonly { readonly portal: string; readonly requests: number; readonly throttled: number }[];
  readonly queue: () => Promise<readonly QueueCount[]>;
  readonly now: () => number;
  /** How long handoff counts are reused. Default 15 s. */
  readonly cacheMs?: number;
  /** Handoffs counted per tenant and status at most (a bound on the work per scrape). Default 10 000. */
  readonly maxPerStatus?: number;
}

export interface HandoffMetrics {
  /** Counts item outcomes per kind and status; add it to the composite notifier. */
  readonly notifier: Notifier;
  /** A Slack Web API call waited (or was refused) for `seconds` because Slack answered 429. */
  slackRateLimited(seconds: number): void;
  /** The Prometheus text of everything above. */
  render(): Promise<string>;
}

/**
 * @example const metrics = createHandoffMetrics({ store, tenantIds, portals: () => pool.stats(), queue, now: Date.now });
 *          createCompositeNotifier([..., metrics.notifier]); app.get('/metrics', async (c) => c.text(await metrics.render()))
 */
export function createHandoffMetrics(deps: MetricsDeps): HandoffMetrics {
  const items = new CounterVec(
    'handoff_items_total',
    'Item outcomes reported by transfers and returns, by entity kind and item status.',
  );
  const slackWaits = new CounterVec('handoff_slack_rate_limited_total', 'Slack Web API answers of 429 (rate limited).');
  const slackWaitSeconds = new CounterVec(
    'handoff_slack_rate_limited_seconds_total',
    'Seconds Slack asked us to wait (Retry-After) over all 429 answers.',
  );
  let handoffCache: { at: number; value: Promise<MetricFamily> } | undefined;

  async function handoffsByStatus(): Promise<MetricFamily> {
    const samples = [];
    const limit = deps.maxPerStatus ?? 10_000;
    for (const tenantId of await deps.tenantIds()) {
      for (const status of HANDOFF_STATUSES as readonly HandoffStatus[]) {
        const found = await deps.store.listHandoffs(tenantId, { statuses: [status], limit });
        samples.push({ labels: { tenant: tenantId, status }, value: found.length });
      }
    }
    return { name: 'handoff_handoffs', help: 'Handoffs by tenant and status.', type: 'gauge', samples };
  }

  const notifier: Notifier = {
    progress: async () => {},
    participants: async () => {},
    items: async (_handoff, summaries) => {
      for (const summary of summaries) items.inc({ kind: summary.kind, status: summary.status });
    },
  };

  return {
    notifier,
    slackRateLimited(seconds) {
      slackWaits.inc({});
      slackWaitSeconds.inc({}, Math.max(0, seconds));
    },
    async render() {
      const now = deps.now();
      if (handoffCache === undefined || now - handoffCache.at >= (deps.cacheMs ?? 15_000)) {
        const value = handoffsByStatus();
        handoffCache = { at: now, value };
        value.catch(() => {
          handoffCache = undefined;
        });
      }
      const portals = deps.portals();
      const queue = await deps.queue().catch(() => []);
      const families: MetricFamily[] = [
        await handoffCache.value,
        items.family(),
        {
          name: 'handoff_portal_requests_total',
          help: 'Requests sent to each Bitrix24 portal (a batch counts once).',
          type: 'counter',
          samples: portals.map((p) => ({ labels: { portal: p.portal }, value: p.requests })),
        },
        {
          name: 'handoff_portal_throttled_total',
          help: 'Answers of a Bitrix24 portal saying it was throttled (QUERY_LIMIT_EXCEEDED, 429, 503).',
          type: 'counter',
          samples: portals.map((p) => ({ labels: { portal: p.portal }, value: p.throttled })),
        },
        {
          name: 'handoff_queue_jobs',
          help: 'Jobs in the queue by job name and state (queued = due and waiting for a runner).',
          type: 'gauge',
          samples: queue.map((q) => ({ labels: { job: q.job, state: q.state }, value: q.count })),
        },
        slackWaits.family(),
        slackWaitSeconds.family(),
      ];
      return formatMetrics(families);
    },
  };
}
