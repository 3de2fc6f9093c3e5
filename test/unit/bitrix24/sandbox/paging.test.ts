/** The sandbox's list semantics over HTTP: 50-row pages with next/total, start -1, the ID cursor, filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';

let sandbox: RunningSandbox;

async function call(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.webhookUrl}${method}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  sandbox = await startSandbox({
    rate: false,
    seed: { seed: 7, users: 6, itemsPerUser: 2, bulk: [{ userId: 2, kind: 'deals', count: 120 }] },
  });
});

afterAll(async () => {
  await sandbox.close();
});

describe('list paging', () => {
  it('pages legacy lists by 50 with total and next, and leaves next out on the last page', async () => {
    const expected = sandbox.portal.itemIdsOf('deals', 2).length;

    const first = await call('crm.deal.list', { filter: { ASSIGNED_BY_ID: 2 }, order: { ID: 'ASC' }, start: 0 });
    const last = await call('crm.deal.list', { filter: { ASSIGNED_BY_ID: 2 }, order: { ID: 'ASC' }, start: 100 });

    expect(first.status).toBe(200);
    expect(first.json.total).toBe(expected);
    expect(first.json.next).toBe(50);
    expect(first.json.result).toHaveLength(50);
    expect(last.json.next).toBeUndefined();
    expect(last.json.result).toHaveLength(expected - 100);
    expect(first.json.time).toMatchObject({ operating: 0 });
  });

  it('returns string ids in legacy rows and numbers in crm.item rows', async () => {
    const legacy = await call('crm.deal.list', { filter: { ASSIGNED_BY_ID: 2 }, select: ['ID', 'ASSIGNED_BY_ID'] });
    const universal = await call('crm.item.list', {
      entityTypeId: 2,
      filter: { assignedById: 2 },
      select: ['id', 'assignedById'],
    });

    expect((legacy.json.result as unknown[])[0]).toEqual({ ID: expect.any(String), ASSIGNED_BY_ID: '2' });
    expect((universal.json.result as { items: unknown[] }).items[0]).toEqual({
      id: expect.any(Number),
      assignedById: 2,
    });
  });

  it('walks an ID cursor with start -1: total 0, no next, every item exactly once', async () => {
    const seen: number[] = [];
    let last = 0;
    for (;;) {
      const page = await call('crm.item.list', {
        entityTypeId: 2,
        filter: { '>id': last, assignedById: 2 },
        order: { id: 'ASC' },
        select: ['id'],
        start: -1,
      });
      expect(page.json.total).toBe(0);
      expect(page.json.next).toBeUndefined();
      const items = (page.json.result as { items: { id: number }[] }).items;
      seen.push(...items.map((i) => i.id));
      if (items.length < 50) break;
      last = items[items.length - 1]?.id ?? last;
    }

    expect(seen).toEqual(sandbox.portal.itemIdsOf('deals', 2));
  });
});
