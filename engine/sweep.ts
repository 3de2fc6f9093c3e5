/**
 * The `handoff.sweep` job: while a temporary handoff is active (return_scheduled), items that newly landed on the
 * from-user move to the receivers too (stored first, insert-ignore), and come back with the rest at the return.
 * Runs under the handoff's run lease (engine/lease.ts); a sweep that finds it held skips its turn (it recurs anyway).
 * A receiver who left since fails the handoff instead of getting items; its return stays scheduled.
 * @module
 */
import type { EngineContext } from './context.js';
import { enumerateAndMove } from './enumerate.js';
import { type HandoffError, isHandoffError, isPortalError } from './errors.js';
import { ENGINE_ACTOR, recordEvent } from './events.js';
import { type RunLease, withRunLease } from './lease.js';
import { refOf } from './lifecycle.js';
import type { Handoff } from './model.js';
import { reachPortal } from './portal.js';
import type { JobRef, Logger } from './ports.js';
import { reconcilePending } from './reconcile.js';
import { createRun, jobLogger, type Run } from './run.js';
import { findInactiveReceiver } from './targets.js';

/** Not active any more (returned, returning, or gone), or a dry run: the recurring sweep has no reason to exist. */
function sweepable(handoff: Handoff | null): handoff is Handoff {
  return handoff?.status === 'return_scheduled' && !handoff.plan.options.dryRun;
}

export async function runSweepJob(ctx: EngineContext, ref: JobRef, signal?: AbortSignal): Promise<void> {
  const found = await ctx.store.getHandoff(ref.tenantId, ref.handoffId);
  if (!sweepable(found)) {
    await ctx.scheduler.cancel(ref, 'handoff.sweep');
    return;
  }
  const log = jobLogger(ctx.logger, found, 'handoff.sweep');
  await withRunLease(ctx, ref, 'handoff.sweep', log, (lease) => sweep(ctx, ref, log, lease, signal));
}

async function sweep(
  ctx: EngineContext,
  ref: JobRef,
  log: Logger,
  lease: RunLease,
  signal: AbortSignal | undefined,
): Promise<void> {
  // Read again under the lease: the return may have begun while this run waited for it.
  const handoff = await ctx.store.getHandoff(ref.tenantId, ref.handoffId);
  if (!sweepable(handoff)) return;
  const portal = await reachPortal(ctx, ref.tenantId);
  if (!portal.ok) {
    // Nothing moved and nothing is lost: the next sweep tries again, and the return deals with the portal itself.
    log.warn({ err: portal.error, code: portal.error.code }, 'sweep skipped: portal unreachable');
    return;
  }
  const run = await createRun({
    ctx,
    workSystem: portal.workSystem,
    handoff,
    job: 'handoff.sweep',
    phase: 'transfer',
    holdStatus: 'return_scheduled',
    signal,
    lease,
    quiet: true,
  });
  try {
    const inactive = await findInactiveReceiver(run.workSystem, handoff);
    if (inactive) {
      await stopForReceiver(run, inactive);
      return;
    }
    await reconcilePending(run);
    if (!run.stopped) await enumerateAndMove(run, new Map());
  } catch (err) {
    if (!isPortalError(err) && !isHandoffError(err)) throw err;
    // The next sweep tries again; nothing is lost (pending items are settled first next time).
    log.warn({ err, code: err.code }, 'sweep failed; will try again');
  }
  await run.notify.flush(run.handoff);
  if (run.processed > 0) {
    await recordEvent({ ...ctx, logger: log }, handoff, 'sweep.moved', ENGINE_ACTOR, {
      processed: run.processed,
    });
  }
  if (run.stopped === 'status_changed') {
    // The return began while this sweep moved items: run the return again so it also takes back what moved here.
    const current = await ctx.store.getHandoff(ref.tenantId, ref.handoffId);
    if (current && (current.status === 'returning' || current.status === 'returned') && run.processed > 0) {
      // Released first, so that return can claim the handoff at once.
      await lease.release();
      await ctx.scheduler.schedule('handoff.return', refOf(handoff), ctx.clock.now());
    }
  }
}

/**
 * A receiver left the company while the handoff was active: items landing on the from-user must not go to them. The
 * handoff fails with the reason (what the surfaces show) and stops sweeping; the return stays scheduled, since
 * `failed` is returnable, so what already moved still comes back at returnAt (or on "return now").
 */
/**
 * The receiver left while the person is away: nothing more goes to them. The handoff stays `return_scheduled` (it
 * still holds the from-user, and what already moved comes back at the return instant); the error says why the
 * sweep stopped, so a manager can return early or hand the rest to someone else.
 */
async function stopForReceiver(run: Run, refusal: HandoffError): Promise<void> {
  const { tenantId, id } = run.handoff;
  const error = `${refusal.code}: ${refusal.message}`;
  const updated = await run.ctx.store.updateHandoff(tenantId, id, { error }, ['return_scheduled']);
  if (!updated) return;
  run.log.warn({ code: refusal.code, userId: refusal.details.userId }, 'receiver inactive; sweep stopped');
  await recordEvent({ ...run.ctx, logger: run.log }, updated, 'sweep.stopped', ENGINE_ACTOR, { error });
  await run.ctx.scheduler.cancel(refOf(updated), 'handoff.sweep');
}
