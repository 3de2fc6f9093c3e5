/**
 * Status transitions: which statuses allow which action, and how a transfer or a return ends (final status, audit
 * event, schedules for the return and the sweep, the final progress snapshot, participant digests).
 * @module
 */
import { ENGINE_ACTOR, recordEvent } from './events.js';
import type { Handoff, HandoffStatus } from './model.js';
import type { JobRef } from './ports.js';
import { emitProgress, type Run } from './run.js';

/** Statuses a transfer run has finished in. */
export const FINISHED_TRANSFER: readonly HandoffStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
  'return_scheduled',
];
/** Statuses from which the moved items may be given back (undo, return now, the scheduled return). */
export const RETURNABLE: readonly HandoffStatus[] = [...FINISHED_TRANSFER, 'returned'];
/** Statuses from which failed items may be retried. */
export const RETRYABLE: readonly HandoffStatus[] = FINISHED_TRANSFER;

export function refOf(handoff: Pick<Handoff, 'tenantId' | 'id'>): JobRef {
  return { tenantId: handoff.tenantId, handoffId: handoff.id };
}

export type TransferEnd = 'done' | 'cancelled' | 'failed';

/**
 * Ends a transfer run. Temporary handoffs that moved (or may have moved) anything get their return scheduled at
 * `returnAt` (even when cancelled or failed: what moved must come back), and the sweep when asked for.
 */
export async function finishTransfer(run: Run, end: TransferEnd, error?: string): Promise<void> {
  const { store, scheduler, clock } = run.ctx;
  const { handoff } = run;
  const counts = await store.countItems(handoff.tenantId, handoff.id);
  const temporary = handoff.plan.when.mode === 'temporary' && !handoff.plan.options.dryRun;
  let status: HandoffStatus;
  if (end === 'cancelled') status = 'cancelled';
  else if (end === 'failed') status = 'failed';
  else if (temporary) status = 'return_scheduled';
  else status = counts.byStatus.failed > 0 ? 'completed_with_errors' : 'completed';

  const updated = await store.updateHandoff(
    handoff.tenantId,
    handoff.id,
    {
      status,
      finishedAt: clock.now(),
      cancelRequested: false,
      ...(error === undefined ? { error: null } : { error }),
    },
    ['running'],
  );
  if (!updated) {
    run.log.warn({ status }, 'handoff changed status while finishing');
    return;
  }
  run.handoff = updated;
  const eventType =
    end === 'cancelled' ? 'handoff.cancelled' : end === 'failed' ? 'handoff.failed' : 'handoff.completed';
  await recordEvent({ ...run.ctx, logger: run.log }, handoff, eventType, ENGINE_ACTOR, {
    status,
    moved: counts.byStatus.moved,
    failed: counts.byStatus.failed,
    skipped: counts.byStatus.skipped,
    ...(error === undefined ? {} : { error }),
  });

  // Pending items of a failed run may sit with their receiver already (the portal applied the batch, then its
  // answer was lost): the return reads their owners, so it must run for them too.
  if (
    temporary &&
    handoff.plan.when.mode === 'temporary' &&
    (status === 'return_scheduled' || counts.byStatus.moved + counts.byStatus.pending > 0)
  ) {
    const returnAt = updated.plan.when.mode === 'temporary' ? updated.plan.when.returnAt : handoff.plan.when.returnAt;
    await scheduler.schedule('handoff.return', refOf(handoff), returnAt);
    await recordEvent({ ...run.ctx, logger: run.log }, handoff, 'return.scheduled', ENGINE_ACTOR, {
      returnAt: returnAt.toISOString(),
    });
    if (status === 'return_scheduled' && handoff.plan.options.sweep) {
      await scheduler.scheduleEvery('handoff.sweep', refOf(handoff), run.ctx.options.sweepIntervalMs);
    }
  }

  emitProgress(run, true, counts);
  if (handoff.plan.options.notify && !handoff.plan.options.dryRun && counts.byStatus.moved > 0) {
    run.notify.participants(updated, 'transferred', counts);
  }
  await run.notify.flush(updated);
}
