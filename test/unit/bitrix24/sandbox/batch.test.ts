/** The sandbox's batch: query-string commands, $result references, result_error, halt, the 50-command cap. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeQuery, type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import { post } from './http.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false, seed: { users: 5, bulk: [{ userId: 3, kind: 'deals', count: 130 }] } });
});

afterAll(async () => {
  await sandbox.close();
});

interface BatchResult {
  result: Record<string, unknown> | unknown[];
  result_error: Record<string, { error: string; error_description: string }> | unknown[];
  result_total: Record<string, number> | unknown[];
  result_next: Record<string, number> | unknown[];
}

async function batch(cmd: Record<string, string> | string[], halt = 0) {
  const answer = await post(sandbox.webhookUrl, 'batch', { halt, cmd });
  return { status: answer.status, body: answer.json.result as BatchResult, answer };
}

describe('batch', () => {
  it('runs PHP-style commands and chains pages with $result references', async () => {
    const page = (ref: string) =>
      `crm.deal.list?${encodeQuery({ filter: { '>ID': ref, ASSIGNED_BY_ID: 3 }, order: { ID: 'ASC' }, select: ['ID'], start: -1 })}`;

    const { status, body } = await batch({
      p0: page('0'),
      p1: page('$result[p0][49][ID]'),
      p2: page('$result[p1][49][ID]'),
    });

    expect(status).toBe(200);
    const rows = ['p0', 'p1', 'p2'].flatMap((k) => (body.result as Record<string, { ID: string }[]>)[k] ?? []);
    expect(rows.map((r) => Number(r.ID))).toEqual(sandbox.portal.itemIdsOf('deals', 3));
    expect(body.result_error).toEqual([]);
    expect(body.result_next).toEqual([]);
  });

  it('resolves references into crm.item results and reports totals and next per command', async () => {
    const { body } = await batch({
      a: `crm.item.list?${encodeQuery({ entityTypeId: 2, filter: { assignedById: 3 }, order: { id: 'ASC' } })}`,
      b: 'crm.item.get?entityTypeId=2&id=$result[a][items][0][id]',
    });

    const a = (body.result as Record<string, { items: { id: number }[] }>).a;
    const b = (body.result as Record<string, { item: { id: number } }>).b;
    expect(b?.item.id).toBe(a?.items[0]?.id);
    expect((body.result_total as Record<string, number>).a).toBe(sandbox.portal.itemIdsOf('deals', 3).length);
    expect((body.result_next as Record<string, number>).a).toBe(50);
  });

  it('records failing commands in result_error and keeps going without halt', async () => {
    const dealId = sandbox.portal.itemIdsOf('deals', 3)[0] ?? 0;

    const { status, body } = await batch({
      bad: 'crm.item.get?entityTypeId=2&id=999999',
      nope: 'no.such.method',
      ok: `crm.deal.update?${encodeQuery({ id: dealId, fields: { ASSIGNED_BY_ID: 2 } })}`,
    });

    expect(status).toBe(200);
    expect(body.result_error).toEqual({
      bad: { error: 'NOT_FOUND', error_description: 'Element not found' },
      nope: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    expect(body.result).toEqual({ ok: true });
    expect(sandbox.portal.ownerOf('deals', dealId)).toBe(2);
  });

  it('stops at the first failure with halt', async () => {
    const { body } = await batch(['crm.item.get?entityTypeId=2&id=999999', 'profile'], 1);

    expect(body.result).toEqual([]);
    expect(Object.keys(body.result_error)).toEqual(['0']);
  });

  it('gives array results for an array cmd', async () => {
    const { body } = await batch(['profile', 'user.current']);

    expect(Array.isArray(body.result)).toBe(true);
    expect((body.result as { ID: string }[])[0]?.ID).toBe('1');
  });

  it('refuses more than 50 commands and nested batches', async () => {
    const tooMany = await batch(Array.from({ length: 51 }, () => 'profile'));
    const nested = await batch({ inner: 'batch?cmd[x]=profile' });

    expect(tooMany.status).toBe(400);
    expect(tooMany.answer.json.error).toBe('ERROR_BATCH_LENGTH_EXCEEDED');
    expect((nested.body.result_error as Record<string, { error: string }>).inner?.error).toBe(
      'ERROR_BATCH_METHOD_NOT_ALLOWED',
    );
  });

  it('counts a batch as one request and each command as a call', async () => {
    sandbox.portal.resetStats();

    await batch({ a: 'profile', b: 'profile', c: 'profile' });

    expect(sandbox.portal.stats()).toMatchObject({ requests: 1, batches: 1, calls: 3 });
    expect(sandbox.portal.requestLog).toEqual([{ at: expect.any(Number), method: 'batch', status: 200 }]);
  });
});
