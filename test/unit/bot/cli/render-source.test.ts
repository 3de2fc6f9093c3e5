import { describe, expect, it } from 'vitest';
import { sourceLine, sourceTag } from '../../../../bot/cli/render-source.js';

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
