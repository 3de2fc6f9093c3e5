/**
 * Enumerate and move: streams the from-user's items of each kind page by page (never all in memory), skips what the
 * handoff already stored, picks each item's receiver (one person, or the department split) and feeds the batcher.
 * Shared by the transfer and the sweep.
 * @module
 */
import { listAwayUserIds } from './away.js';
import { type BatchEntry, createBatcher } from './batch.js';
import { HandoffError } from './errors.js';
import type { PortalUserId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { ResolvedTarget } from './model.js';
import { isVanishedKind } from './owners.js';
import type { ItemScope } from './ports.js';
import { keepLease, type Run, shouldStop } from './run.js';
import { createSplitter, waterFill } from './split.js';
import { createStoredLookup } from './stored.js';

export function scopeOf(run: Run): ItemScope {
  return run.handoff.plan.options.allItems ? 'all' : 'open';
}

/** How many items of each kind the from-user holds now (the totals that size the split and the ETA). */
export async function countKinds(run: Run): Promise<Map<EntityKind, number>> {
  const totals = new Map<EntityKind, number>();
  for (const kind of run.handoff.kinds) {
    totals.set(kind, await countOrNone(run, kind));
    // One request per kind: many kinds on a throttled portal take a while. A lost lease shows at the next check.
    await keepLease(run);
  }
  return totals;
}

/** The from-user's items of one kind; none when the portal no longer offers the kind (a deleted smart process). */
async function countOrNone(run: Run, kind: EntityKind): Promise<number> {
  try {
    return await run.workSystem.countItems(kind, run.handoff.plan.fromUserId, scopeOf(run));
  } catch (err) {
    if (!isVanishedKind(err)) throw err;
    return 0;
  }
}

/**
 * The receiver picker of one kind. A department split evens out open loads over the members who are here now
 * (members who went away since the handoff was created are left out, unless that leaves nobody).
 */
async function createAssigner(
  run: Run,
  target: ResolvedTarget,
  total: number,
  away: ReadonlySet<PortalUserId> | undefined,
  kind: EntityKind,
): Promise<() => PortalUserId> {
  if (target.type === 'user') return () => target.userId;
  const fromUserId = run.handoff.plan.fromUserId;
  // The members were fixed when the handoff was created; a scheduled start or a sweep weeks later must not hand
  // items to someone who has left the department or the company since.
  const active = new Set((await run.workSystem.departmentMembers(target.departmentId)).map((m) => m.id));
  const left = target.memberIds.filter((id) => !active.has(id)).length;
  if (left > 0) run.log.info({ kind, left }, 'members left');
  const eligible = target.memberIds.filter((id) => id !== fromUserId && active.has(id));
  const here = eligible.filter((id) => !away?.has(id));
  if (here.length < eligible.length) run.log.info({ kind, away: eligible.length - here.length }, 'members away');
  const members = here.length > 0 ? here : eligible;
  if (members.length === 0) {
    throw new HandoffError(
      'empty_department',
      `Nobody in department ${target.departmentId} can receive items any more.`,
      { field: 'to', departmentId: target.departmentId },
    );
  }
  const loads = [];
  for (const userId of members) {
    loads.push({ userId, load: await run.workSystem.countItems(kind, userId, 'open') });
    await keepLease(run);
  }
  const splitter = createSplitter(waterFill(loads, total));
  return () => splitter.next();
}

/** Moves every not-yet-stored item of the handoff's kinds. Returns early (run.stopped set) when the run must stop. */
export async function enumerateAndMove(run: Run, totals: ReadonlyMap<EntityKind, number>): Promise<void> {
  const { handoff } = run;
  const fromUserId = handoff.plan.fromUserId;
  const hasDepartment = Object.values(handoff.targets).some((t) => t?.type === 'department');
  const away = hasDepartment ? await listAwayUserIds(run.ctx.store, handoff.tenantId) : undefined;
  away?.delete(fromUserId);

  for (const kind of handoff.kinds) {
    const target = handoff.targets[kind];
    if (!target) {
      run.log.warn({ kind }, 'no target for kind');
      continue;
    }
    let stop: boolean;
    try {
      stop = await moveKind(run, kind, target, totals.get(kind), away);
    } catch (err) {
      // A smart process deleted since the handoff was planned: its items went with it; the other kinds go on.
      if (!isVanishedKind(err)) throw err;
      run.log.warn({ kind }, 'the portal no longer offers this kind; skipped');
      continue;
    }
    if (stop) return;
  }
}

/** Moves one kind's not-yet-stored items; true when the run must stop (run.stopped says why). */
async function moveKind(
  run: Run,
  kind: EntityKind,
  target: ResolvedTarget,
  counted: number | undefined,
  away: ReadonlySet<PortalUserId> | undefined,
): Promise<boolean> {
  const { handoff } = run;
  const fromUserId = handoff.plan.fromUserId;
  // Only a department split needs the total up front; a sweep passes no totals and counts here when it must.
  const total =
    counted ?? (target.type === 'department' ? await run.workSystem.countItems(kind, fromUserId, scopeOf(run)) : 0);
  const assign = await createAssigner(run, target, total, away, kind);
  const stored = createStoredLookup(run.ctx.store, handoff.tenantId, handoff.id, kind);
  const batcher = createBatcher(run, kind, handoff.plan.options.dryRun);

  for await (const page of run.workSystem.listItems(kind, fromUserId, scopeOf(run))) {
    // Pages of items stored already flush no batch: keep the lease alive while a long resume lists past them.
    if (!(await keepLease(run))) return true;
    for (const item of page) {
      // Already stored by an earlier run (moved, failed, skipped…): its outcome stands; never update it twice.
      if (await stored.get(item.itemId)) continue;
      const newOwnerId = assign();
      const base = {
        itemId: item.itemId,
        title: item.title,
        originalOwnerId: item.ownerId,
        newOwnerId,
        stored: null,
      };
      const entry: BatchEntry =
        item.ownerId === newOwnerId
          ? { ...base, action: 'record', status: 'skipped', skipReason: 'already_with_target' }
          : { ...base, action: 'send' };
      if ((await batcher.add(entry)) && (await shouldStop(run))) return true;
    }
  }
  await batcher.flush();
  return shouldStop(run);
}
