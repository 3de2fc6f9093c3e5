/** Request forms the sandbox accepts: GET query strings, form bodies, `.json` suffixes, mounting under a path. */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandboxApp,
  createSandboxPortal,
  encodeQuery,
  type RunningSandbox,
  startSandbox,
} from '../../../../bitrix24/sandbox/index.js';
import { post } from './http.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false, latencyMs: 1, seed: { users: 4 } });
});

afterAll(async () => {
  await sandbox.close();
});

describe('request forms', () => {
  it('reads PHP-style params from a GET query string and from a form body', async () => {
    const query = encodeQuery({ filter: { ASSIGNED_BY_ID: 2 }, select: ['ID', 'ASSIGNED_BY_ID'] });

    const viaGet = await fetch(`${sandbox.webhookUrl}crm.lead.list?${query}`);
    const viaForm = await fetch(`${sandbox.webhookUrl}crm.lead.list.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: query,
    });

    const expected = sandbox.portal.itemIdsOf('leads', 2).map((id) => ({ ID: String(id), ASSIGNED_BY_ID: '2' }));
    expect(((await viaGet.json()) as { result: unknown }).result).toEqual(expected);
    expect(((await viaForm.json()) as { result: unknown }).result).toEqual(expected);
  });

  it('refuses a JSON body that does not parse', async () => {
    const response = await fetch(`${sandbox.webhookUrl}profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });

    expect(response.status).toBe(400);
  });

  it('ends a page chain when a reference points past the last page', async () => {
    const page = (ref: string) =>
      `crm.deal.list?${encodeQuery({ filter: { '>ID': ref, ASSIGNED_BY_ID: 2 }, order: { ID: 'ASC' }, start: -1 })}`;

    const answer = await post(sandbox.webhookUrl, 'batch', { cmd: { a: page('0'), b: page('$result[a][49][ID]') } });

    const result = (answer.json.result as { result: Record<string, unknown[]> }).result;
    expect(result.a).toHaveLength(sandbox.portal.itemIdsOf('deals', 2).length);
    expect(result.b).toEqual([]);
  });
});

describe('createSandboxApp mounted in-process', () => {
  it('answers under a mount path and redirects within it after a domain move', async () => {
    const portal = createSandboxPortal({ rate: false, seed: { users: 3 } });
    const host = new Hono().route('/sandbox', createSandboxApp(portal));
    portal.origin = 'http://localhost/sandbox';

    const before = await host.request('/sandbox/rest/1/sandboxcode12345/profile');
    const newBase = portal.moveDomain();
    const moved = await host.request('/sandbox/rest/1/sandboxcode12345/profile?x=1');

    expect(before.status).toBe(200);
    expect(newBase).toBe('http://localhost/sandbox/moved-1');
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('http://localhost/sandbox/moved-1/rest/1/sandboxcode12345/profile?x=1');
  });
});
