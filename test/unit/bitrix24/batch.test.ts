import { describe, expect, it } from 'vitest';
import { buildBatchBody, chunk, parseBatchResult } from '../../../bitrix24/batch.js';

describe('batch building and reading', () => {
  it('keys commands c0…cN with PHP-style query strings', () => {
    const body = buildBatchBody([
      { method: 'crm.item.update', params: { entityTypeId: 2, id: 7, fields: { assignedById: 3 } } },
      { method: 'profile', params: {} },
    ]);

    expect(body).toEqual({
      halt: 0,
      cmd: { c0: 'crm.item.update?entityTypeId=2&id=7&fields%5BassignedById%5D=3', c1: 'profile' },
    });
  });

  it('refuses more than 50 commands (a bug in the caller, not a portal error)', () => {
    const commands = Array.from({ length: 51 }, () => ({ method: 'profile', params: {} }));

    expect(() => buildBatchBody(commands)).toThrow(/at most 50/);
  });

  it('chunks long lists', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('returns each command its own result or error, in order, reading [] as an empty map', () => {
    const answer = {
      result: { c0: { item: { id: 1 } }, c2: [{ ID: '5' }] },
      result_error: { c1: { error: 'NOT_FOUND', error_description: 'Element not found' } },
      result_total: { c2: 120 },
      result_next: { c2: 50 },
      result_time: [],
    };

    const results = parseBatchResult(answer, 4);

    expect(results[0]).toEqual({ ok: true, result: { item: { id: 1 } } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'api', code: 'NOT_FOUND' } });
    expect(results[2]).toEqual({ ok: true, result: [{ ID: '5' }], total: 120, next: 50 });
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'BATCH_COMMAND_NOT_RUN' } });
  });

  it('reads an all-empty answer', () => {
    const results = parseBatchResult({ result: [], result_error: [], result_total: [], result_next: [] }, 1);

    expect(results[0]).toMatchObject({ ok: false });
  });

  it('classifies throttled and legacy-empty errors inside a batch', () => {
    const results = parseBatchResult(
      {
        result: [],
        result_error: {
          c0: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
          c1: { error: '', error_description: 'Activity is not found' },
        },
      },
      2,
    );

    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'api', code: 'NOT_FOUND' } });
  });
});
