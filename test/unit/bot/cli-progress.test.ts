import { describe, expect, it } from 'vitest';
import { isAwaited } from '../../../bot/cli/progress.js';

const counts = (moved: number, pending = 0) => ({
  moved,
  pending,
  skipped: 0,
  failed: 0,
  returned: 0,
  kept: 0,
  gone: 0,
});

describe('CLI watch: what is still awaited', () => {
  it.each([
    ['return', 'running', counts(5, 5), true, true],
    // `return` on a running handoff: it stops as cancelled, and the return of what moved follows.
    ['return', 'cancelled', counts(5), true, true],
    ['return', 'cancelled', counts(0), true, false],
    ['return', 'returned', counts(0), true, false],
    ['transfer', 'cancelled', counts(5), true, false],
  ] as const)('%s watch, %s with %j (seen moving %s) → %s', (phase, status, c, seenMoving, awaited) => {
    expect(isAwaited({ status, startAt: null, counts: c }, phase, seenMoving)).toBe(awaited);
  });
});
