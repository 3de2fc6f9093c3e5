import { describe, expect, it } from 'vitest';
import { createOpsRoutes } from '../../../../bot/ops/routes.js';

/** /metrics labels name tenants and portal hosts: a scrape from the internet or through a proxy gets nothing. */
describe('/metrics exposure', () => {
  const app = createOpsRoutes({
    readiness: async () => ({ ok: true, checks: {}, checkedAt: '2026-12-01T10:00:00.000Z' }),
    metrics: { render: async () => 'handoff_handoffs{tenant="acme",status="running"} 1\n' },
  });
  const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it('answers loopback and private-network peers', async () => {
    for (const peer of ['127.0.0.1', '::1', '10.0.3.7', '172.18.0.4', '::ffff:192.168.1.9']) {
      const answer = await app.request('/metrics', {}, from(peer));
      expect(answer.status, peer).toBe(200);
      expect(await answer.text()).toContain('tenant="acme"');
    }
  });

  it('refuses a public peer and anything forwarded by a proxy, without a label in the answer', async () => {
    const answers = [
      await app.request('/metrics', {}, from('203.0.114.5')),
      await app.request('/metrics', {}, from('2a00:1450:4001:82b::200e')),
      await app.request('/metrics', { headers: { 'x-forwarded-for': '198.51.100.7' } }, from('127.0.0.1')),
      await app.request('/metrics', { headers: { forwarded: 'for=192.0.2.60' } }, from('10.0.0.2')),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(await answer.text()).not.toContain('acme');
    }
  });
});
