import { describe, expect, it } from 'vitest';
import { isMoving, progressLine } from '../../../../bot/cli/progress.js';

const counts = { pending: 0, moved: 0, skipped: 0, failed: 0, returned: 0, kept: 0, gone: 0 };

describe('progress bar', () => {
  it('shows the share of items no longer pending', () => {
    const line = progressLine({
      id: 'H-3',
      status: 'running',
      total: 10,
      counts: { ...counts, pending: 5, moved: 4, failed: 1 },
    });

    expect(line).toBe(`H-3 running [${'#'.repeat(15)}${'.'.repeat(15)}]  50%  5/10  moved 4 · failed 1`);
  });

  it('draws an empty bar while nothing is enumerated yet', () => {
    expect(progressLine({ id: 'H-1', status: 'running', total: 0, counts })).toContain(
      '[..............................]   0%',
    );
  });

  it.each([
    ['running', true],
    ['returning', true],
    ['scheduled', false],
    ['completed', false],
  ])('%s is moving: %s', (status, expected) => {
    expect(isMoving({ status: status as 'running' })).toBe(expected);
  });
});
