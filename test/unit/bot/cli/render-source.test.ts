import { describe, expect, it } from 'vitest';
import type { HandoffOut } from '../../../../bot/api/response-schemas.js';
import { sidesOf, sourceLine, sourceTag } from '../../../../bot/cli/render-source.js';

describe('robot handoff source in the CLI', () => {
  it.each([
    [
      {
        type: 'robot',
        document: { kind: 'deals', id: 12 },
        includeDocument: true,
        relations: ['tasks', 'contacts'],
        role: 'paralegal',
      },
      'robot: deal 12 (+ tasks, contacts) → role paralegal',
      ' [robot deal 12]',
    ],
    [
      { type: 'robot', document: { kind: 'leads', id: 4 }, includeDocument: false, relations: ['activities'] },
      'robot: records of lead 4 (+ activities)',
      ' [robot lead 4]',
    ],
  ] as const)('%j', (source, line, tag) => {
    const view = { source: { ...source, relations: [...source.relations] } };

    expect([sourceLine(view), sourceTag(view)]).toEqual([line, tag]);
  });

  it('says nothing for a handoff that did not come from the robot', () => {
    expect([sourceLine({}), sourceTag({})]).toEqual([null, '']);
  });
});

describe('the sides of a robot handoff that stopped before reading its document', () => {
  const failed = {
    from: { id: 1, name: 'Anna Garcia' },
    to: { type: 'user', id: 1, name: 'Anna Garcia' },
    targets: {},
    source: {
      type: 'robot',
      document: { kind: 'deals', id: 1 },
      includeDocument: true,
      relations: ['tasks'],
      role: 'nope',
    },
  } as unknown as HandoffOut;

  it('names the document and the role, not the robot user twice', () => {
    expect(sidesOf(failed)).toBe('the owner of deal 1 → role nope');
  });

  it('names the real sides once the run resolved them', () => {
    const ran = {
      ...failed,
      from: { id: 2, name: 'Boris Adams' },
      to: { type: 'user', id: 3, name: 'Chloe Fischer' },
      targets: { deals: { type: 'user', id: 3, name: 'Chloe Fischer' } },
    } as unknown as HandoffOut;

    expect(sidesOf(ran)).toBe('Boris Adams (2) → Chloe Fischer (3)');
  });
});
