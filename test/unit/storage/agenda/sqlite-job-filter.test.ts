import { describe, expect, it } from 'vitest';
import {
  addDataFilter,
  addUniqueQuery,
  emptyFilter,
  toRemoveFilter,
  toWhere,
} from '../../../../storage/agenda/sqlite-job-filter.js';

describe('sqlite job filters', () => {
  it('turns data paths into json_extract with the path in the SQL text, so the expression index applies', () => {
    const filter = emptyFilter();

    addUniqueQuery(filter, { 'data.handoffId': 'h1', name: 'handoff.start' });

    expect(toWhere(filter)).toBe(`WHERE json_extract(data, '$.handoffId') = ? AND name = ?`);
    expect(filter.params).toEqual(['h1', 'handoff.start']);
  });

  it('flattens a data filter into per-field equality, null meaning null or missing', () => {
    const filter = emptyFilter();

    addDataFilter(filter, { a: { b: true }, c: null });

    expect(filter.clauses).toEqual([`json_extract(data, '$.a.b') = ?`, `json_extract(data, '$.c') IS NULL`]);
    expect(filter.params).toEqual([1]);
  });

  it.each([
    [{ 'data.k': { $in: [1, 2] } }, /unsupported operator/],
    [{ "data.k') OR 1=1 --": 1 }, /unsupported data path/],
    [{ lockedUntil: 1 }, /unsupported field in job selector: "lockedUntil"/],
  ])('refuses %j with a clear error instead of guessing', (unique, message) => {
    expect(() => addUniqueQuery(emptyFilter(), unique)).toThrow(message);
  });

  it('a remove selector that names nothing selects nothing (null), never every job', () => {
    expect(toRemoveFilter({})).toBeNull();
    expect(toRemoveFilter({ names: [], ids: [] })).toBeNull();
    expect(toWhere(toRemoveFilter({ notNames: ['a'] }) ?? emptyFilter())).toBe('WHERE name NOT IN (?)');
  });
});
