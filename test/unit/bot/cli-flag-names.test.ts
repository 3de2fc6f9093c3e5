import { describe, expect, it } from 'vitest';
import { closestFlag, editDistance, flagProblem } from '../../../bot/cli/flag-names.js';

const FLAGS = {
  until: { type: 'string' },
  url: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  force: { type: 'boolean' },
  'force-return': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

describe('CLI flag names', () => {
  it.each([
    [['start', '--untill', 'friday'], 'Unknown flag --untill. Did you mean --until?'],
    [['start', '--dryrun'], 'Unknown flag --dryrun. Did you mean --dry-run?'],
    [['start', '--form', '12'], 'Unknown flag --form. Did you mean --from?'],
    [['start', '--frobnicate'], 'Unknown flag --frobnicate.'],
    [['start', '-x'], 'Unknown flag -x.'],
    [['start', '--until'], '--until needs a value.'],
    [['start', '--until', '--from', '12'], '--until needs a value.'],
    [['start', '--dry-run=yes'], '--dry-run takes no value.'],
    [['start', '--until', 'friday', '--from=12', '-h'], null],
    [['history', '--limit', '-1'], null],
    [['start', '--', '--untill'], null],
  ])('%j → %s', (argv, problem) => {
    expect(flagProblem(argv, FLAGS)).toBe(problem);
  });

  it("prefers the command's own flag on a tie", () => {
    expect(closestFlag('forc', ['force', 'force-return'], ['force'])).toBe('force');
    expect(closestFlag('ur', ['until', 'url'])).toBe('url');
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('utnil', 'until')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
