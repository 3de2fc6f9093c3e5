/**
 * The `handoff.return` job: gives back what a handoff moved. For each moved item the current owner decides: still the
 * receiver (or force) → back home (returned); already home → returned without an update (a re-run after a crash);
 * moved on by a later handoff → the ledger's chain rules (engine/ledger.ts, engine/README.md); someone else by hand
 * → kept; deleted → gone. Home is the original owner, or further up the chain when that person only held it on loan. The sweep stops when the return starts.
 * Runs under the handoff's run lease (engine/lease.ts), like every job.
 * @module
 */
import type { EngineContext } from './context.js';
import { isHandoffError, isPortalError, isStoreError } from './errors.js';
import { ENGINE_ACTOR, recordEvent } from './events.js';
import { formatHandoffNo, type HandoffId, type PortalUserId } from './ids.js';
import { runLeasedJob } from './job-entry.js';
import type { EntityKind } from './kinds.js';
import type { RunLease } from './lease.js';
import { createHandoffCache, decideReturn, loadRecords, waitingBehind } from './ledger.js';
import { RETURNABLE, refOf } from './lifecycle.js';
import type { Handoff, HandoffEvent, HandoffItem, ItemStatus } from './model.js';
import { readOwnersOrGone } from './owners.js';
import { reachPortal } from './portal.js';
import type { ItemUpdate, JobRef, Logger } from './ports.js';
import { EARLY_JOB_TOLERANCE_MS } from './reschedule.js';
import { createRun, emitProgress, type Run, recordOutcome, shouldStop } from './run.js';
import { waitingOf as waitingGroups, waitingPerHandoff } from './waiting.js';

const PAGE = 1000;

/** Force comes from the plan, or from the latest return request (return now / undo with force). */
export function returnForced(planForce: boolean, events: readonly HandoffEvent[]): boolean {
  const request = events.findLast((e) => e.type === 'return.requested');
  return planForce || request?.data?.force === true;
}

/** Whether the return's last audited step is already this same failure (a retry that failed the same way). */
function repeatsLastFailure(events: readonly HandoffEvent[], error: string): boolean {
  const last = events.findLast((e) => e.type === 'return.started' || e.type === 'return.failed');
  return last?.type === 'return.failed' && last.data?.error === error;
}

/**
 * A stale return job: the return was moved later (engine/reschedule.ts) after this run was due, and nobody asked for
 * it explicitly since (return now, undo). Schedules the job at the plan's return again and says so.
 */
async function notDueYet(ctx: EngineContext, handoff: Handoff, log: Logger): Promise<boolean> {
  const { when } = handoff.plan;
  if (when.mode !== 'temporary' || when.returnAt.getTime() - ctx.clock.now().getTime() <= EARLY_JOB_TOLERANCE_MS) {
    return false;
  }
  const events = await ctx.store.listEvents(handoff.tenantId, handoff.id);
  const last = events.findLast((e) => e.type === 'return.requested' || e.type === 'handoff.moved');
  if (last?.type === 'return.requested') return false;
  log.info({ returnAt: when.returnAt.toISOString() }, 'return moved later; not due yet');
  await ctx.scheduler.schedule('handoff.return', refOf(handoff), when.returnAt);
  return true;
}

export async function runReturnJob(ctx: EngineContext, ref: JobRef, signal?: AbortSignal): Promise<void> {
  await runLeasedJob(ctx, ref, 'handoff.return', (log, lease) => giveBack(ctx, ref, log, lease, signal));
}

/**
 * Another handoff of the same from-user holds them (the store refused `returning`): giving items back now would pull
 * against it. The handoff keeps its items and says why; the return tries again every sweep interval.
 */
async function waitForHolder(
  ctx: EngineContext,
  handoff: Handoff,
  log: Logger,
  lease: RunLease,
  blockedBy: number | undefined,
): Promise<void> {
  const error = `return waits: ${blockedBy === undefined ? 'another handoff' : formatHandoffNo(blockedBy)} holds the same person`;
  const retryAt = new Date(ctx.clock.now().getTime() + ctx.options.sweepIntervalMs);
  log.warn({ blockedBy, retryAt: retryAt.toISOString() }, 'return waits for another handoff of the same person');
  if (handoff.error !== error) {
    await ctx.store.updateHandoff(handoff.tenantId, handoff.id, { error });
    await recordEvent({ ...ctx, logger: log }, handoff, 'return.failed', ENGINE_ACTOR, {
      error,
      ...(blockedBy === undefined ? {} : { blockedBy }),
    });
  }
  await lease.release();
  await ctx.scheduler.schedule('handoff.return', refOf(handoff), retryAt);
}

async function giveBack(
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
  if (RETURNABLE.includes(handoff.status) && (await notDueYet(ctx, handoff, log))) return;
  if (RETURNABLE.includes(handoff.status)) {
    const moved = await ctx.store.listItems(ref.tenantId, ref.handoffId, { statuses: ['moved', 'pending'], limit: 1 });
    if (moved.length === 0 && handoff.status === 'returned') {
      log.info({}, 'nothing left to return');
      return;
    }
    let started: Handoff | null;
    try {
      started = await ctx.store.updateHandoff(
        ref.tenantId,
        ref.handoffId,
        { status: 'returning', returnStartedAt: ctx.clock.now() },
        RETURNABLE,
      );
    } catch (err) {
      if (!isHandoffError(err) || err.code !== 'already_running') throw err;
      await waitForHolder(ctx, handoff, log, lease, err.details.handoffNo);
      return;
    }
    if (!started) return;
    handoff = started;
    await ctx.scheduler.cancel(refOf(handoff), 'handoff.sweep');
    await recordEvent(eventDeps, handoff, 'return.started', ENGINE_ACTOR);
  } else if (handoff.status !== 'returning') {
    log.info({ status: handoff.status }, 'handoff not returnable now; nothing to do');
    return;
  }

  // A portal that cannot be reached must not escape here: the handoff would stay `returning` with nothing to run it
  // again. It is handled below like a transient portal failure.
  const portal = await reachPortal(ctx, ref.tenantId);
  const run = await createRun({
    ctx,
    workSystem: portal.workSystem,
    handoff,
    job: 'handoff.return',
    phase: 'return',
    holdStatus: 'returning',
    signal,
    lease,
  });
  const events = await ctx.store.listEvents(ref.tenantId, ref.handoffId);
  const force = returnForced(handoff.plan.options.forceReturn, events);
  run.expected = run.tally.total('moved') + run.tally.total('pending');
  emitProgress(run);

  const unreachable = portal.ok ? undefined : portal.error;
  /** Lent items a later handoff covering an absence still holds, per that handoff: they come home when it ends. */
  const waiting = new Map<HandoffId, number>();
  /** Records of other handoffs this return settled through the chain, per handoff. */
  const settledElsewhere = new Map<HandoffId, number>();
  const chain: ChainTally = { waiting, settled: settledElsewhere };
  try {
    if (unreachable) throw unreachable;
    await returnAll(run, force, chain);
  } catch (err) {
    // A store failure (full disk) is handled like a portal outage: the handoff stays `returning` with the error, and
    // the return is tried again later. A write below that fails too escapes, and the job runs again on its own.
    const failure =
      unreachable && err === unreachable ? unreachable : isPortalError(err) || isStoreError(err) ? err : undefined;
    if (!failure) {
      log.error({ err }, 'return crashed');
      await run.notify.flush(run.handoff);
      throw err;
    }
    // The handoff stays `returning` with the error: "return now", or the retry scheduled below, picks it up.
    const error = `${failure.code}: ${failure.message}`;
    log.error(
      { err, code: failure.code },
      unreachable
        ? 'portal unreachable for return'
        : isStoreError(failure)
          ? 'store failed during return'
          : 'portal failed during return',
    );
    await ctx.store.updateHandoff(ref.tenantId, ref.handoffId, { error });
    // Audited once per outage, not at every attempt: an unreachable portal is tried every sweep interval, for days.
    if (!repeatsLastFailure(events, error)) {
      await recordEvent(eventDeps, handoff, 'return.failed', ENGINE_ACTOR, { error });
    }
    emitProgress(run, true, await ctx.store.countItems(ref.tenantId, ref.handoffId));
    await run.notify.flush(run.handoff);
    if (failure === unreachable || isStoreError(failure) || (isPortalError(failure) && failure.retryable)) {
      // Nobody else schedules this job again: a portal outage at returnAt (or a workspace reconnected later) would
      // leave the items with the receiver until someone pressed "return now". Try again a sweep interval later (the
      // return reads owners first).
      await lease.release();
      await ctx.scheduler.schedule(
        'handoff.return',
        refOf(handoff),
        new Date(ctx.clock.now().getTime() + ctx.options.sweepIntervalMs),
      );
    }
    return;
  }
  if (run.stopped === 'aborted') {
    await run.notify.flush(run.handoff);
    // Released first, so the resuming run can claim the handoff at once.
    await lease.release();
    await ctx.scheduler.schedule('handoff.return', refOf(handoff), ctx.clock.now());
    return;
  }
  if (run.stopped === 'lease_lost') {
    // The run that took over finishes the return; marking it returned here would cut that run short.
    log.info({ processed: run.processed }, 'return handed over to another run');
    await run.notify.flush(run.handoff);
    return;
  }
  if (waiting.size > 0) await recordWaiting(run, waiting);
  if (settledElsewhere.size > 0) await recordSettled(run, settledElsewhere);
  await finishReturn(run);
}

/**
 * Items this batch gave back to the receiver of the handoff that lent them (that one still covered an absence when
 * asked) whose lender is over by now: where each belongs now, read afresh.
 */
async function lendersOverSince(
  run: Run,
  sends: readonly { item: HandoffItem; home: PortalUserId }[],
  outcome: ReadonlyMap<number, { status: ItemStatus }>,
  records: ReadonlyMap<number, readonly HandoffItem[]>,
  force: boolean,
): Promise<{ item: HandoffItem; home: PortalUserId; settle: readonly HandoffItem[] }[]> {
  const candidates = sends.filter(
    (s) =>
      s.item.viaHandoffId !== undefined &&
      s.home === s.item.originalOwnerId &&
      outcome.get(s.item.itemId)?.status === 'returned',
  );
  if (candidates.length === 0) return [];
  const fresh = createHandoffCache(run.ctx.store, run.handoff.tenantId);
  const again: { item: HandoffItem; home: PortalUserId; settle: readonly HandoffItem[] }[] = [];
  for (const { item, home } of candidates) {
    const decision = await decideReturn(item, home, records.get(item.itemId) ?? [item], fresh, force);
    if (decision.action === 'home' && decision.home !== home) {
      again.push({ item, home: decision.home, settle: decision.settle });
    }
  }
  return again;
}

/** What a return did along the ledger's chains: items left waiting on later handoffs, records of others settled. */
interface ChainTally {
  readonly waiting: Map<HandoffId, number>;
  readonly settled: Map<HandoffId, number>;
}

/** Tells each other handoff's audit trail that this return brought home items it still held. */
async function recordSettled(run: Run, settled: ReadonlyMap<HandoffId, number>): Promise<void> {
  for (const [id, items] of settled) {
    const other = await run.ctx.store.getHandoff(run.handoff.tenantId, id);
    if (!other) continue;
    await recordEvent({ ...run.ctx, logger: run.log }, other, 'return.settled', ENGINE_ACTOR, {
      by: formatHandoffNo(run.handoff.no),
      items,
    });
  }
}

function waitingOf(no: number | undefined): { waitingForNo?: number } {
  return no === undefined ? {} : { waitingForNo: no };
}

/** Audits the lent items left with a later handoff's receiver, naming those handoffs (H-n) for the people reading. */
async function recordWaiting(run: Run, waiting: ReadonlyMap<HandoffId, number>): Promise<void> {
  const handoffs: { handoff: string; items: number }[] = [];
  for (const [id, items] of waiting) {
    const later = await run.ctx.store.getHandoff(run.handoff.tenantId, id);
    handoffs.push({ handoff: later ? formatHandoffNo(later.no) : id, items });
  }
  run.log.info({ handoffs }, 'lent items stay with a later handoff until it ends');
  await recordEvent({ ...run.ctx, logger: run.log }, run.handoff, 'return.waiting', ENGINE_ACTOR, {
    items: [...waiting.values()].reduce((a, b) => a + b, 0),
    handoffs,
  });
}

async function finishReturn(run: Run): Promise<void> {
  const { store, clock } = run.ctx;
  const { tenantId, id } = run.handoff;
  const counts = await store.countItems(tenantId, id);
  const updated = await store.updateHandoff(
    tenantId,
    id,
    { status: 'returned', returnedAt: clock.now(), error: null },
    ['returning'],
  );
  if (!updated) return;
  run.handoff = updated;
  const waiting = await waitingGroups(run.ctx, updated, counts);
  await recordEvent({ ...run.ctx, logger: run.log }, updated, 'handoff.returned', ENGINE_ACTOR, {
    returned: counts.byStatus.returned,
    kept: counts.byStatus.kept,
    gone: counts.byStatus.gone,
    notReturned: counts.byStatus.moved,
    ...(waiting.length === 0 ? {} : { waiting: waitingPerHandoff(waiting) }),
  });
  emitProgress(run, true, counts);
  // The from-user hears of a return that brought nothing back yet too, when lent items are on their way (waiting).
  if (updated.plan.options.notify && (counts.byStatus.returned > 0 || waiting.length > 0)) {
    run.notify.participants(updated, 'returned', counts, waiting);
  }
  await run.notify.flush(updated);
}

/** Pages through moved (and, after a sweep raced the start, pending) items and returns them batch by batch. */
async function returnAll(run: Run, force: boolean, chain: ChainTally): Promise<void> {
  const { tenantId, id } = run.handoff;
  let after: { kind: EntityKind; itemId: number } | undefined;
  for (;;) {
    const page = await run.ctx.store.listItems(tenantId, id, {
      statuses: ['moved', 'pending'],
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    const last = page.at(-1);
    if (!last) return;
    after = { kind: last.kind, itemId: last.itemId };
    const size = Math.max(1, run.workSystem.maxBatchSize);
    let start = 0;
    while (start < page.length) {
      const kind = page[start]?.kind;
      let end = start;
      while (end < page.length && end - start < size && page[end]?.kind === kind) end += 1;
      if (kind) await returnBatch(run, kind, page.slice(start, end), force, chain);
      start = end;
      if (await shouldStop(run)) return;
    }
    if (page.length < PAGE) return;
  }
}

async function returnBatch(
  run: Run,
  kind: EntityKind,
  items: readonly HandoffItem[],
  force: boolean,
  chain: ChainTally,
): Promise<void> {
  const { waiting } = chain;
  const { store } = run.ctx;
  const { tenantId } = run.handoff;
  // A vanished kind (smart process deleted) reads as all gone, so one deleted type never blocks the whole return.
  const owners = await readOwnersOrGone(
    run.workSystem,
    kind,
    items.map((i) => i.itemId),
  );
  // The ledger is read only when a chain may matter: a lent item, or one found away from this handoff's receiver
  // (with its owner already, a later handoff that moved it on may still hold it: a resumed return settles that too).
  const chained = items.filter((item) => {
    const owner = owners.get(item.itemId);
    if (owner === null || owner === undefined) return item.viaHandoffId !== undefined;
    return item.viaHandoffId !== undefined || owner !== item.newOwnerId || force;
  });
  const records =
    chained.length > 0
      ? await loadRecords(
          store,
          tenantId,
          kind,
          chained.map((i) => i.itemId),
        )
      : new Map<number, HandoffItem[]>();
  const handoffs = createHandoffCache(store, tenantId);
  const outcome = new Map<
    number,
    {
      status: ItemStatus;
      error?: string;
      currentOwnerId?: PortalUserId;
      onwardHandoffId?: HandoffId;
      waitingForNo?: number;
    }
  >();
  const sends: { item: HandoffItem; home: PortalUserId }[] = [];
  /** Other handoffs' records settled by this return (the chain walked through), per handoff. */
  const settled = new Map<HandoffId, ItemUpdate[]>();
  const settle = (records: readonly HandoffItem[], status: ItemStatus, currentOwnerId?: PortalUserId) => {
    for (const record of records) {
      const list = settled.get(record.handoffId) ?? [];
      list.push({
        kind,
        itemId: record.itemId,
        status,
        onwardHandoffId: run.handoff.id,
        ...(currentOwnerId === undefined ? {} : { currentOwnerId }),
      });
      settled.set(record.handoffId, list);
    }
  };
  for (const item of items) {
    const owner: PortalUserId | null | undefined = owners.get(item.itemId);
    if (owner === null || owner === undefined) {
      outcome.set(item.itemId, { status: 'gone' });
      if (item.viaHandoffId !== undefined) {
        settle(await waitingBehind(item, records.get(item.itemId) ?? [item], handoffs), 'gone');
      }
      continue;
    }
    const decision = await decideReturn(item, owner, records.get(item.itemId) ?? [item], handoffs, force);
    if (decision.action === 'kept') {
      // Kept with the person who has it now, so the report can name them; so are earlier lends that waited for it.
      settle(decision.settle, 'kept', owner);
      outcome.set(item.itemId, {
        status: 'kept',
        currentOwnerId: owner,
        ...(decision.by === undefined ? {} : { onwardHandoffId: decision.by }),
      });
    } else if (decision.action === 'wait') {
      // A later handoff covering an absence holds it: it comes home when that one ends (engine/README.md).
      const later = await handoffs.get(decision.onward);
      outcome.set(item.itemId, {
        status: 'moved',
        onwardHandoffId: decision.onward,
        currentOwnerId: owner,
        ...(later ? { waitingForNo: later.no } : {}),
      });
      waiting.set(decision.onward, (waiting.get(decision.onward) ?? 0) + 1);
    } else {
      settle(decision.settle, 'returned');
      if (owner === decision.home) outcome.set(item.itemId, { status: 'returned' });
      else sends.push({ item, home: decision.home });
    }
  }
  if (sends.length > 0) {
    const results = await run.workSystem.setOwners(
      kind,
      sends.map((s) => ({ itemId: s.item.itemId, ownerId: s.home })),
    );
    for (const result of results) {
      if (result.ok) outcome.set(result.itemId, { status: 'returned' });
      else if (result.gone) outcome.set(result.itemId, { status: 'gone' });
      // Not given back: the item stays `moved` with the error, so a later return tries again.
      else outcome.set(result.itemId, { status: 'moved', error: `${result.code}: ${result.message}` });
    }
  }
  // The handoff that lent an item sent back to its receiver may have begun its own return meanwhile (two returns of
  // one chain at the same moment): asked again after the send, a lender that is over by now gets the item home.
  const again = await lendersOverSince(run, sends, outcome, records, force);
  if (again.length > 0) {
    const results = await run.workSystem.setOwners(
      kind,
      again.map((a) => ({ itemId: a.item.itemId, ownerId: a.home })),
    );
    for (const [index, result] of results.entries()) {
      const settleAlso = again[index]?.settle;
      if (result.ok && settleAlso) settle(settleAlso, 'returned');
    }
    run.log.info({ kind, items: again.length }, 'lent items sent on home: their lender came back meanwhile');
  }
  // The chain's other records follow only what really happened to the item.
  for (const [handoffId, updates] of settled) {
    const done = updates.filter((u) => outcome.get(u.itemId)?.status === u.status);
    if (done.length === 0) continue;
    await store.updateItems(tenantId, handoffId, done);
    chain.settled.set(handoffId, (chain.settled.get(handoffId) ?? 0) + done.length);
  }
  const updates: ItemUpdate[] = [];
  for (const item of items) {
    const result = outcome.get(item.itemId) ?? { status: 'moved', error: 'no result from the portal' };
    updates.push({
      kind,
      itemId: item.itemId,
      status: result.status,
      ...(result.error ? { error: result.error } : {}),
      ...(result.currentOwnerId !== undefined ? { currentOwnerId: result.currentOwnerId } : {}),
      ...(result.onwardHandoffId !== undefined ? { onwardHandoffId: result.onwardHandoffId } : {}),
    });
  }
  await run.ctx.store.updateItems(run.handoff.tenantId, run.handoff.id, updates);
  items.forEach((item, index) => {
    const update = updates[index];
    if (!update) return;
    recordOutcome(run, item.status, {
      kind,
      itemId: item.itemId,
      title: item.title,
      status: update.status,
      newOwnerId: item.newOwnerId,
      originalOwnerId: item.originalOwnerId,
      ...(update.error ? { error: update.error } : {}),
      ...(update.currentOwnerId !== undefined ? { currentOwnerId: update.currentOwnerId } : {}),
      ...waitingOf(outcome.get(item.itemId)?.waitingForNo),
    });
  });
  run.log.debug({ kind, items: items.length, sent: sends.length, settled: settled.size }, 'batch.done');
  emitProgress(run);
  await run.notify.relieve();
}
