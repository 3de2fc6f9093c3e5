/**
 * /readyz and /metrics on the real composition (createRuntime on SQLite and Agenda, the sandbox portal over HTTP):
 * readiness names its checks, and a handoff shows up in the metrics as handoffs by status, items per kind, portal
 * requests and the job queue.
 * @module
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './support/handoff-api.js';
import { type InProcessRuntime, startInProcessRuntime } from './support/in-process-runtime.js';
import { TEST_API_KEY } from './support/runtime-process.js';
import { addItems, servePortal } from './support/served-portal.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The value of one sample line, e.g. `handoff_items_total{kind="deals",status="moved"}`. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('operations routes on the real runtime', () => {
  it('/readyz checks the database, the scheduler and the portal; /metrics counts a handoff', async () => {
    const served = await servePortal({ rate: false, seed: { seed: 7, users: 4, itemsPerUser: 1 } });
    cleanups.push(() => served.close());
    const from = served.portal.addUser().id;
    const to = served.portal.addUser().id;
    addItems(served.portal, 'deals', from, 7);
    const h: InProcessRuntime = await startInProcessRuntime(served.webhookUrl, { processEveryMs: 100 });
    cleanups.push(() => h.close());

    const ready = await fetch(`${h.url}/readyz`);
    const readyBody = (await ready.json()) as { ok: boolean; checks: Record<string, string> };
    const started = await fetch(`${h.url}/api/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: from }, to: { type: 'user', id: to }, kinds: ['deals'], notify: false }),
    });
    const id = ((await started.json()) as { id: string }).id;
    await waitFor(
      `${id} completed`,
      async () => {
        const view = await fetch(`${h.url}/api/v1/handoffs/${id}`, {
          headers: { authorization: `Bearer ${TEST_API_KEY}` },
        });
        return ((await view.json()) as { status: string }).status === 'completed' ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50, detail: () => h.logTail() },
    );
    const metrics = await fetch(`${h.url}/metrics`);
    const text = await metrics.text();

    expect(ready.status).toBe(200);
    expect(readyBody).toMatchObject({ ok: true, checks: { database: 'ok', scheduler: 'ok', 'portal:default': 'ok' } });
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE handoff_handoffs gauge');
    expect(sample(text, 'handoff_items_total{kind="deals",status="moved"}')).toBe(7);
    expect(sample(text, 'handoff_handoffs{tenant="default",status="completed"}')).toBe(1);
    const requests = text.split('\n').find((l) => l.startsWith('handoff_portal_requests_total{portal="127.0.0.1'));
    expect(Number(requests?.split(' ')[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^handoff_portal_throttled_total\{portal="127\.0\.0\.1[^"]*"\} 0$/m);
    expect(text).toMatch(/^handoff_queue_jobs\{job="handoff\.start",state="queued"\} \d+$/m);
    expect(text).toContain('# TYPE handoff_slack_rate_limited_total counter');
  });
});
