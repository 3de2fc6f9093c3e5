/**
 * The one line a robot's workflow step gets back (LOG_MESSAGE) and the return values beside it: what moved, was
 * skipped or failed, or why the handoff failed, in words a portal admin can act on. Pure.
 * @module
 */
import { describeDocument } from '../../engine/documents.js';
import { formatHandoffNo } from '../../engine/ids.js';
import type { Handoff, ItemCounts } from '../../engine/model.js';

export interface RobotOutcome {
  readonly summary: string;
  readonly values: {
    readonly summary: string;
    readonly handoff: string;
    readonly moved: number;
    readonly skipped: number;
    readonly failed: number;
  };
}

/** The stored error without its code prefix (`unknown_role: Role "x" is not defined.` → `Role "x" is not defined.`). */
function reasonOf(error: string | undefined): string {
  if (!error) return 'the portal could not be reached';
  return error.replace(/^[a-z_]+: /, '');
}

/**
 * @example robotOutcome(handoff, counts).summary // 'Handoff H-3 (deal 12 → user 7): moved 4, skipped 1, failed 0.'
 */
export function robotOutcome(handoff: Handoff, counts: ItemCounts): RobotOutcome {
  const no = formatHandoffNo(handoff.no);
  const source = handoff.plan.source;
  const what = source ? describeDocument(source.document) : 'document';
  const receiver = handoff.plan.to.type === 'user' ? ` → user ${handoff.plan.to.userId}` : '';
  const tally = `moved ${counts.byStatus.moved}, skipped ${counts.byStatus.skipped}, failed ${counts.byStatus.failed}`;
  let summary: string;
  if (handoff.status === 'failed') summary = `Handoff ${no} failed for ${what}: ${reasonOf(handoff.error)} (${tally}).`;
  else if (handoff.status === 'cancelled') summary = `Handoff ${no} for ${what} was cancelled (${tally}).`;
  else summary = `Handoff ${no} (${what}${receiver}): ${tally}.`;
  return {
    summary,
    values: {
      summary,
      handoff: no,
      moved: counts.byStatus.moved,
      skipped: counts.byStatus.skipped,
      failed: counts.byStatus.failed,
    },
  };
}

/** The line for a call refused before any handoff existed (bad settings, a document that is not a deal or lead). */
export function robotRefusal(problem: string): RobotOutcome {
  const summary = `Handoff did not run: ${problem}`;
  return { summary, values: { summary, handoff: '', moved: 0, skipped: 0, failed: 0 } };
}
