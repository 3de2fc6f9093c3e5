import { describe, expect, it } from 'vitest';
import { robotRunOutcome } from '../../../../bitrix24/sandbox/robot-routes.js';

const values = (summary: string, over: Record<string, unknown> = {}) => ({
  logMessage: summary,
  returnValues: { summary, handoff: 'H-3', moved: 2, skipped: 0, failed: 0, ...over },
});

describe("the sandbox's reading of a robot run's outcome", () => {
  it('is pending until the app answers the workflow', () => {
    expect(robotRunOutcome(undefined)).toBe('pending');
  });

  it('succeeds when the handoff did its work', () => {
    expect(robotRunOutcome(values('Handoff H-3 (deal 12 → user 7): moved 2, skipped 0, failed 0.'))).toBe('succeeded');
  });

  it('fails for a refused call, a failed or cancelled handoff, and items that failed', () => {
    expect(robotRunOutcome(values('Handoff did not run: No role "x" is defined.', { handoff: '', moved: 0 }))).toBe(
      'failed',
    );
    expect(
      robotRunOutcome(values('Handoff H-3 failed for deal 12: the portal could not be reached (moved 0, …).')),
    ).toBe('failed');
    expect(robotRunOutcome(values('Handoff H-3 for deal 12 was cancelled (moved 1, skipped 0, failed 0).'))).toBe(
      'failed',
    );
    expect(
      robotRunOutcome(values('Handoff H-3 (deal 12 → user 7): moved 1, skipped 0, failed 1.', { failed: 1 })),
    ).toBe('failed');
  });
});
