/** The seed: deterministic, a department tree with heads, people in two departments, inactive users, admins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxPortal, type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import { post } from './http.js';

describe('seed', () => {
  it('is deterministic from the seed number and differs across seeds', () => {
    const snapshot = (seed: number) => {
      const portal = createSandboxPortal({ seed: { seed } });
      return {
        users: portal.users,
        departments: portal.departments,
        deals: portal.items('deals'),
        tasks: portal.items('tasks'),
      };
    };

    expect(snapshot(5)).toEqual(snapshot(5));
    expect(snapshot(5)).not.toEqual(snapshot(6));
  });

  it('builds a tree with heads, a headless department, people in two departments, inactive users and admins', () => {
    const portal = createSandboxPortal({ seed: { users: 15, departments: 5 } });

    const byId = new Map(portal.departments.map((d) => [d.id, d]));
    expect(byId.get(1)?.parentId).toBeUndefined();
    expect(portal.departments.filter((d) => d.id !== 1).every((d) => byId.has(d.parentId ?? -1))).toBe(true);
    expect(portal.departments.some((d) => d.headId === undefined)).toBe(true);
    expect(portal.departments.filter((d) => d.headId !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(portal.users.some((u) => u.departmentIds.length === 2)).toBe(true);
    expect(portal.users.some((u) => !u.active)).toBe(true);
    expect(portal.users.filter((u) => u.isAdmin).length).toBeGreaterThanOrEqual(2);
  });

  it('makes open and closed items of every kind, and exact bulk counts', () => {
    const portal = createSandboxPortal({
      seed: { itemsPerUser: 6, bulk: [{ userId: 4, kind: 'tasks', count: 300, open: false }] },
    });

    for (const kind of ['leads', 'deals', 'quotes', 'invoices', 'spa:128', 'spa:130', 'activities', 'tasks'] as const) {
      const items = portal.items(kind);
      expect(
        items.some((i) => i.open),
        kind,
      ).toBe(true);
      expect(
        items.some((i) => !i.open),
        kind,
      ).toBe(true);
    }
    expect(portal.items('contacts').every((i) => i.open)).toBe(true);
    expect(portal.items('companies').filter((i) => i.isMyCompany)).toHaveLength(1);
    expect(portal.itemIdsOf('tasks', 4, false).length).toBeGreaterThanOrEqual(300);
  });
});

describe('users and departments over HTTP', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ rate: false, seed: { users: 10, departments: 4 } });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('filters user.get at the top level and under FILTER', async () => {
    const active = await post(sandbox.webhookUrl, 'user.get', { FILTER: { ACTIVE: true } });
    const inDept = await post(sandbox.webhookUrl, 'user.get', { UF_DEPARTMENT: 2 });
    const byEmail = await post(sandbox.webhookUrl, 'user.get', { EMAIL: sandbox.portal.users[2]?.email });

    const activeRows = active.json.result as { ID: string; ACTIVE: boolean }[];
    expect(activeRows.every((u) => u.ACTIVE === true)).toBe(true);
    expect(activeRows).toHaveLength(sandbox.portal.users.filter((u) => u.active).length);
    expect((inDept.json.result as { UF_DEPARTMENT: number[] }[]).every((u) => u.UF_DEPARTMENT.includes(2))).toBe(true);
    expect(byEmail.json.result).toEqual([expect.objectContaining({ ID: '3' })]);
  });

  it('answers department.get with string ids, PARENT and UF_HEAD', async () => {
    const answer = await post(sandbox.webhookUrl, 'department.get', { ID: 2 });

    expect(answer.json.result).toEqual([
      { ID: '2', NAME: 'Sales', SORT: 200, PARENT: '1', UF_HEAD: String(sandbox.portal.departments[1]?.headId) },
    ]);
    expect(answer.json.total).toBe(1);
  });

  it('gives an empty profile for an inactive user and ADMIN for an admin', async () => {
    const inactive = sandbox.portal.users.find((u) => !u.active)?.id ?? 0;
    const admin = await post(sandbox.webhookUrl, 'profile');
    const tokens = sandbox.portal.issueTokens(inactive);
    const gone = await post(tokens.client_endpoint, 'profile', { auth: tokens.access_token });

    expect(admin.json.result).toMatchObject({ ID: '1', ADMIN: true });
    expect(gone.json.result).toEqual({});
  });
});
