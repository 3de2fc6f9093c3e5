import { describe, expect, it } from 'vitest';
import { createHandoffMetrics } from '../../../../bot/ops/collect.js';
import { CounterVec, formatMetrics } from '../../../../bot/ops/metrics.js';
import { toTenantId } from '../../../../engine/ids.js';

describe('Prometheus text', () => {
  it('writes HELP, TYPE and samples with escaped label values', () => {
    const counter = new CounterVec('handoff_items_total', 'Items.');
    counter.inc({ kind: 'deals', status: 'moved' }, 2);
    counter.inc({ status: 'moved', kind: 'deals' });
    counter.inc({ kind: 'a"b\\c', status: 'x' });

    const text = formatMetrics([counter.family()]);

    expect(text).toBe(
      [
        '# HELP handoff_items_total Items.',
        '# TYPE handoff_items_total counter',
        'handoff_items_total{kind="deals",status="moved"} 3',
        'handoff_items_total{kind="a\\"b\\\\c",status="x"} 1',
        '',
      ].join('\n'),
    );
  });

  it('counts item outcomes the engine reports and Slack waits; reads handoffs per tenant and status', async () => {
    const metrics = createHandoffMetrics({
      store: {
        listHandoffs: async (_tenant, filter) => (filter?.statuses?.[0] === 'running' ? [{}, {}] : []) as never,
      },
      tenantIds: async () => [toTenantId('acme')],
      portals: () => [{ portal: 'acme.bitrix24.com', requests: 12, throttled: 1 }],
      queue: async () => [{ job: 'handoff.start', state: 'queued', count: 3 }],
      now: () => 0,
    });
    const summary = { itemId: 1, title: 't', newOwnerId: 2, originalOwnerId: 1 } as const;

    await metrics.notifier.items({} as never, [
      { ...summary, kind: 'deals', status: 'moved' } as never,
      { ...summary, kind: 'deals', status: 'moved' } as never,
      { ...summary, kind: 'tasks', status: 'failed' } as never,
    ]);
    metrics.slackRateLimited(30);
    const text = await metrics.render();

    expect(text).toContain('handoff_items_total{kind="deals",status="moved"} 2');
    expect(text).toContain('handoff_items_total{kind="tasks",status="failed"} 1');
    expect(text).toContain('handoff_handoffs{tenant="acme",status="running"} 2');
    expect(text).toContain('handoff_handoffs{tenant="acme",status="completed"} 0');
    expect(text).toContain('handoff_portal_requests_total{portal="acme.bitrix24.com"} 12');
    expect(text).toContain('handoff_portal_throttled_total{portal="acme.bitrix24.com"} 1');
    expect(text).toContain('handoff_queue_jobs{job="handoff.start",state="queued"} 3');
    expect(text).toContain('handoff_slack_rate_limited_total 1');
    expect(text).toContain('handoff_slack_rate_limited_seconds_total 30');
  });
});
