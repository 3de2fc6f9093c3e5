import { describe, expect, it } from 'vitest';
import { formatHandoffNo, parseHandoffNo } from '../../../engine/ids.js';
import { isEntityKind, moduleOf } from '../../../engine/kinds.js';

describe('handoff numbers', () => {
  it.each([
    ['H-3', 3],
    ['h-12', 12],
    [' 7 ', 7],
    ['H-0', null],
    ['H3', null],
    ['deal', null],
  ])('parses %j as %j', (text, expected) => {
    expect(parseHandoffNo(text)).toBe(expected);
  });

  it('formats a number as people see it', () => {
    expect(formatHandoffNo(42)).toBe('H-42');
  });
});

describe('entity kinds', () => {
  it.each([
    ['deals', true],
    ['tasks', true],
    ['spa:128', true],
    ['spa:1032', true],
    ['spa:31', false],
    ['spa:', false],
    ['orders', false],
  ])('%j is a kind: %j', (text, expected) => {
    expect(isEntityKind(text)).toBe(expected);
  });

  it('groups kinds into modules', () => {
    expect(moduleOf('tasks')).toBe('tasks');
    expect(moduleOf('spa:130')).toBe('crm');
  });
});
