import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPublicTarget, isPublicAddress } from '../../bitrix24/public-address.js';
import { MAX_SUBSCRIPTIONS } from '../../bot/api/webhook-routes.js';
import { createWebhookWorker } from '../../bot/webhooks/worker.js';
import { toTenantId } from '../../engine/ids.js';
import { createCipher } from '../../storage/crypto.js';
import { MemoryWebhookStore } from '../../storage/webhook-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { createApiHarness, silentLogger } from './api-harness.js';

/** An internal service on loopback that must never be reached by a tenant's webhook. */
async function startInternal(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.statusCode = 302;
    res.setHeader('location', 'http://127.0.0.1:1/latest/meta-data/');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

describe('webhook URLs cannot reach internal addresses (SSRF)', () => {
  let internal: Awaited<ReturnType<typeof startInternal>> | undefined;
  afterEach(async () => {
    const open = internal?.server;
    if (open) await new Promise((resolve) => open.close(resolve));
    internal = undefined;
  });

  it('refuses loopback, private, link-local and mapped addresses at subscription, in production mode', async () => {
    const h = await createApiHarness({ productionWebhookTargets: true });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/hook',
      'https://192.168.1.1/hook',
      'https://172.16.0.1/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'https://0x7f000001/hook',
      'https://user:pass@hr.example.com/hook',
    ]) {
      const answer = await h.call('POST', '/api/v1/webhooks', { body: { url } });
      expect(answer.status, url).toBe(400);
    }
    expect((await h.call('GET', '/api/v1/webhooks')).body.webhooks).toEqual([]);
    const ok = await h.call('POST', '/api/v1/webhooks', { body: { url: 'https://hr.example.com/hook' } });
    expect(ok.status).toBe(201);
  });

  it('bounds the subscriptions of one tenant (every event fans out to each)', async () => {
    const h = await createApiHarness({ productionWebhookTargets: true });
    for (let n = 0; n < MAX_SUBSCRIPTIONS; n++) {
      expect((await h.call('POST', '/api/v1/webhooks', { body: { url: `https://hr.example.com/h${n}` } })).status).toBe(
        201,
      );
    }
    const over = await h.call('POST', '/api/v1/webhooks', { body: { url: 'https://hr.example.com/one-more' } });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('too_many_webhooks');
    expect((await h.call('GET', '/api/v1/webhooks')).body.webhooks).toHaveLength(MAX_SUBSCRIPTIONS);
    expect(
      (await h.call('POST', '/api/v1/webhooks', { key: h.keyB, body: { url: 'https://b.example.com/h' } })).status,
    ).toBe(201);
  });

  it('at delivery resolves the name and refuses one resolving to a private address, without calling it', async () => {
    internal = await startInternal();
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const store = new MemoryWebhookStore({ clock, cipher: createCipher(randomBytes(32)) });
    const tenant = toTenantId('T-ssrf');
    // Stored before the check existed, or a name that resolved elsewhere when subscribed (DNS rebinding).
    const { subscription } = await store.createSubscription(tenant, `http://127.0.0.1:${internal.port}/x`, [
      'handoff.started',
    ]);
    await store.createSubscription(tenant, 'https://rebind.example.test/x', ['handoff.started']);
    await store.enqueue(tenant, 'handoff.started', '{}');
    const worker = createWebhookWorker({
      store,
      fetch: globalThis.fetch,
      clock,
      logger: silentLogger,
      lookup: async (host) => (host === 'rebind.example.test' ? ['203.0.113.9', '10.1.2.3'] : ['93.184.216.34']),
    });
    expect(await worker.deliverDue()).toBe(2);
    expect(internal.hits).toEqual([]);
    const [delivery] = await store.listDeliveries(tenant, subscription.id, 5);
    expect(delivery?.lastError).toContain('private, loopback or reserved');
    expect(delivery?.lastError).not.toContain('127.0.0.1');
  });

  it('does not follow a redirect from a public receiver to an internal address', async () => {
    internal = await startInternal();
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const store = new MemoryWebhookStore({ clock, cipher: createCipher(randomBytes(32)) });
    const tenant = toTenantId('T-redirect');
    const { subscription } = await store.createSubscription(tenant, `http://127.0.0.1:${internal.port}/hook`, [
      'handoff.started',
    ]);
    await store.enqueue(tenant, 'handoff.started', '{}');
    // Loopback allowed here only to stand a receiver up; the redirect it answers must not be followed.
    const worker = createWebhookWorker({
      store,
      fetch: globalThis.fetch,
      clock,
      logger: silentLogger,
      allowLoopback: true,
    });
    await worker.deliverDue();
    expect(internal.hits).toEqual(['/hook']);
    const [delivery] = await store.listDeliveries(tenant, subscription.id, 5);
    expect(delivery?.status).toBe('pending');
    expect(delivery?.lastError).toBe('HTTP 302');
  });

  it('judges addresses: metadata, CGNAT, NAT64 and mapped forms are not public', async () => {
    for (const ip of ['169.254.169.254', '100.64.0.1', '0.0.0.0', '::', '64:ff9b::a00:1', '::ffff:a00:1', 'fe80::1'])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])
      expect(isPublicAddress(ip), ip).toBe(true);
    expect(await checkPublicTarget(new URL('https://nowhere.invalid/'), { lookup: async () => [] })).toMatch(
      /does not resolve/,
    );
  });
});
