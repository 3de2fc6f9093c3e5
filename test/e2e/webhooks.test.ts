import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryListOut, WebhookCreatedOut } from '../../bot/api/webhook-routes.js';
import { verifyWebhookSignature } from '../../bot/webhooks/sign.js';
import { StoreError } from '../../engine/errors.js';
import { type ApiHarness, createApiHarness } from './api-harness.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An HR tool's receiver on loopback: records every request and answers the next status in `answers` (then 200). */
async function startReceiver(answers: number[]): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/handoff`, received };
}

describe('signed outgoing webhooks', () => {
  let h: ApiHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    h = await createApiHarness();
  });
  afterEach(async () => {
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('delivers scheduled, started and completed, signed with the subscription secret, and retries a 500', async () => {
    receiver = await startReceiver([500]);
    const created = await h.call('POST', '/api/v1/webhooks', { body: { url: receiver.url } });
    const { id, secret } = WebhookCreatedOut.parse(created.body);

    await h.call('POST', '/api/v1/handoffs', { body: { from: { id: 12 }, to: { type: 'user', id: 34 } } });
    await h.runJobs();
    await h.deliverWebhooks();

    // The first attempt of the first event got a 500; the others went through.
    const afterFirst = DeliveryListOut.parse((await h.call('GET', `/api/v1/webhooks/${id}/deliveries`)).body);
    const scheduled = afterFirst.deliveries.find((d) => d.event === 'handoff.scheduled');
    expect(scheduled).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(receiver.received).toHaveLength(3);

    h.clock.advance(10_000);
    expect(await h.deliverWebhooks()).toBe(1);

    const events = receiver.received.map((r) => JSON.parse(r.body).type);
    expect(events.sort()).toEqual(['handoff.completed', 'handoff.scheduled', 'handoff.scheduled', 'handoff.started']);
    const now = Math.floor(h.clock.now().getTime() / 1000);
    for (const r of receiver.received) {
      expect(verifyWebhookSignature(secret, r.headers['handoff-signature'] as string, r.body, now)).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', r.headers['handoff-signature'] as string, r.body, now)).toBe(false);
      expect(r.headers['handoff-event']).toBe(JSON.parse(r.body).type);
    }
    const completed = JSON.parse(receiver.received.find((r) => r.body.includes('handoff.completed'))?.body ?? '{}');
    expect(completed).toMatchObject({ type: 'handoff.completed', handoff: { id: 'H-1', status: 'completed' } });
    const [retried] = receiver.received.filter((r) => r.body.includes('handoff.scheduled'));
    expect(receiver.received.filter((r) => r.body === retried?.body)).toHaveLength(2);
    const final = DeliveryListOut.parse((await h.call('GET', `/api/v1/webhooks/${id}/deliveries`)).body);
    expect(final.deliveries.every((d) => d.status === 'delivered')).toBe(true);
    expect(JSON.stringify((await h.call('GET', '/api/v1/webhooks')).body)).not.toContain(secret);
  });

  it('tells HR when lent items that waited on a later handoff finally come home (handoff.items_returned)', async () => {
    receiver = await startReceiver([]);
    await h.call('POST', '/api/v1/webhooks', {
      body: { url: receiver.url, events: ['handoff.returned', 'handoff.items_returned'] },
    });
    // H-1: Anna's 5 items to Ben for a day; H-2: Ben (and Anna's items with him) to Carl for three days.
    await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 12 }, to: { type: 'user', id: 34 }, returnAt: '2026-11-24T10:00:00.000Z' },
    });
    await h.runJobs();
    await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 34 }, to: { type: 'user', id: 56 }, returnAt: '2026-11-26T10:00:00.000Z' },
    });
    await h.runJobs();

    h.clock.advance(86_400_000);
    await h.runJobs();
    await h.deliverWebhooks();
    const bodies = () => receiver.received.map((r) => JSON.parse(r.body));
    // H-1 is back, but Anna's items wait with Carl until H-2 ends.
    expect(bodies()).toEqual([
      expect.objectContaining({
        type: 'handoff.returned',
        handoff: expect.objectContaining({ id: 'H-1', status: 'returned' }),
        data: expect.objectContaining({ returned: 0, notReturned: 5, waiting: [{ handoff: 'H-2', items: 5 }] }),
      }),
    ]);

    h.clock.advance(2 * 86_400_000);
    await h.runJobs();
    await h.deliverWebhooks();

    const settled = bodies().filter((b) => b.type === 'handoff.items_returned');
    expect(settled).toEqual([
      expect.objectContaining({
        handoff: expect.objectContaining({ id: 'H-1', status: 'returned' }),
        data: { by: 'H-2', items: 5, counts: { returned: 5, kept: 0, gone: 0, notReturned: 0 } },
      }),
    ]);
    expect(settled[0].actor).toBe('engine');
    // H-2's own return is told once, as before.
    expect(
      bodies()
        .filter((b) => b.type === 'handoff.returned')
        .map((b) => b.handoff.id),
    ).toEqual(['H-1', 'H-2']);
  });

  it('gives up after the last attempt, and sends only the events asked for', async () => {
    receiver = await startReceiver(Array.from({ length: 20 }, () => 503));
    const created = await h.call('POST', '/api/v1/webhooks', {
      body: { url: receiver.url, events: ['handoff.started'] },
    });
    const { id } = WebhookCreatedOut.parse(created.body);

    await h.call('POST', '/api/v1/handoffs', { body: { from: { id: 12 }, to: { type: 'user', id: 34 } } });
    await h.runJobs();
    for (let i = 0; i < 10; i += 1) {
      await h.deliverWebhooks();
      h.clock.advance(3_600_000);
    }

    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(Array(8).fill('handoff.started'));
    const list = DeliveryListOut.parse((await h.call('GET', `/api/v1/webhooks/${id}/deliveries`)).body);
    expect(list.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 8, lastError: 'HTTP 503' }),
    ]);
  });

  it('refuses a plain-http URL off loopback, and keeps tenants apart', async () => {
    receiver = await startReceiver([]);
    const insecure = await h.call('POST', '/api/v1/webhooks', { body: { url: 'http://hr.example.com/hook' } });
    await h.call('POST', '/api/v1/webhooks', { body: { url: receiver.url } });

    expect(insecure.status).toBe(400);
    expect(insecure.body.error.field).toBe('url');
    expect((await h.call('GET', '/api/v1/webhooks', { key: h.keyB })).body.webhooks).toEqual([]);
    await h.call('POST', '/api/v1/handoffs', { key: h.keyB, body: { from: { id: 12 }, to: { type: 'user', id: 34 } } });
    await h.runJobs();
    await h.deliverWebhooks();
    expect(receiver.received).toEqual([]);
  });

  it('a receiver that hangs is cut off and retried; a 3xx is not followed (its target is never called) and is retried', async () => {
    h = await createApiHarness({ webhookTimeoutMs: 300 });
    const target = await startReceiver([]);
    let hang = true;
    const hanging = createServer((req, res) => {
      req.resume();
      if (hang) return; // never answers
      res.statusCode = 200;
      res.end();
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    receiver = await startReceiver([302]);
    // The 302 points at another receiver: following it would deliver there.
    const redirecting = createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: target.url }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    try {
      const a = WebhookCreatedOut.parse(
        (await h.call('POST', '/api/v1/webhooks', { body: { url: urlOf(hanging), events: ['handoff.scheduled'] } }))
          .body,
      );
      const b = WebhookCreatedOut.parse(
        (
          await h.call('POST', '/api/v1/webhooks', {
            body: { url: urlOf(redirecting), events: ['handoff.scheduled'] },
          })
        ).body,
      );
      await h.call('POST', '/api/v1/handoffs', { body: { from: { id: 12 }, to: { type: 'user', id: 34 } } });
      await h.deliverWebhooks();

      const hungList = DeliveryListOut.parse((await h.call('GET', `/api/v1/webhooks/${a.id}/deliveries`)).body);
      const redirected = DeliveryListOut.parse((await h.call('GET', `/api/v1/webhooks/${b.id}/deliveries`)).body);
      expect(hungList.deliveries).toEqual([
        expect.objectContaining({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/^TimeoutError/) }),
      ]);
      expect(redirected.deliveries).toEqual([
        expect.objectContaining({ status: 'pending', attempts: 1, lastError: 'HTTP 302' }),
      ]);
      expect(target.received).toEqual([]);

      hang = false;
      h.clock.advance(10_000);
      await h.deliverWebhooks();
      const after = DeliveryListOut.parse((await h.call('GET', `/api/v1/webhooks/${a.id}/deliveries`)).body);
      expect(after.deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
    } finally {
      for (const server of [hanging, redirecting, target.server]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it('a webhook that cannot be queued (disk full) never fails the handoff', async () => {
    receiver = await startReceiver([]);
    await h.call('POST', '/api/v1/webhooks', { body: { url: receiver.url } });
    const enqueue = vi
      .spyOn(h.webhooks, 'enqueue')
      .mockRejectedValue(
        new StoreError('The database is full: the disk (or its size limit) has no room left.', 'storage_full'),
      );

    const created = await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 12 }, to: { type: 'user', id: 34 } },
    });
    await h.runJobs();
    enqueue.mockRestore();
    await h.deliverWebhooks();

    expect(created.status).toBe(201);
    expect((await h.call('GET', '/api/v1/handoffs/H-1')).body).toMatchObject({ status: 'completed' });
    expect(receiver.received).toEqual([]);
  });
});
