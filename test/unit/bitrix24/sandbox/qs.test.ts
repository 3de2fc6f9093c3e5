/** PHP-style query strings: parse and encode round trips, arrays, percent-encoded brackets and references. */
import { describe, expect, it } from 'vitest';
import { encodeQuery, parseQuery } from '../../../../bitrix24/sandbox/index.js';

describe('parseQuery', () => {
  it.each([
    ['filter[>ID]=5&select[0]=ID&select[1]=TITLE', { filter: { '>ID': '5' }, select: ['ID', 'TITLE'] }],
    ['filter%5B%3EID%5D=%24result%5Bp0%5D%5B49%5D%5BID%5D', { filter: { '>ID': '$result[p0][49][ID]' } }],
    ['fields[ASSIGNED_BY_ID]=9&id=3', { fields: { ASSIGNED_BY_ID: '9' }, id: '3' }],
    ['a[]=1&a[]=2', { a: ['1', '2'] }],
    ['name=John+Smith&empty=', { name: 'John Smith', empty: '' }],
    ['__proto__[x]=1&ok=1', { ok: '1' }],
    ['bad=%E0%A4%A', { bad: '%E0%A4%A' }],
  ])('parses %s', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});

describe('encodeQuery', () => {
  it('round-trips nested params', () => {
    const params = { entityTypeId: 2, filter: { '>id': 10, '@stageId': ['A', 'B'] }, select: ['id'] };

    const encoded = encodeQuery(params);

    expect(encoded).not.toContain('[');
    expect(parseQuery(encoded)).toEqual({
      entityTypeId: '2',
      filter: { '>id': '10', '@stageId': ['A', 'B'] },
      select: ['id'],
    });
  });
});
