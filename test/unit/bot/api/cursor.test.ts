import { describe, expect, it } from 'vitest';
import { parseItemCursor, toItemCursor } from '../../../../bot/api/cursor.js';

describe('item cursors', () => {
  it.each([
    { kind: 'deals' as const, itemId: 42 },
    { kind: 'spa:128' as const, itemId: 1 },
  ])('round-trips %j', (cursor) => {
    expect(parseItemCursor(toItemCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    'not a cursor',
    Buffer.from('dealz|1').toString('base64url'),
    Buffer.from('deals|x').toString('base64url'),
  ])('reads %j as no cursor', (text) => {
    expect(parseItemCursor(text)).toBeNull();
  });
});
