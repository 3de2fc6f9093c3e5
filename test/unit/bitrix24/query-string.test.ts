import { describe, expect, it } from 'vitest';
import { buildQuery, toBatchCommand } from '../../../bitrix24/query-string.js';

describe('buildQuery (PHP http_build_query style)', () => {
  it('encodes nested objects and arrays with bracketed keys, percent-encoded once', () => {
    const query = buildQuery({ filter: { '>ID': 5, ASSIGNED_BY_ID: 9 }, select: ['ID', 'TITLE'] });

    expect(query).toBe('filter%5B%3EID%5D=5&filter%5BASSIGNED_BY_ID%5D=9&select%5B0%5D=ID&select%5B1%5D=TITLE');
    expect(decodeURIComponent(query)).toBe('filter[>ID]=5&filter[ASSIGNED_BY_ID]=9&select[0]=ID&select[1]=TITLE');
  });

  it('keeps $result references intact after decoding', () => {
    const query = buildQuery({ filter: { '>id': '$result[c0][items][49][id]' } });

    expect(new URLSearchParams(query).get('filter[>id]')).toBe('$result[c0][items][49][id]');
  });

  it('leaves out null, undefined and empty containers; booleans become 1/0', () => {
    expect(buildQuery({ a: null, b: undefined, c: [], d: {}, e: true, f: false, g: 'Y' })).toBe('e=1&f=0&g=Y');
  });

  it('escapes characters that would break the query', () => {
    const query = buildQuery({ fields: { TITLE: "a&b=c d+é'" } });

    expect(new URLSearchParams(query).get('fields[TITLE]')).toBe("a&b=c d+é'");
  });

  it('builds a batch command with or without parameters', () => {
    expect(toBatchCommand('profile', {})).toBe('profile');
    expect(toBatchCommand('user.get', { ID: 3 })).toBe('user.get?ID=3');
  });
});
