/**
 * What people do to an existing handoff: cancel, retry failed items, return now, undo. Each checks the status,
 * records who did it, and leaves the work to a job (all state is in the store).
 * @module
 */
import type { EngineContext } from './context.js';
import { HandoffError } from './errors.js';
import { recordEvent } from './events.js';
import type { TenantId } from './ids.js';
import { formatHandoffNo } from './ids.js';
import type { EntityKind } from './kinds.js';
import { RETRYABLE, RETURNABLE, refOf } from './lifecycle.js';
import { ACTIVE_STATUSES, type Handoff } from './model.js';
import { sendNotice } from './notices.js';
import type { Actor, HandoffView } from './service-types.js';
import { runTransferJob } from './transfer.js';
import { waitingOf } from './waiting.js';

export async function mustGet(ctx: EngineContext, tenantId: TenantId, no: number): Promise<Handoff> {
  const handoff = await ctx.store.getHandoffByNo(tenantId, no);
  if (!handoff) throw new HandoffError('not_found', `${formatHandoffNo(no)} does not exist.`, { handoffNo: no });
  return handoff;
}

export async function viewOf(ctx: EngineContext, handoff: Handoff): Promise<HandoffView> {
  const counts = await ctx.store.countItems(handoff.tenantId, handoff.id);
  const waiting = await waitingOf(ctx, handoff, counts);
  return waiting.length === 0 ? { handoff, counts } : { handoff, counts, waiting };
}

function wrongStatus(handoff: Handoff, action: string): HandoffError {
  return new HandoffError('wrong_status', `${formatHandoffNo(handoff.no)} is ${handoff.status}; cannot ${action}.`, {
    handoffNo: handoff.no,
    status: handoff.status,
    reason: action,
  });
}

/** The refusal when another active handoff holds the from-user: names that one and its status (surfaces word it). */
function heldBy(handoff: Handoff, holder: Pick<Handoff, 'no' | 'status'>, action: string): HandoffError {
  return new HandoffError(
    'already_running',
    `${formatHandoffNo(handoff.no)}: cannot ${action} while ${formatHandoffNo(holder.no)} (${holder.status}) holds the same person.`,
    { handoffNo: holder.no, status: holder.status, reason: action },
  );
}

/** The store's already_running refusal, reworded by heldBy with the holder's status; any other error as it is. */
async function explainRefusal(ctx: EngineContext, err: unknown, handoff: Handoff, action: string): Promise<unknown> {
  if (!(err instanceof HandoffError) || err.code !== 'already_running' || err.details.handoffNo === undefined)
    return err;
  const holder = await ctx.store.getHandoffByNo(handoff.tenantId, err.details.handoffNo);
  return heldBy(handoff, holder ?? { no: err.details.handoffNo, status: 'running' }, action);
}

/**
 * Refuses an action that would take the from-user back (a finished handoff becoming `returning` again) while another
 * active handoff holds them; the store refuses that change too (ports.ts updateHandoff), but only once the job runs,
 * where nobody would hear of it. Nothing to check when this handoff holds the from-user itself.
 */
async function ensureFromUserFree(ctx: EngineContext, handoff: Handoff, action: string): Promise<void> {
  if (handoff.plan.options.dryRun || handoff.plan.source?.type === 'robot' || ACTIVE_STATUSES.includes(handoff.status))
    return;
  const active = await ctx.store.listHandoffs(handoff.tenantId, {
    statuses: ACTIVE_STATUSES,
    involvingUserId: handoff.plan.fromUserId,
    limit: 200,
  });
  // As the store's rule (storage/handoff-rules.ts overlappingHolder): a handoff that has not started never holds up
  // giving back a lend, nor an undo unless its start is due.
  const now = ctx.clock.now().getTime();
  const lend = handoff.plan.when.mode === 'temporary';
  const waitsForUs = (h: Handoff) =>
    h.status === 'scheduled' && (lend || (h.plan.when.startAt ?? h.createdAt).getTime() > now);
  const holder = active.find(
    (h) =>
      h.id !== handoff.id && h.plan.fromUserId === handoff.plan.fromUserId && !h.plan.options.dryRun && !waitsForUs(h),
  );
  if (holder) throw heldBy(handoff, holder, action);
}

function loggerFor(ctx: EngineContext, handoff: Handoff) {
  return ctx.logger.child({
    tenantId: handoff.tenantId,
    handoffId: handoff.id,
    handoffNo: formatHandoffNo(handoff.no),
  });
}

/**
 * Stops a scheduled handoff now, or a running one after its current batch. A running handoff whose run died (its
 * lease ran out before another process took the job over) is finished at once, here.
 */
export async function cancelHandoff(
  ctx: EngineContext,
  tenantId: TenantId,
  no: number,
  actor: Actor,
): Promise<HandoffView> {
  let handoff = await mustGet(ctx, tenantId, no);
  const deps = { ...ctx, logger: loggerFor(ctx, handoff) };
  if (handoff.status === 'scheduled') {
    const cancelled = await ctx.store.updateHandoff(
      tenantId,
      handoff.id,
      { status: 'cancelled', finishedAt: ctx.clock.now() },
      ['scheduled'],
    );
    if (cancelled) {
      await ctx.scheduler.cancel(refOf(handoff));
      await recordEvent(deps, cancelled, 'handoff.cancelled', actor.label);
      if (cancelled.plan.when.startAt) await sendNotice(deps, cancelled, { kind: 'cancelled', actor: actor.label });
      const view = await viewOf(ctx, cancelled);
      try {
        await ctx.notifier.progress(cancelled, {
          phase: 'transfer',
          counts: view.counts,
          itemsPerSecond: 0,
          etaSeconds: 0,
          final: true,
        });
      } catch (err) {
        deps.logger.warn({ err }, 'notifier call failed');
      }
      return view;
    }
    // The start job won the race: it is running now.
    handoff = await mustGet(ctx, tenantId, no);
  }
  if (handoff.status === 'running') {
    const requested = await ctx.store.updateHandoff(tenantId, handoff.id, { cancelRequested: true }, ['running']);
    if (requested) {
      await recordEvent(deps, requested, 'handoff.cancel_requested', actor.label);
      if (await noRunHolds(ctx, requested)) {
        // The run died (its lease ran out) and its job is not taken over yet: nobody would see the request until
        // then. Finish it here: the interrupted batch is settled from the portal, nothing else moves.
        try {
          await runTransferJob(ctx, refOf(requested));
        } catch (err) {
          deps.logger.warn({ err }, 'finishing the cancel failed; the resumed run finishes it');
        }
        return viewOf(ctx, await mustGet(ctx, tenantId, no));
      }
      return viewOf(ctx, requested);
    }
    handoff = await mustGet(ctx, tenantId, no);
  }
  throw wrongStatus(handoff, 'cancel');
}

/** Whether no live run holds the handoff's run lease (free, or its holder stopped renewing it: a crashed run). */
async function noRunHolds(ctx: EngineContext, handoff: Handoff): Promise<boolean> {
  const probe = ctx.newRunId();
  const now = ctx.clock.now();
  const claimed = await ctx.store.claimRun(
    handoff.tenantId,
    handoff.id,
    probe,
    new Date(now.getTime() + ctx.options.runLeaseMs),
    now,
  );
  if (claimed) await ctx.store.releaseRun(handoff.tenantId, handoff.id, probe);
  return claimed;
}

const PAGE = 1000;

/** Runs the failed items of a finished transfer again (and, after a portal failure, the rest of the listing). */
export async function retryHandoff(
  ctx: EngineContext,
  tenantId: TenantId,
  no: number,
  actor: Actor,
): Promise<HandoffView> {
  const handoff = await mustGet(ctx, tenantId, no);
  if (!RETRYABLE.includes(handoff.status)) throw wrongStatus(handoff, 'retry');
  const counts = await ctx.store.countItems(tenantId, handoff.id);
  const wholeFailure = handoff.status === 'failed';
  if (counts.byStatus.failed === 0 && !wholeFailure) {
    throw new HandoffError('nothing_to_retry', `${formatHandoffNo(no)} has no failed items.`, { handoffNo: no });
  }
  // The store refuses (already_running) when another handoff holds the from-user by now.
  const running = await ctx.store
    .updateHandoff(tenantId, handoff.id, { status: 'running', cancelRequested: false, error: null }, RETRYABLE)
    .catch(async (err: unknown) => {
      throw await explainRefusal(ctx, err, handoff, 'retry');
    });
  if (!running) throw wrongStatus(await mustGet(ctx, tenantId, no), 'retry');

  // Failed items become pending: the start job reads their owners before sending them again.
  let after: { kind: EntityKind; itemId: number } | undefined;
  for (;;) {
    const page = await ctx.store.listItems(tenantId, handoff.id, {
      statuses: ['failed'],
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    const last = page.at(-1);
    if (!last) break;
    after = { kind: last.kind, itemId: last.itemId };
    await ctx.store.updateItems(
      tenantId,
      handoff.id,
      page.map((i) => ({ kind: i.kind, itemId: i.itemId, status: 'pending' })),
    );
    if (page.length < PAGE) break;
  }
  await recordEvent({ ...ctx, logger: loggerFor(ctx, handoff) }, running, 'handoff.retry_requested', actor.label, {
    failed: counts.byStatus.failed,
    from: handoff.status,
    // Only a handoff the portal failed as a whole resumes its listing; otherwise only failed items run again.
    enumerate: wholeFailure,
  });
  await ctx.scheduler.schedule('handoff.start', refOf(handoff), ctx.clock.now());
  return viewOf(ctx, running);
}

export interface ReturnRequest {
  readonly by: 'return_now' | 'undo';
  readonly force: boolean;
}

/** Schedules the return now: "return now" for a temporary handoff, "undo" for any finished one. */
export async function requestReturn(
  ctx: EngineContext,
  tenantId: TenantId,
  no: number,
  actor: Actor,
  request: ReturnRequest,
): Promise<HandoffView> {
  let handoff = await mustGet(ctx, tenantId, no);
  const action = request.by === 'undo' ? 'undo' : 'return now';
  if (request.by === 'return_now' && handoff.plan.when.mode !== 'temporary') {
    // Surfaces word `permanent` as "nothing comes back on its own; undo gives it back" (commands/messages.ts).
    throw new HandoffError(
      'wrong_status',
      `${formatHandoffNo(no)} is permanent; there is no return to bring forward.`,
      {
        handoffNo: no,
        status: handoff.status,
        reason: 'permanent',
      },
    );
  }
  if (handoff.status === 'running' && handoff.plan.when.mode === 'temporary') {
    const stopping = await stopAndReturn(ctx, handoff, actor, request);
    if (stopping !== null) return stopping;
    handoff = await mustGet(ctx, tenantId, no);
  }
  if (!RETURNABLE.includes(handoff.status) && handoff.status !== 'returning') throw wrongStatus(handoff, action);
  const counts = await ctx.store.countItems(tenantId, handoff.id);
  if (handoff.plan.options.dryRun || counts.byStatus.moved + counts.byStatus.pending === 0) {
    throw new HandoffError('nothing_to_return', `${formatHandoffNo(no)} has nothing to give back.`, {
      handoffNo: no,
      ...(handoff.plan.options.dryRun ? { reason: 'dry_run' } : {}),
    });
  }
  await ensureFromUserFree(ctx, handoff, action);
  const now = ctx.clock.now();
  if (request.by === 'return_now') {
    handoff = (await ctx.store.updateHandoff(tenantId, handoff.id, { returnAt: now })) ?? handoff;
  }
  await recordEvent({ ...ctx, logger: loggerFor(ctx, handoff) }, handoff, 'return.requested', actor.label, {
    by: request.by,
    force: request.force,
  });
  await ctx.scheduler.schedule('handoff.return', refOf(handoff), now);
  return { handoff, counts };
}

/**
 * "Return" (or "undo") of a temporary handoff while its transfer is still running: no cancel first. The run is asked to stop after its
 * current batch and the return instant becomes now; the run then ends as `cancelled` and finishTransfer schedules
 * the return at that instant for whatever moved (lifecycle.ts), so items are never given back while a batch is
 * still moving them. `null` when the handoff stopped running meanwhile (the caller goes the usual way).
 */
async function stopAndReturn(
  ctx: EngineContext,
  handoff: Handoff,
  actor: Actor,
  request: ReturnRequest,
): Promise<HandoffView | null> {
  if (handoff.plan.options.dryRun) {
    throw new HandoffError('nothing_to_return', `${formatHandoffNo(handoff.no)} has nothing to give back.`, {
      handoffNo: handoff.no,
      reason: 'dry_run',
    });
  }
  const stopping = await ctx.store.updateHandoff(
    handoff.tenantId,
    handoff.id,
    { cancelRequested: true, returnAt: ctx.clock.now() },
    ['running'],
  );
  if (stopping === null) return null;
  await recordEvent({ ...ctx, logger: loggerFor(ctx, stopping) }, stopping, 'return.requested', actor.label, {
    by: request.by,
    force: request.force,
    whileRunning: true,
  });
  return viewOf(ctx, stopping);
}
