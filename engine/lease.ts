/**
 * The run lease: at most one job run (transfer, return or sweep) works on a handoff at a time, across processes,
 * whatever the scheduler does. A run claims the handoff's lease before it reads the handoff's status, renews it
 * between batches, and releases it at the end. A run that cannot claim exits without doing anything, but makes sure
 * the work still happens: the holder finishes it, and if the holder died, its lease expires and the job scheduled
 * here for just after that expiry takes over. A live run keeps its lease by a timer (every quarter of it) and between
 * batches, so the lease can be as short as the job lock: a dead run's handoff is free again within seconds.
 * @module
 */
import type { EngineContext } from './context.js';
import type { JobName, JobRef, Logger } from './ports.js';

export interface RunLease {
  /**
   * Renews the lease once a quarter of it has passed since the last renewal (a cheap no-op before that). False
   * when another run took the lease over: this run must stop at once and leave the handoff to it.
   */
  keep(): Promise<boolean>;
  /** Frees the lease (idempotent). Called before scheduling a follow-up job that must be able to claim it at once. */
  release(): Promise<void>;
}

/** Longest wait before a run that found the lease held looks again: a "return now" pressed during a sweep or a
 * transfer must not wait a whole lease (2 minutes by default) when the holder lets go within seconds. */
export const LEASE_RETRY_MAX_MS = 5_000;

/**
 * When a run that found the lease held tries again: soon (the holder usually finishes within seconds), and never
 * later than just after the holder's lease would have run out unrenewed (a crashed holder). A claim costs one store
 * write, so looking again every few seconds while a long run holds the handoff is cheap.
 */
export function retryAfterLease(now: Date, leaseMs: number): Date {
  // A tenth of slack covers clock skew between processes (the holder's `until` is stamped by its own clock).
  return new Date(now.getTime() + Math.min(LEASE_RETRY_MAX_MS, Math.ceil(leaseMs * 1.1)));
}

/**
 * Runs `work` holding the handoff's run lease. When another run holds it, logs, schedules `job` again for after the
 * lease's expiry (not the sweep: it recurs on its own, and scheduling it once would replace its repetition) and
 * returns without running `work`. The lease is released however `work` ends.
 * @example
 * await withRunLease(ctx, ref, 'handoff.start', log, (lease) => transfer(ctx, ref, lease));
 */
export async function withRunLease(
  ctx: EngineContext,
  ref: JobRef,
  job: JobName,
  log: Logger,
  work: (lease: RunLease) => Promise<void>,
): Promise<void> {
  const leaseMs = ctx.options.runLeaseMs;
  const owner = ctx.newRunId();
  const { tenantId, handoffId } = ref;
  const claimedAt = ctx.clock.now();
  const claimed = await ctx.store.claimRun(
    tenantId,
    handoffId,
    owner,
    new Date(claimedAt.getTime() + leaseMs),
    claimedAt,
  );
  if (!claimed) {
    if (job === 'handoff.sweep') {
      log.info({}, 'another run holds this handoff; skipping this sweep');
      return;
    }
    const retryAt = retryAfterLease(claimedAt, leaseMs);
    log.info({ retryAt: retryAt.toISOString() }, 'another run holds this handoff; trying again after its lease');
    await ctx.scheduler.schedule(job, ref, retryAt);
    return;
  }

  let renewedAt = claimedAt.getTime();
  let released = false;
  let lost = false;
  let renewing: Promise<boolean> | undefined;
  // One renewal at a time, shared by the timer and keep(); never after release (it would re-take a freed lease).
  const renew = (): Promise<boolean> => {
    if (lost) return Promise.resolve(false);
    if (released) return Promise.resolve(true);
    renewing ??= (async () => {
      const now = ctx.clock.now().getTime();
      try {
        const kept = await ctx.store.renewRun(tenantId, handoffId, owner, new Date(now + leaseMs));
        if (kept) renewedAt = now;
        else {
          lost = true;
          log.warn({ leaseMs }, 'run lease lost; another run took the handoff over');
        }
        return kept;
      } finally {
        renewing = undefined;
      }
    })();
    return renewing;
  };
  // Kept alive by a timer too, not only between batches: a lease as short as the job lock (seconds, so a crashed
  // run is taken over soon) must outlast a batch that waits long on the portal's rate limit or its retries.
  const timer = setInterval(() => {
    renew().catch((err: unknown) => log.warn({ err }, 'renewing the run lease failed'));
  }, leaseMs / 4);
  timer.unref?.();
  const lease: RunLease = {
    async keep() {
      if (lost) return false;
      const now = ctx.clock.now().getTime();
      if (now - renewedAt < leaseMs / 4) return true;
      return renew();
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      try {
        await renewing;
      } catch {
        // Logged by the timer; the release below is what matters now.
      }
      try {
        await ctx.store.releaseRun(tenantId, handoffId, owner);
      } catch (err) {
        // Not fatal: the lease runs out on its own, and the next run takes over then.
        log.warn({ err }, 'releasing the run lease failed');
      }
    },
  };
  try {
    await work(lease);
  } finally {
    await lease.release();
  }
}
