import { beforeEach, describe, expect, it } from 'vitest';
import { HrPeopleOut } from '../../bot/api/hr-people-routes.js';
import { type ApiHarness, createApiHarness, TENANT_A } from './api-harness.js';

describe('REST API /api/v1/hr-people', () => {
  let h: ApiHarness;

  beforeEach(async () => {
    h = await createApiHarness();
  });

  it('adds by portal id, e-mail or Slack user (once), lists, removes; tenants apart', async () => {
    const byId = await h.call('POST', '/api/v1/hr-people', { body: { portalUserId: 34 } });
    const again = await h.call('POST', '/api/v1/hr-people', { body: { email: 'ben@acme.com' } });
    await h.call('POST', '/api/v1/hr-people', { body: { slackUserId: 'U0MARIA1' } });

    expect(byId.status).toBe(201);
    expect(again.status).toBe(200);
    const list = HrPeopleOut.parse((await h.call('GET', '/api/v1/hr-people')).body);
    expect(list.people.map((p) => p.person)).toEqual(['portal:34', 'slack:U0MARIA1']);
    expect(list.people[0]).toMatchObject({ portalUserId: 34, slackUserId: null, addedBy: 'api-key:hr' });
    expect(await h.hrPeople.isHrPerson(TENANT_A, [{ kind: 'slack', userId: 'U0MARIA1' }])).toBe(true);
    expect((await h.call('GET', '/api/v1/hr-people', { key: h.keyB })).body.people).toEqual([]);

    const removed = await h.call('DELETE', '/api/v1/hr-people/portal:34');
    const missing = await h.call('DELETE', '/api/v1/hr-people/portal:34');

    expect(removed.body.people.map((p: { person: string }) => p.person)).toEqual(['slack:U0MARIA1']);
    expect(missing.status).toBe(404);
  });

  it('refuses an unknown person or a body naming two, naming the field', async () => {
    const unknown = await h.call('POST', '/api/v1/hr-people', { body: { email: 'nobody@acme.com' } });
    const two = await h.call('POST', '/api/v1/hr-people', { body: { portalUserId: 34, email: 'ben@acme.com' } });

    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('email');
    expect(two.status).toBe(400);
    expect((await h.call('GET', '/api/v1/hr-people')).body.people).toEqual([]);
  });
});
