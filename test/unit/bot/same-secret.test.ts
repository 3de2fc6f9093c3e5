import { describe, expect, it } from 'vitest';
import { sameSecret } from '../../../bot/same-secret.js';

describe('sameSecret', () => {
  it('compares secrets of any length', () => {
    expect([
      sameSecret('abc', 'abc'),
      sameSecret('abc', 'abd'),
      sameSecret('abc', 'abcd'),
      sameSecret('', 'x'),
    ]).toEqual([true, false, false, false]);
  });
});
