/**
 * Moving the dates of a handoff that has not finished (a vacation shortened, extended or moved) and ending one early
 * (a vacation cancelled). The plan's dates in the store are the truth; the `handoff.start` / `handoff.return` jobs
 * are re-scheduled after the store changed, and a job that fires long before the plan's instant re-schedules itself
 * instead of running (transfer.ts, return.ts: `notDueYet`), so a move racing a job never runs it at the old time.
 *
 * - scheduled: both dates may move; a return moved to now or earlier cancels it (it never started).
 * - running: the return may move; moved to now, the transfer stops after its batch and the return runs right after.
 * - transferred, waiting for the return: the return moves (to now: it runs now).
 * - a start that already ran cannot move to a later instant: `wrong_status` says so and nothing changes.
 * @module
 */
import { cancelHandoff, mustGet, requestReturn, viewOf } from './actions.js';
import { listAwayAt } from './away.js';
import type { EngineContext } from './context.js';
import { HandoffError } from './errors.js';
import { recordEvent } from './events.js';
import { formatHandoffNo, type TenantId } from './ids.js';
import { refOf } from './lifecycle.js';
import type { Handoff, HandoffStatus } from './model.js';
import { sendNotice } from './notices.js';
import { checkTimes } from './plan.js';
import { refuseAwayReceivers } from './receiver-away.js';
import type { Actor, HandoffView } from './service-types.js';

/** New instants; an absent one stays as it is. */
export interface DateChange {
  readonly startAt?: Date;
  readonly returnAt?: Date;
}

/**
 * What a move or an early end did: `moved` (dates changed), `unchanged` (the same dates again), `cancelled` (it had
 * not started), `returning` (the return runs now or right after the transfer), `ended` (already given back).
 */
export type RescheduleOutcome = 'moved' | 'unchanged' | 'cancelled' | 'returning' | 'ended';

export interface RescheduleResult {
  readonly view: HandoffView;
  readonly outcome: RescheduleOutcome;
}

/** A job firing this long before the plan's instant is stale (its handoff was moved later): it re-schedules itself. */
export const EARLY_JOB_TOLERANCE_MS = 60_000;

/** Statuses after the transfer in which a temporary handoff still waits for its return. */
const AWAITING_RETURN: readonly HandoffStatus[] = ['return_scheduled', 'cancelled', 'failed', 'completed_with_errors'];

function wrongStatus(handoff: Handoff, action: string, reason?: string): HandoffError {
  return new HandoffError(
    'wrong_status',
    `${formatHandoffNo(handoff.no)} is ${handoff.status}; cannot ${action}${reason ? ` (${reason})` : ''}.`,
    { handoffNo: handoff.no, status: handoff.status, reason: reason ?? action },
  );
}

function returnAtOf(handoff: Handoff): Date | undefined {
  return handoff.plan.when.mode === 'temporary' ? handoff.plan.when.returnAt : undefined;
}

const earlier = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);

function sameInstant(a: Date | undefined, b: Date | undefined): boolean {
  return a?.getTime() === b?.getTime();
}

function logFor(ctx: EngineContext, handoff: Handoff) {
  return ctx.logger.child({
    tenantId: handoff.tenantId,
    handoffId: handoff.id,
    handoffNo: formatHandoffNo(handoff.no),
  });
}

async function hasSomethingOut(ctx: EngineContext, handoff: Handoff): Promise<boolean> {
  const counts = await ctx.store.countItems(handoff.tenantId, handoff.id);
  return counts.byStatus.moved + counts.byStatus.pending > 0;
}

async function recordMove(
  ctx: EngineContext,
  handoff: Handoff,
  previous: { startAt?: Date; returnAt?: Date },
  actor: Actor,
): Promise<void> {
  const returnAt = returnAtOf(handoff);
  await recordEvent({ ...ctx, logger: logFor(ctx, handoff) }, handoff, 'handoff.moved', actor.label, {
    ...(handoff.plan.when.startAt ? { startAt: handoff.plan.when.startAt.toISOString() } : {}),
    ...(returnAt ? { returnAt: returnAt.toISOString() } : {}),
    ...(previous.startAt ? { previousStartAt: previous.startAt.toISOString() } : {}),
    ...(previous.returnAt ? { previousReturnAt: previous.returnAt.toISOString() } : {}),
  });
  await sendNotice(ctx, handoff, { kind: 'moved', actor: actor.label, previous });
}

/**
 * A start moved to a time its receiver is away (under way or planned) is refused like a new handoff would be
 * (`receiver_away`, naming the absence and the backup); nothing changes.
 */
async function refuseAwayAtNewStart(ctx: EngineContext, handoff: Handoff, startAt: Date): Promise<void> {
  const away = await listAwayAt(ctx.store, handoff.tenantId, startAt, handoff.id);
  if (away.size === 0) return;
  const workSystem = await ctx.workSystems(handoff.tenantId);
  const plan = { ...handoff.plan, when: { ...handoff.plan.when, startAt } };
  await refuseAwayReceivers(plan, handoff.targets, () => 'start', away, workSystem, ctx.clock.now());
}

/** Stops a running transfer after its batch and has its return run right after (finishTransfer schedules it). */
async function stopAndReturn(ctx: EngineContext, handoff: Handoff, actor: Actor): Promise<Handoff | null> {
  const now = ctx.clock.now();
  const patch = handoff.plan.when.mode === 'temporary' ? { cancelRequested: true, returnAt: now } : {};
  const updated = await ctx.store.updateHandoff(handoff.tenantId, handoff.id, patch, ['running']);
  if (updated) {
    await recordEvent({ ...ctx, logger: logFor(ctx, handoff) }, updated, 'handoff.cancel_requested', actor.label, {
      returnAt: now.toISOString(),
    });
  }
  return updated;
}

/**
 * Moves the start and/or the return of a temporary handoff that has not been given back yet (or the start of a
 * scheduled permanent one). Throws `wrong_status` when it is past moving, and the plan's time rules (`in_the_past`,
 * `return_before_start`, `invalid_plan` beyond the horizon) for instants that cannot be.
 */
export async function moveHandoff(
  ctx: EngineContext,
  tenantId: TenantId,
  no: number,
  change: DateChange,
  actor: Actor,
): Promise<RescheduleResult> {
  // A few rounds: each lost compare-and-set means a job moved the handoff on; the next round sees its new status.
  for (let round = 0; round < 4; round += 1) {
    const handoff = await mustGet(ctx, tenantId, no);
    const result = await moveOnce(ctx, handoff, change, actor);
    if (result) return result;
  }
  throw wrongStatus(await mustGet(ctx, tenantId, no), 'move the dates', 'it keeps changing; try again');
}

async function moveOnce(
  ctx: EngineContext,
  handoff: Handoff,
  change: DateChange,
  actor: Actor,
): Promise<RescheduleResult | null> {
  const now = ctx.clock.now();
  const { when } = handoff.plan;
  const oldReturn = returnAtOf(handoff);
  if (change.returnAt && when.mode !== 'temporary') throw wrongStatus(handoff, 'move the return', 'it is permanent');
  const previous = {
    ...(when.startAt ? { startAt: when.startAt } : {}),
    ...(oldReturn ? { returnAt: oldReturn } : {}),
  };
  const newReturn = change.returnAt ?? oldReturn;

  if (handoff.status === 'scheduled') {
    if (newReturn && newReturn.getTime() <= now.getTime()) {
      const view = await cancelHandoff(ctx, handoff.tenantId, handoff.no, actor);
      // The start job won the race (it asked the run to stop): the next round returns what it moved, now.
      return view.handoff.status === 'cancelled' ? { view, outcome: 'cancelled' } : null;
    }
    // A start moved into the past starts now.
    const wanted = change.startAt ?? when.startAt;
    const startAt = wanted && wanted.getTime() < now.getTime() ? now : wanted;
    if (sameInstant(startAt, when.startAt) && sameInstant(newReturn, oldReturn)) {
      return { view: await viewOf(ctx, handoff), outcome: 'unchanged' };
    }
    const nextWhen =
      when.mode === 'temporary' && newReturn
        ? { mode: 'temporary' as const, ...(startAt ? { startAt } : {}), returnAt: newReturn }
        : { mode: 'permanent' as const, ...(startAt ? { startAt } : {}) };
    checkTimes({ ...handoff.plan, when: nextWhen }, now, ctx.options.maxHorizonMs);
    if (!sameInstant(startAt, when.startAt)) await refuseAwayAtNewStart(ctx, handoff, startAt ?? now);
    // The job first at the earlier of both starts: a crash (or a full disk) between the two writes leaves it due no
    // later than the stored start, and a job due early finds the start later and schedules itself again.
    await ctx.scheduler.schedule('handoff.start', refOf(handoff), earlier(startAt ?? now, when.startAt ?? now));
    const updated = await ctx.store.updateHandoff(
      handoff.tenantId,
      handoff.id,
      { ...(startAt ? { startAt } : {}), ...(newReturn ? { returnAt: newReturn } : {}) },
      ['scheduled'],
    );
    if (!updated) return null; // the start job won: it is running now
    await ctx.scheduler.schedule('handoff.start', refOf(updated), startAt ?? now);
    await recordMove(ctx, updated, previous, actor);
    return { view: await viewOf(ctx, updated), outcome: 'moved' };
  }

  const startedAt = handoff.startedAt ?? when.startAt ?? handoff.createdAt;
  if (change.startAt && !sameInstant(change.startAt, when.startAt) && change.startAt.getTime() > now.getTime()) {
    throw new HandoffError(
      'already_started',
      `${formatHandoffNo(handoff.no)} has already started; its start cannot move (cancel it and schedule a new one).`,
      { handoffNo: handoff.no, status: handoff.status, field: 'start', reason: 'already_started' },
    );
  }
  if (handoff.status === 'returning' || handoff.status === 'returned') {
    if (newReturn && newReturn.getTime() <= now.getTime())
      return { view: await viewOf(ctx, handoff), outcome: 'ended' };
    throw wrongStatus(handoff, 'move the return', 'it is already given back');
  }
  if (when.mode !== 'temporary' || !newReturn) throw wrongStatus(handoff, 'move the dates', 'it is permanent');
  if (sameInstant(newReturn, oldReturn) && newReturn.getTime() > now.getTime()) {
    return { view: await viewOf(ctx, handoff), outcome: 'unchanged' };
  }

  if (handoff.status === 'running') {
    if (newReturn.getTime() <= now.getTime()) {
      const stopped = await stopAndReturn(ctx, handoff, actor);
      if (!stopped) return null;
      await recordMove(ctx, stopped, previous, actor);
      return { view: await viewOf(ctx, stopped), outcome: 'returning' };
    }
    checkTimes({ ...handoff.plan, when: { mode: 'temporary', returnAt: newReturn } }, now, ctx.options.maxHorizonMs);
    // finishTransfer schedules the return from the stored plan, so nothing to schedule here.
    const updated = await ctx.store.updateHandoff(handoff.tenantId, handoff.id, { returnAt: newReturn }, ['running']);
    if (!updated) return null;
    await recordMove(ctx, updated, previous, actor);
    return { view: await viewOf(ctx, updated), outcome: 'moved' };
  }

  if (!AWAITING_RETURN.includes(handoff.status) || !(await hasSomethingOut(ctx, handoff))) {
    throw wrongStatus(handoff, 'move the return', 'nothing waits to come back');
  }
  if (newReturn.getTime() <= now.getTime()) {
    const view = await requestReturn(ctx, handoff.tenantId, handoff.no, actor, { by: 'return_now', force: false });
    await recordMove(ctx, view.handoff, previous, actor);
    return { view, outcome: 'returning' };
  }
  if (newReturn.getTime() <= startedAt.getTime()) {
    throw new HandoffError('return_before_start', 'The return comes before the start.', {
      field: 'returnAt',
      reason: 'return_before_start',
    });
  }
  checkTimes({ ...handoff.plan, when: { mode: 'temporary', returnAt: newReturn } }, now, ctx.options.maxHorizonMs);
  // As for the start: the return job due no later than either date while the new one is stored.
  await ctx.scheduler.schedule('handoff.return', refOf(handoff), earlier(newReturn, oldReturn ?? newReturn));
  const updated = await ctx.store.updateHandoff(handoff.tenantId, handoff.id, { returnAt: newReturn }, [
    handoff.status,
  ]);
  if (!updated) return null;
  await ctx.scheduler.schedule('handoff.return', refOf(updated), newReturn);
  await recordMove(ctx, updated, previous, actor);
  return { view: await viewOf(ctx, updated), outcome: 'moved' };
}

/**
 * Ends a handoff early, whatever its phase: not started → cancelled; transferring → stops after its batch and
 * returns; transferred → returns now; already given back → nothing to do (`ended`). Idempotent.
 */
export async function endHandoffEarly(
  ctx: EngineContext,
  tenantId: TenantId,
  no: number,
  actor: Actor,
): Promise<RescheduleResult> {
  for (let round = 0; round < 4; round += 1) {
    const handoff = await mustGet(ctx, tenantId, no);
    switch (handoff.status) {
      case 'scheduled': {
        try {
          const view = await cancelHandoff(ctx, tenantId, no, actor);
          // Started meanwhile (the run was asked to stop): the next round has it return what it moved, now.
          if (view.handoff.status === 'cancelled') return { view, outcome: 'cancelled' };
          continue;
        } catch (err) {
          if (err instanceof HandoffError && err.code === 'wrong_status') continue;
          throw err;
        }
      }
      case 'running': {
        const stopped = await stopAndReturn(ctx, handoff, actor);
        if (!stopped) continue;
        return { view: await viewOf(ctx, stopped), outcome: 'returning' };
      }
      case 'returning':
      case 'returned':
        return { view: await viewOf(ctx, handoff), outcome: 'ended' };
      default: {
        const permanent = handoff.plan.when.mode !== 'temporary';
        if (permanent || handoff.plan.options.dryRun || !(await hasSomethingOut(ctx, handoff))) {
          return { view: await viewOf(ctx, handoff), outcome: 'ended' };
        }
        const view = await requestReturn(ctx, tenantId, no, actor, { by: 'return_now', force: false });
        return { view, outcome: 'returning' };
      }
    }
  }
  throw wrongStatus(await mustGet(ctx, tenantId, no), 'end early', 'it keeps changing; try again');
}
