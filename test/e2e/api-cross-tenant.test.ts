/**
 * Another tenant's key can neither read nor change what one tenant created through the HR routes: vacations by
 * externalId, webhooks by id and their deliveries, roles by name, HR people. Each answers as for something absent,
 * and tenant A's records are unchanged afterwards.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './api-harness.js';

const DAY = 86_400_000;

describe('HR routes across tenants', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await createApiHarness();
  });

  it('a key of tenant B cannot read, move, cancel or delete what tenant A created', async () => {
    const at = (days: number) => new Date(h.clock.now().getTime() + days * DAY).toISOString();
    const vacation = await h.call('POST', '/api/v1/vacations', {
      body: {
        externalId: 'hr-4711',
        employee: { email: 'anna@acme.com' },
        backup: { type: 'user', id: 34 },
        start: at(2),
        end: at(9),
      },
    });
    expect(vacation.status).toBe(201);
    const webhook = await h.call('POST', '/api/v1/webhooks', { body: { url: 'https://hr.example.com/hook' } });
    expect(webhook.status).toBe(201);
    const webhookId = String(webhook.body.id);
    expect(
      (await h.call('PUT', '/api/v1/roles/paralegal', { body: { holder: { type: 'user', id: 34 } } })).status,
    ).toBe(200);
    expect((await h.call('POST', '/api/v1/hr-people', { body: { portalUserId: 34 } })).status).toBe(201);

    const b = { key: h.keyB };
    expect((await h.call('GET', '/api/v1/vacations/hr-4711', b)).status).toBe(404);
    expect((await h.call('PUT', '/api/v1/vacations/hr-4711', { ...b, body: { end: at(20) } })).status).toBe(404);
    expect((await h.call('DELETE', '/api/v1/vacations/hr-4711', b)).status).toBe(404);
    expect((await h.call('GET', `/api/v1/webhooks/${webhookId}/deliveries`, b)).status).toBe(404);
    expect((await h.call('DELETE', `/api/v1/webhooks/${webhookId}`, b)).status).toBe(404);
    expect((await h.call('GET', '/api/v1/roles/paralegal', b)).status).toBe(404);
    expect((await h.call('DELETE', '/api/v1/roles/paralegal', b)).status).toBe(404);
    expect((await h.call('DELETE', '/api/v1/hr-people/portal:34', b)).status).toBe(404);

    const mine = await h.call('GET', '/api/v1/vacations/hr-4711');
    expect(mine.status).toBe(200);
    expect(mine.body.end).toBe(vacation.body.end);
    expect(mine.body.handoff.status).toBe(vacation.body.handoff.status);
    expect((await h.call('GET', '/api/v1/webhooks')).body.webhooks).toHaveLength(1);
    expect((await h.call('GET', `/api/v1/webhooks/${webhookId}/deliveries`)).status).toBe(200);
    expect((await h.call('GET', '/api/v1/roles/paralegal')).status).toBe(200);
    expect((await h.call('GET', '/api/v1/hr-people')).body.people).toHaveLength(1);
  });
});
