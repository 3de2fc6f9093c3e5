/** "Open" per kind (reference §6): every documented open filter returns exactly the sandbox's open items. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import type { EntityKind } from '../../../../engine/kinds.js';
import { post } from './http.js';

let sandbox: RunningSandbox;
const USER = 2;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false, seed: { seed: 11, users: 5, itemsPerUser: 12, closedShare: 0.5 } });
});

afterAll(async () => {
  await sandbox.close();
});

async function ids(method: string, body: Record<string, unknown>, idKey: string, nest?: string): Promise<number[]> {
  const answer = await post(sandbox.webhookUrl, method, { ...body, start: -1 });
  const result = answer.json.result as Record<string, unknown>;
  const rows = (nest ? result[nest] : result) as Record<string, unknown>[];
  expect(answer.status).toBe(200);
  return rows.map((r) => Number(r[idKey])).sort((a, b) => a - b);
}

async function finalStages(entityId: string): Promise<string[]> {
  const answer = await post(sandbox.webhookUrl, 'crm.status.list', { filter: { ENTITY_ID: entityId } });
  return (answer.json.result as { STATUS_ID: string; SEMANTICS: string | null }[])
    .filter((s) => s.SEMANTICS === 'S' || s.SEMANTICS === 'F')
    .map((s) => s.STATUS_ID);
}

describe('open filters', () => {
  it.each<[EntityKind, string, Record<string, unknown>, string, string?]>([
    ['leads', 'crm.lead.list', { filter: { ASSIGNED_BY_ID: USER, STATUS_SEMANTIC_ID: 'P' } }, 'ID'],
    ['deals', 'crm.deal.list', { filter: { ASSIGNED_BY_ID: USER, CLOSED: 'N' } }, 'ID'],
    ['quotes', 'crm.quote.list', { filter: { ASSIGNED_BY_ID: USER, CLOSED: 'N' } }, 'ID'],
    ['activities', 'crm.activity.list', { filter: { RESPONSIBLE_ID: USER, COMPLETED: 'N' } }, 'ID'],
    [
      'tasks',
      'tasks.task.list',
      { filter: { RESPONSIBLE_ID: USER, '!REAL_STATUS': 5, '<REAL_STATUS': 7 }, select: ['ID'] },
      'id',
      'tasks',
    ],
    ['deals', 'crm.item.list', { entityTypeId: 2, filter: { assignedById: USER, closed: 'N' } }, 'id', 'items'],
    ['contacts', 'crm.item.list', { entityTypeId: 3, filter: { assignedById: USER } }, 'id', 'items'],
  ])('%s via %s', async (kind, method, body, idKey, nest) => {
    const expected = sandbox.portal.itemIdsOf(kind, USER, true);

    const actual = await ids(method, body, idKey, nest);

    expect(actual).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('excludes final stages of invoices and smart processes found through crm.type.list and crm.status.list', async () => {
    const types = await post(sandbox.webhookUrl, 'crm.type.list', {});
    const spa = (types.json.result as { types: { id: number; entityTypeId: number }[] }).types[0];
    const final = [
      ...(await finalStages(`DYNAMIC_${spa?.entityTypeId}_STAGE_10`)),
      ...(await finalStages(`DYNAMIC_${spa?.entityTypeId}_STAGE_11`)),
    ];

    const actual = await ids(
      'crm.item.list',
      { entityTypeId: spa?.entityTypeId, filter: { assignedById: USER, '!@stageId': final } },
      'id',
      'items',
    );

    expect(spa).toMatchObject({ id: 1, entityTypeId: 128 });
    expect(final).toHaveLength(4);
    expect(actual).toEqual(sandbox.portal.itemIdsOf('spa:128', USER, true));
  });

  it('reads owners of given ids with an @ID filter, skipping deleted ones', async () => {
    const [a, b, c] = sandbox.portal.itemIdsOf('deals', USER);
    sandbox.portal.deleteItem('deals', b ?? 0);

    const actual = await ids('crm.deal.list', { filter: { '@ID': [a, b, c] }, select: ['ID', 'ASSIGNED_BY_ID'] }, 'ID');

    expect(actual).toEqual([a, c]);
  });

  it('rejects unknown filter fields instead of matching everything', async () => {
    const answer = await post(sandbox.webhookUrl, 'crm.deal.list', { filter: { ASSIGNED_ID: USER } });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('INVALID_ARG_VALUE');
  });
});
