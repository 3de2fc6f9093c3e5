import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DepartmentListOut, PeopleListOut } from '../../bot/api/directory-schemas.js';
import { runCli } from '../../bot/cli/run-cli.js';
import { type ApiHarness, createApiHarness, SINGLE_TENANT_KEY } from './api-harness.js';

function sink() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('finding ids: GET /api/v1/people and /api/v1/departments', () => {
  let h: ApiHarness;

  beforeEach(async () => {
    h = await createApiHarness();
    h.portalA.addDepartment(8, 'Sales', { headId: 34, parentId: 7 });
    h.portalA.addUser(21, { name: 'Anne Archer', email: 'archer@acme.com', departmentIds: [8], active: false });
  });

  it('lists active people by id with departments and what they head', async () => {
    const { status, body } = await h.call('GET', '/api/v1/people');

    expect(status).toBe(200);
    const list = PeopleListOut.parse(body);
    expect(list.people.map((p) => p.id)).toEqual([12, 34, 56, 78, 90]);
    expect(list.people.find((p) => p.id === 34)?.headOf).toEqual([{ id: 8, name: 'Sales' }]);
    expect(list.people.find((p) => p.id === 56)?.departments).toEqual([{ id: 7, name: 'Support' }]);
    expect(list.people.find((p) => p.id === 90)?.email).toBeNull();
  });

  it.each([
    ['ann', [12]],
    ['ANNA@ACME', [12]],
    ['56', [56]],
    ['nobody', []],
  ])('?query=%s finds %j', async (query, ids) => {
    const { status, body } = await h.call('GET', `/api/v1/people?query=${encodeURIComponent(query)}`);

    expect(status).toBe(200);
    expect(PeopleListOut.parse(body).people.map((p) => p.id)).toEqual(ids);
  });

  it('?active=all includes deactivated people, flagged', async () => {
    const { body } = await h.call('GET', '/api/v1/people?query=ann&active=all');

    expect(PeopleListOut.parse(body).people.map((p) => [p.id, p.active])).toEqual([
      [12, true],
      [21, false],
    ]);
  });

  it('names a bad query parameter by its field', async () => {
    const { status, body } = await h.call('GET', '/api/v1/people?active=maybe');

    expect(status).toBe(400);
    expect(body.error.field).toBe('query.active');
  });

  it('lists departments with heads and active member counts', async () => {
    const { status, body } = await h.call('GET', '/api/v1/departments');

    expect(status).toBe(200);
    expect(DepartmentListOut.parse(body).departments).toEqual([
      { id: 7, name: 'Support', parentId: null, head: null, activeMembers: 2 },
      { id: 8, name: 'Sales', parentId: 7, head: { id: 34, name: 'Ben Brown' }, activeMembers: 0 },
    ]);
  });

  it('answers 401 without a key and 502 when the portal fails', async () => {
    expect((await h.call('GET', '/api/v1/people', { key: null })).status).toBe(401);
    const broken = await h.call('GET', '/api/v1/departments', { key: SINGLE_TENANT_KEY });
    expect(broken.status).toBe(502);
    expect(broken.body.error.code).toBe('portal_error');
  });

  it('tenants see only their own portal', async () => {
    h.portalA.addUser(99, { name: 'Only In A' });

    const { body } = await h.call('GET', '/api/v1/people?query=only', { key: h.keyB });

    expect(body.people).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await h.call('GET', '/api/v1/openapi.json', { key: null });

    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/people', '/api/v1/departments']));
    expect(body.paths['/api/v1/people'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'query',
      'active',
    ]);
  });

  describe('the CLI', () => {
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
      const stdout = sink();
      const stderr = sink();
      const code = await runCli(argv, {
        fetch: globalThis.fetch,
        stdout,
        stderr,
        env: { HANDOFF_URL: url, HANDOFF_API_KEY: h.keyA },
        timeZone: 'UTC',
      });
      return { code, stdout: stdout.text, stderr: stderr.text };
    }

    it('handoff people <name> prints ids to copy into --from/--to', async () => {
      const { code, stdout } = await cli(['people', 'ben']);

      expect(code).toBe(0);
      expect(stdout).toMatch(/^\s+34 {2}Ben Brown\s+ben@acme\.com\s+$/m);
    });

    it('handoff people --all marks deactivated people; a miss says so', async () => {
      const all = await cli(['people', 'archer', '--all']);
      const none = await cli(['people', 'zed']);

      expect(all.stdout).toMatch(/21 {2}Anne Archer .*Sales {2}\[deactivated\]/);
      expect(none.stdout).toBe('Nobody matches "zed".\n');
    });

    it('handoff departments prints ids, heads and member counts; --json the API answer', async () => {
      const text = await cli(['departments']);
      const json = await cli(['departments', '--json']);

      expect(text.stdout).toMatch(/8 {2}Sales\s+Ben Brown \(34\)\s+0 active {2}under 7/);
      expect(DepartmentListOut.parse(JSON.parse(json.stdout)).departments).toHaveLength(2);
    });
  });
});
