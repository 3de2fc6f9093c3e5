/**
 * What a run does when the database fails under it (StoreError: disk full, read-only, I/O): it stops at once and,
 * when the store still takes this one small write, pauses the handoff as `failed` with an error that says what
 * happened and what to do — never left `running` with nothing to run it. Nothing is half-changed: items are stored
 * `pending` with their original owner before the portal is asked to change them, so a batch the portal applied but
 * the store could not record is read back from the portal by the next run (retry), not sent twice.
 * @module
 */
import type { EngineContext } from './context.js';
import type { StoreError } from './errors.js';
import { ENGINE_ACTOR, recordEvent } from './events.js';
import { formatHandoffNo } from './ids.js';
import { refOf } from './lifecycle.js';
import type { JobRef, Logger } from './ports.js';

/** The error stored on the handoff: the store's own words, then what happens next. */
export function storeFailureText(error: StoreError, no: number): string {
  return (
    `${error.code}: ${error.message} The transfer is paused: nothing more moves. Once the database can be ` +
    `written again, retry ${formatHandoffNo(no)}; items the portal already changed are read back, not sent twice.`
  );
}

/**
 * Pauses a transfer the store failed under. Returns when the pause is recorded; rethrows `error` when even that
 * write failed, so the job runs again (after its backoff or lock) and tries once more.
 */
export async function pauseTransfer(ctx: EngineContext, ref: JobRef, log: Logger, error: StoreError): Promise<void> {
  log.error({ err: error, code: error.code }, 'store failed; transfer paused');
  const failed = (again: unknown): never => {
    log.error({ err: again }, 'recording the store failure failed; the job will run again');
    throw error;
  };
  const current = await ctx.store.getHandoff(ref.tenantId, ref.handoffId).catch(failed);
  // Not running (the start itself could not be written): nothing to pause; the job must run again to start it.
  if (current?.status !== 'running') throw error;
  const paused = await ctx.store
    .updateHandoff(
      ref.tenantId,
      ref.handoffId,
      {
        status: 'failed',
        finishedAt: ctx.clock.now(),
        cancelRequested: false,
        error: storeFailureText(error, current.no),
      },
      ['running'],
    )
    .catch(failed);
  if (!paused) return;
  const handoff = paused;
  // Each of these is a further write or a message; a full disk may refuse some. The pause above is what counts.
  const bestEffort = async (what: string, step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (err) {
      log.warn({ err, step: what }, 'step after a store failure failed');
    }
  };
  const counts = await ctx.store.countItems(ref.tenantId, ref.handoffId).catch(() => undefined);
  if (
    handoff.plan.when.mode === 'temporary' &&
    !handoff.plan.options.dryRun &&
    (counts === undefined || counts.byStatus.moved + counts.byStatus.pending > 0)
  ) {
    // What moved must come back at the return date even if nobody retries (the return reads pending items' owners).
    const returnAt = handoff.plan.when.returnAt;
    await bestEffort('schedule return', () => ctx.scheduler.schedule('handoff.return', refOf(handoff), returnAt));
  }
  await bestEffort('event', () =>
    recordEvent({ ...ctx, logger: log }, handoff, 'handoff.failed', ENGINE_ACTOR, {
      status: 'failed',
      error: handoff.error ?? error.code,
    }),
  );
  if (counts !== undefined) {
    await bestEffort('progress', () =>
      ctx.notifier.progress(handoff, { phase: 'transfer', counts, itemsPerSecond: 0, etaSeconds: 0, final: true }),
    );
  }
}
