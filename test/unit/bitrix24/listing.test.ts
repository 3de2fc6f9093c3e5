import { describe, expect, it } from 'vitest';
import { type ListQuery, lastRowReference, listByCursor, pageParams } from '../../../bitrix24/listing.js';
import { createFakeFetch, fakeClient } from './fake-portal-fetch.js';

const query: ListQuery = {
  method: 'crm.item.list',
  params: { entityTypeId: 2, select: ['id', 'assignedById', 'title'] },
  filter: { assignedById: 5 },
  idKey: 'id',
  ascending: 'ASC',
  rowsKey: 'items',
  rowIdField: 'id',
};

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, assignedById: 5, title: `Deal ${from + i}` }));

async function collectIds(pages: AsyncIterable<Record<string, unknown>[]>): Promise<number[]> {
  const ids: number[] = [];
  for await (const page of pages) ids.push(...page.map((row) => Number(row.id)));
  return ids;
}

describe('ID-cursor listing with chained pages', () => {
  it('builds cursor parameters and $result references', () => {
    expect(pageParams(query, 10, -1)).toEqual({
      entityTypeId: 2,
      select: ['id', 'assignedById', 'title'],
      filter: { assignedById: 5, '>id': 10 },
      order: { id: 'ASC' },
      start: -1,
    });
    expect(lastRowReference(query, 'c3')).toBe('$result[c3][items][49][id]');
    expect(lastRowReference({ ...query, rowsKey: undefined as never, rowIdField: 'ID' }, 'c0')).toBe(
      '$result[c0][49][ID]',
    );
  });

  it('reads total first, chains the rest, and trusts nothing after a short page', async () => {
    const { fetch, calls } = createFakeFetch((call) => {
      if (call.method === 'crm.item.list') return { body: { result: { items: rows(1, 50) }, total: 200, next: 50 } };
      // The chain: c0 full, c1 short (rows left the filter meanwhile), c2 is what an unresolved reference gave.
      return {
        body: {
          result: {
            result: { c0: { items: rows(51, 50) }, c1: { items: rows(101, 20) }, c2: { items: rows(1, 50) } },
            result_error: [],
          },
        },
      };
    });

    const ids = await collectIds(listByCursor(fakeClient(fetch), query));

    expect(ids).toEqual([...rows(1, 50), ...rows(51, 50), ...rows(101, 20)].map((r) => r.id));
    expect(calls.map((c) => c.method)).toEqual(['crm.item.list', 'batch']);
    const cmd = calls[1]?.body.cmd as Record<string, string>;
    expect(Object.keys(cmd)).toEqual(['c0', 'c1', 'c2']);
    expect(decodeURIComponent(cmd.c0 ?? '')).toContain('filter[>id]=50');
    expect(decodeURIComponent(cmd.c1 ?? '')).toContain('filter[>id]=$result[c0][items][49][id]');
    expect(decodeURIComponent(cmd.c1 ?? '')).toContain('start=-1');
  });

  it('restarts the chain at the cursor when a chained page fails with a retryable error', async () => {
    let batches = 0;
    const { fetch } = createFakeFetch((call) => {
      if (call.method === 'crm.item.list') {
        const after = Number((call.body.filter as Record<string, unknown>)['>id']);
        return after === 0
          ? { body: { result: { items: rows(1, 50) }, total: 150, next: 50 } }
          : { body: { result: { items: [] }, total: 0 } };
      }
      batches += 1;
      if (batches === 1)
        return {
          body: {
            result: {
              result: { c0: { items: rows(51, 50) } },
              result_error: { c1: { error: 'INTERNAL_SERVER_ERROR', error_description: 'oops' } },
            },
          },
        };
      return { body: { result: { result: { c0: { items: rows(101, 50) } }, result_error: [] } } };
    });

    const ids = await collectIds(listByCursor(fakeClient(fetch), query));

    expect(ids).toEqual(rows(1, 150).map((r) => r.id));
  });

  it('with an expected count, the first request is already the chain; a fresh total met ends the list', async () => {
    const { fetch, calls } = createFakeFetch(() => {
      const result: Record<string, { items: ReturnType<typeof rows> }> = {};
      for (let k = 0; k < 50; k++) result[`c${k}`] = { items: rows(1 + k * 50, 50) };
      return { body: { result: { result, result_error: [], result_total: { c0: 2500 } } } };
    });

    const ids = await collectIds(listByCursor(fakeClient(fetch), query, { expected: 2500 }));

    expect(ids).toHaveLength(2500);
    expect(calls.map((c) => c.method)).toEqual(['batch']);
    const cmd = calls[0]?.body.cmd as Record<string, string>;
    expect(Object.keys(cmd)).toHaveLength(50);
    expect(decodeURIComponent(cmd.c0 ?? '')).toContain('start=0');
    expect(decodeURIComponent(cmd.c1 ?? '')).toContain('start=-1');
  });

  it('a chain counted at its first page ends without a lone recount when every announced row was read', async () => {
    const { fetch, calls } = createFakeFetch((call) => {
      if (call.method === 'crm.item.list') return { body: { result: { items: rows(1, 50) }, total: 150 } };
      return {
        body: {
          result: {
            result: { c0: { items: rows(51, 50) }, c1: { items: rows(101, 50) } },
            result_error: [],
            result_total: { c0: 100 },
          },
        },
      };
    });

    const ids = await collectIds(listByCursor(fakeClient(fetch), query));

    expect(ids).toEqual(rows(1, 150).map((r) => r.id));
    expect(calls.map((c) => c.method)).toEqual(['crm.item.list', 'batch']);
  });

  it('stops at once on a permanent error inside the chain', async () => {
    const { fetch } = createFakeFetch((call) =>
      call.method === 'crm.item.list'
        ? { body: { result: { items: rows(1, 50) }, total: 100 } }
        : {
            body: { result: { result: [], result_error: { c0: { error: 'ACCESS_DENIED', error_description: 'no' } } } },
          },
    );

    await expect(collectIds(listByCursor(fakeClient(fetch), query))).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      retryable: false,
    });
  });
});
