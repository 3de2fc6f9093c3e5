/**
 * Named roles through /api/v1/roles and the `handoff roles` CLI against a real server on loopback: set (holders
 * checked in the portal), list, read, remove, bad input named, tenants apart.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoleListOut, RoleOut } from '../../bot/api/role-schemas.js';
import { parseHolderArg } from '../../bot/cli/roles-command.js';
import { runCli } from '../../bot/cli/run-cli.js';
import { type ApiHarness, createApiHarness } from './api-harness.js';

let h: ApiHarness;

beforeEach(async () => {
  h = await createApiHarness();
});

describe('/api/v1/roles', () => {
  it('sets a role by e-mail, reads it back with the holder’s name, lists and removes it', async () => {
    const put = await h.call('PUT', '/api/v1/roles/Paralegal', {
      body: { holder: { type: 'user', email: 'ben@acme.com' } },
    });
    const one = await h.call('GET', '/api/v1/roles/paralegal');
    h.portalA.addDepartment(8, 'Sales', { headId: 78 });
    await h.call('PUT', '/api/v1/roles/attorney', { body: { holder: { type: 'department_head', id: 8 } } });
    const listed = await h.call('GET', '/api/v1/roles');
    const removed = await h.call('DELETE', '/api/v1/roles/paralegal');
    const gone = await h.call('GET', '/api/v1/roles/paralegal');

    expect(put.status).toBe(200);
    expect(RoleOut.safeParse(put.body).success).toBe(true);
    expect(RoleListOut.safeParse(listed.body).success).toBe(true);
    expect(one.body).toMatchObject({
      name: 'paralegal',
      holder: { type: 'user', id: 34, name: 'Ben Brown' },
      description: 'user 34',
      updatedBy: 'api-key:hr',
    });
    expect(listed.body.roles.map((r: { name: string }) => r.name)).toEqual(['attorney', 'paralegal']);
    expect(listed.body.roles[0]).toMatchObject({ holder: { type: 'department_head', id: 8 } });
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('unknown_role');
  });

  it.each([
    [{ holder: { type: 'user', id: 999 } }, 400, 'unknown_user'],
    [{ holder: { type: 'department', id: 99 } }, 400, 'unknown_department'],
    [{ holder: { type: 'department_head', id: 7 } }, 400, 'no_head'],
    [{ holder: { type: 'user', id: 1, email: 'x@acme.com' } }, 400, undefined],
    [{ holder: { type: 'team', id: 7 } }, 400, undefined],
  ])('refuses %j', async (body, status, code) => {
    const answer = await h.call('PUT', '/api/v1/roles/paralegal', { body });

    expect(answer.status).toBe(status);
    if (code) expect(answer.body.error.code).toBe(code);
    expect((await h.call('GET', '/api/v1/roles')).body.roles).toEqual([]);
  });

  it('refuses a bad role name, naming the rule', async () => {
    const answer = await h.call('PUT', '/api/v1/roles/9lives', { body: { holder: { type: 'user', id: 34 } } });

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('is not a role name');
  });

  it('keeps tenants apart', async () => {
    await h.call('PUT', '/api/v1/roles/paralegal', { body: { holder: { type: 'user', id: 34 } } });

    const other = await h.call('GET', '/api/v1/roles', { key: h.keyB });

    expect(other.body.roles).toEqual([]);
  });
});

describe('handoff roles', () => {
  let server: ServerType;
  let url: string;

  beforeEach(async () => {
    url = await new Promise<string>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve(`http://127.0.0.1:${info.port}`),
      );
    });
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function cli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      fetch: globalThis.fetch,
      stdout: { write: (chunk: string) => out.push(chunk) > 0 },
      stderr: { write: (chunk: string) => err.push(chunk) > 0 },
      env: { HANDOFF_URL: url, HANDOFF_API_KEY: h.keyA },
      timeZone: 'UTC',
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('sets, lists and removes roles', async () => {
    const set = await cli(['roles', 'set', 'paralegal', 'ben@acme.com']);
    const dept = await cli(['roles', 'set', 'intake', 'dept:7']);
    const list = await cli(['roles']);
    const removed = await cli(['roles', 'remove', 'intake']);
    const json = await cli(['roles', 'list', '--json']);

    expect(set).toMatchObject({ code: 0, stdout: 'Role paralegal is now held by Ben Brown (user 34).\n' });
    expect(dept.stdout).toBe('Role intake is now held by department 7.\n');
    expect(list.stdout).toMatch(/^intake {11}department 7 {3}set by api-key:hr\nparalegal {8}Ben Brown \(user 34\)/);
    expect(removed.stdout).toBe('Role intake removed.\n');
    expect(JSON.parse(json.stdout).roles.map((r: { name: string }) => r.name)).toEqual(['paralegal']);
  });

  it('names bad usage and API refusals', async () => {
    const holder = await cli(['roles', 'set', 'paralegal', 'someone']);
    const unknown = await cli(['roles', 'remove', 'nobody']);
    const action = await cli(['roles', 'rename', 'x']);

    expect(holder).toMatchObject({ code: 2 });
    expect(holder.stderr).toContain('"someone" is not a holder: give a user id, an e-mail, dept:<id> or head:<id>.');
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toMatch(/^No role “nobody” is defined\./);
    expect(unknown.stderr).toContain('Define it first: `handoff roles set <name>'); // the CLI's words, not chat's
    expect(action.stderr).toContain('roles: unknown action "rename"');
  });

  it.each([
    ['12', { type: 'user', id: 12 }],
    ['kim@acme.com', { type: 'user', email: 'kim@acme.com' }],
    ['dept:7', { type: 'department', id: 7 }],
    ['head:7', { type: 'department_head', id: 7 }],
  ])('reads the holder %s', (text, holder) => {
    expect(parseHolderArg(text)).toEqual(holder);
  });
});
