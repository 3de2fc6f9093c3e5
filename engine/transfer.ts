/**
 * The `handoff.start` job: starts a scheduled handoff (or resumes a running one after a crash or a retry), settles
 * pending items first, then enumerates and moves, and ends it. A PortalError escaping, or a portal that cannot be
 * reached at all, fails the handoff; a shutdown signal leaves it running and schedules the job again, so the next
 * process resumes from the store. All of it under the handoff's run lease (engine/lease.ts): a second run of the
 * same handoff waits its turn instead of racing.
 * @module
 */
import type { EngineContext } from './context.js';
import { countKinds, enumerateAndMove } from './enumerate.js';
import { isHandoffError, isPortalError, isStoreError } from './errors.js';
import { ENGINE_ACTOR, recordEvent } from './events.js';
import { formatHandoffNo } from './ids.js';
import { runLeasedJob } from './job-entry.js';
import type { RunLease } from './lease.js';
import { finishTransfer, refOf } from './lifecycle.js';
import type { Handoff, HandoffEvent } from './model.js';
import { reachPortal } from './portal.js';
import type { JobRef, Logger } from './ports.js';
import { reconcilePending } from './reconcile.js';
import { EARLY_JOB_TOLERANCE_MS } from './reschedule.js';
import { runRobotTransfer } from './robot-run.js';
import { createRun, emitProgress, keepLease, type Run, shouldStop } from './run.js';
import { pauseTransfer } from './store-failure.js';
import { findInactiveReceiver } from './targets.js';

/** Whether this run must list the portal again: not once the listing finished, nor for a retry of failed items only. */
export function enumerationNeeded(events: readonly HandoffEvent[]): boolean {
  if (events.some((e) => e.type === 'transfer.enumerated')) return false;
  const retry = events.findLast((e) => e.type === 'handoff.retry_requested');
  return retry?.data?.enumerate !== false;
}

/** Says why the start waits (once), and tries again a sweep interval later. */
async function waitToStart(
  ctx: EngineContext,
  handoff: Handoff,
  log: Logger,
  lease: RunLease,
  blockedBy: number | undefined,
): Promise<void> {
  const error = `start waits: ${blockedBy === undefined ? 'another handoff' : formatHandoffNo(blockedBy)} still holds the same person`;
  const retryAt = new Date(ctx.clock.now().getTime() + ctx.options.sweepIntervalMs);
  log.warn({ blockedBy, retryAt: retryAt.toISOString() }, 'start waits for another handoff of the same person');
  if (handoff.error !== error) await ctx.store.updateHandoff(handoff.tenantId, handoff.id, { error }, ['scheduled']);
  await lease.release();
  await ctx.scheduler.schedule('handoff.start', refOf(handoff), retryAt);
}

export async function runTransferJob(ctx: EngineContext, ref: JobRef, signal?: AbortSignal): Promise<void> {
  await runLeasedJob(ctx, ref, 'handoff.start', async (log, lease) => {
    try {
      await transfer(ctx, ref, log, lease, signal);
    } catch (err) {
      // The database failed under the run: pause the handoff with a clear error rather than leave it running.
      if (!isStoreError(err)) throw err;
      await pauseTransfer(ctx, ref, log, err);
    }
  });
}

async function transfer(
  ctx: EngineContext,
  ref: JobRef,
  log: Logger,
  lease: RunLease,
  signal: AbortSignal | undefined,
): Promise<void> {
  // Read again under the lease: what an earlier holder did before releasing it decides what is left to do.
  let handoff = await ctx.store.getHandoff(ref.tenantId, ref.handoffId);
  if (!handoff) return;
  const eventDeps = { ...ctx, logger: log };
  if (handoff.status === 'scheduled') {
    const { startAt } = handoff.plan.when;
    if (startAt && startAt.getTime() - ctx.clock.now().getTime() > EARLY_JOB_TOLERANCE_MS) {
      // A stale job: the start was moved later after this run was due. The move scheduled the job again.
      log.info({ startAt: startAt.toISOString() }, 'start moved later; not due yet');
      await ctx.scheduler.schedule('handoff.start', refOf(handoff), startAt);
      return;
    }
    let started: Handoff | null;
    try {
      started = await ctx.store.updateHandoff(
        ref.tenantId,
        ref.handoffId,
        { status: 'running', startedAt: ctx.clock.now() },
        ['scheduled'],
      );
    } catch (err) {
      // An earlier handoff of the same person is still under way past its end (a return delayed by an outage):
      // this one starts once that one is done, never alongside it.
      if (!isHandoffError(err) || err.code !== 'already_running') throw err;
      await waitToStart(ctx, handoff, log, lease, err.details.handoffNo);
      return;
    }
    if (!started) {
      log.info({}, 'handoff no longer scheduled; nothing to start');
      return;
    }
    handoff = started;
    await recordEvent(eventDeps, handoff, 'handoff.started', ENGINE_ACTOR);
  } else if (handoff.status === 'running') {
    await recordEvent(eventDeps, handoff, 'handoff.resumed', ENGINE_ACTOR);
  } else {
    log.info({ status: handoff.status }, 'handoff not startable; nothing to do');
    return;
  }

  // A portal that cannot be reached (workspace disconnected, auth gone) fails the handoff below like any portal
  // failure: thrown here, it would leave the handoff running and the from-user held with nothing to resume it.
  const portal = await reachPortal(ctx, ref.tenantId);
  const run = await createRun({
    ctx,
    workSystem: portal.workSystem,
    handoff,
    job: 'handoff.start',
    phase: 'transfer',
    holdStatus: 'running',
    signal,
    lease,
  });
  try {
    if (!portal.ok) throw portal.error;
    // A cancel requested while no run was alive (a crash): settle the interrupted batch, move nothing else.
    const cancelling = handoff.cancelRequested;
    // Checked again before anything moves: the plan was checked when created, maybe days before a scheduled start.
    const inactive = cancelling ? undefined : await findInactiveReceiver(run.workSystem, handoff);
    if (inactive) throw inactive;
    const events = await ctx.store.listEvents(ref.tenantId, ref.handoffId);
    const enumerate = !cancelling && enumerationNeeded(events);
    // A robot handoff moves one document and its chosen relations, not everything its from-user holds.
    if (handoff.plan.source?.type === 'robot') await runRobotTransfer(run, events, enumerate);
    else await transferAll(run, enumerate);
  } catch (err) {
    // A domain refusal mid-run (nobody left in a department) fails the handoff like a portal failure: left running,
    // it would hold the from-user for good, since the scheduler does not run a job again after a HandoffError.
    if (!isPortalError(err) && !isHandoffError(err)) {
      // A bug: leave the handoff running so the next run resumes from the store. A store failure pauses it
      // (runTransferJob).
      if (!isStoreError(err)) log.error({ err }, 'transfer crashed');
      await run.notify.flush(run.handoff);
      throw err;
    }
    log.error({ err, code: err.code }, 'transfer failed; handoff failed');
    await finishTransfer(run, 'failed', `${err.code}: ${err.message}`);
    return;
  }

  if (run.stopped === 'aborted') {
    log.info({ processed: run.processed }, 'transfer interrupted by shutdown; will resume');
    await run.notify.flush(run.handoff);
    // Released first, so the resuming run can claim the handoff at once.
    await lease.release();
    await ctx.scheduler.schedule('handoff.start', refOf(handoff), ctx.clock.now());
    return;
  }
  if (run.stopped === 'lease_lost') {
    // The run that took over finishes the transfer (and sends the final progress); this one only lets go.
    log.info({ processed: run.processed }, 'transfer handed over to another run');
    await run.notify.flush(run.handoff);
    return;
  }
  if (run.stopped === 'status_changed') {
    log.warn({}, 'handoff changed status during transfer');
    await run.notify.flush(run.handoff);
    return;
  }
  await finishTransfer(run, run.stopped === 'cancelled' ? 'cancelled' : 'done');
}

/** Lists and moves everything the from-user holds in the handoff's kinds (a regular handoff). */
async function transferAll(run: Run, enumerate: boolean): Promise<void> {
  const totals = enumerate ? await countKinds(run) : new Map();
  await keepLease(run);
  const pending = run.tally.total('pending');
  run.expected = pending + [...totals.values()].reduce((sum: number, n: number) => sum + n, 0);
  emitProgress(run);

  if (!run.stopped) await reconcilePending(run);
  // Looked at once more before listing: a cancel (or shutdown) that came during the settling stops here.
  if (!run.stopped) await shouldStop(run);
  if (!run.stopped && enumerate) {
    await enumerateAndMove(run, totals);
    if (!run.stopped)
      await recordEvent({ ...run.ctx, logger: run.log }, run.handoff, 'transfer.enumerated', ENGINE_ACTOR, {
        processed: run.processed,
      });
  }
}
