/**
 * The state of one job run: the handoff as last read, tallies, the notify queue and progress pacing, its run lease,
 * and the check made between batches (shutdown signal, lease taken over, cancel request, status changed under us).
 * @module
 */
import type { EngineContext } from './context.js';
import { formatHandoffNo } from './ids.js';
import type { RunLease } from './lease.js';
import type { Handoff, HandoffStatus, ItemCounts, ItemStatus, Progress } from './model.js';
import { createNotifyQueue, type NotifyQueue } from './notify.js';
import type { ItemSummary, JobName, Logger, WorkSystem } from './ports.js';
import { buildProgress, createPacer, type Pacer, Tally } from './progress.js';

/** `lease_lost`: another run took the handoff over (this one stalled past its lease); it finishes the work. */
export type StopReason = 'aborted' | 'cancelled' | 'status_changed' | 'lease_lost';

export interface Run {
  readonly ctx: EngineContext;
  readonly workSystem: WorkSystem;
  readonly log: Logger;
  readonly phase: Progress['phase'];
  /** The status the handoff must keep for this run to go on. */
  readonly holdStatus: HandoffStatus;
  readonly tally: Tally;
  readonly notify: NotifyQueue;
  readonly pacer: Pacer;
  readonly startedAt: Date;
  readonly signal: AbortSignal | undefined;
  /** Sweeps send no progress snapshots (they run every few minutes for days). */
  readonly quiet: boolean;
  /** This run's hold on the handoff (engine/lease.ts), renewed between batches. */
  readonly lease: RunLease;
  handoff: Handoff;
  /** Items this run gave an outcome. */
  processed: number;
  /** Items this run expects to process; null while unknown. */
  expected: number | null;
  stopped: StopReason | undefined;
}

/** A child logger with the fields every job line carries. */
export function jobLogger(logger: Logger, handoff: Handoff, job: JobName): Logger {
  return logger.child({
    tenantId: handoff.tenantId,
    handoffId: handoff.id,
    handoffNo: formatHandoffNo(handoff.no),
    job,
  });
}

export interface RunInit {
  readonly ctx: EngineContext;
  readonly workSystem: WorkSystem;
  readonly handoff: Handoff;
  readonly job: JobName;
  readonly phase: Progress['phase'];
  readonly holdStatus: HandoffStatus;
  readonly signal: AbortSignal | undefined;
  readonly lease: RunLease;
  readonly quiet?: boolean;
}

export async function createRun(init: RunInit): Promise<Run> {
  const log = jobLogger(init.ctx.logger, init.handoff, init.job);
  const counts = await init.ctx.store.countItems(init.handoff.tenantId, init.handoff.id);
  return {
    ctx: init.ctx,
    workSystem: init.workSystem,
    log,
    phase: init.phase,
    holdStatus: init.holdStatus,
    tally: Tally.from(counts),
    notify: createNotifyQueue(init.ctx.notifier, log, init.ctx.options.summaryBatchSize),
    pacer: createPacer(init.ctx.options.progressIntervalMs),
    startedAt: init.ctx.clock.now(),
    signal: init.signal,
    quiet: init.quiet ?? false,
    lease: init.lease,
    handoff: init.handoff,
    processed: 0,
    expected: null,
    stopped: undefined,
  };
}

/** Counts one item's new status and queues its summary for the thread. */
export function recordOutcome(run: Run, from: ItemStatus | null, summary: ItemSummary): void {
  run.tally.move(summary.kind, from, summary.status);
  run.processed += 1;
  run.notify.item(run.handoff, summary);
}

function remaining(run: Run): number | null {
  return run.expected === null ? null : Math.max(0, run.expected - run.processed);
}

/** Sends a snapshot when the pacer allows (or always, when final). */
export function emitProgress(run: Run, final = false, finalCounts?: ItemCounts): void {
  if (run.quiet) return;
  const now = run.ctx.clock.now();
  if (!final && !run.pacer.take(now)) return;
  const notListed = run.phase === 'transfer' && !final ? remainingUnlisted(run) : 0;
  run.notify.progress(
    run.handoff,
    buildProgress({
      phase: run.phase,
      counts: finalCounts ?? run.tally.toItemCounts(notListed),
      processed: run.processed,
      remaining: final ? 0 : remaining(run),
      startedAt: run.startedAt,
      now,
      final,
    }),
  );
}

/** Items counted in the portal but not stored yet, shown as pending while a transfer runs. */
function remainingUnlisted(run: Run): number {
  const left = remaining(run);
  if (left === null) return 0;
  return Math.max(0, left - run.tally.total('pending'));
}

/**
 * Renews the run's lease when due (cheap otherwise). False, with the run stopped as `lease_lost`, when another run
 * holds the handoff now. Called between batches and between listing pages.
 */
export async function keepLease(run: Run): Promise<boolean> {
  if (run.stopped === 'lease_lost') return false;
  if (await run.lease.keep()) return true;
  run.stopped = 'lease_lost';
  return false;
}

/**
 * The check between batches: a shutdown signal, a lost lease, a cancel request or a status change (re-read from the
 * store, so a cancel from another process is seen) stops the run. Returns true when the run must stop.
 */
export async function shouldStop(run: Run): Promise<boolean> {
  if (run.stopped) return true;
  if (run.signal?.aborted) {
    run.stopped = 'aborted';
    return true;
  }
  if (!(await keepLease(run))) return true;
  const current = await run.ctx.store.getHandoff(run.handoff.tenantId, run.handoff.id);
  if (!current || current.status !== run.holdStatus) {
    run.stopped = 'status_changed';
    return true;
  }
  run.handoff = current;
  if (current.cancelRequested) {
    run.stopped = 'cancelled';
    return true;
  }
  return false;
}
