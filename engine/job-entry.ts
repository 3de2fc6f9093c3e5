/**
 * The common start of the transfer and return jobs: find the handoff (a job for one that is gone logs and ends), give
 * the run a logger carrying the handoff's ids, and do the work holding the handoff's run lease.
 * @module
 */
import type { EngineContext } from './context.js';
import { type RunLease, withRunLease } from './lease.js';
import type { JobName, JobRef, Logger } from './ports.js';
import { jobLogger } from './run.js';

export async function runLeasedJob(
  ctx: EngineContext,
  ref: JobRef,
  job: JobName,
  work: (log: Logger, lease: RunLease) => Promise<void>,
): Promise<void> {
  const found = await ctx.store.getHandoff(ref.tenantId, ref.handoffId);
  if (!found) {
    ctx.logger.warn({ tenantId: ref.tenantId, handoffId: ref.handoffId, job }, 'handoff not found');
    return;
  }
  const log = jobLogger(ctx.logger, found, job);
  await withRunLease(ctx, ref, job, log, (lease) => work(log, lease));
}
