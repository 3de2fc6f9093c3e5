/**
 * The transfer of a robot handoff (engine/model.ts RobotSource): reads the deal or lead with the related records its
 * toggles chose, resolves the receiver now (a user, or whoever holds the named role today), records the document's
 * owner and the receiver on the handoff, then moves exactly those records through the same batch step as every other
 * handoff (original owners stored first, re-runs safe). Called by engine/transfer.ts under the run lease.
 * @module
 */
import { listAwayUserIds } from './away.js';
import { createBatcher } from './batch.js';
import { describeDocument, RELATION_KINDS, type RelatedRecords, type RobotSourceLike } from './documents.js';
import { HandoffError } from './errors.js';
import { ENGINE_ACTOR, recordEvent } from './events.js';
import type { PortalUserId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { HandoffEvent, ResolvedTarget, RobotSource, Target } from './model.js';
import type { WorkItem, WorkSystem } from './ports.js';
import { reconcilePending } from './reconcile.js';
import { resolveRole } from './roles.js';
import { keepLease, type Run, shouldStop } from './run.js';
import { createStoredLookup } from './stored.js';

/** The kinds a robot handoff moves: the document's own (when it moves) and one per chosen relation. */
export function robotKinds(source: RobotSourceLike): EntityKind[] {
  const kinds: EntityKind[] = source.includeDocument ? [source.document.kind] : [];
  for (const relation of source.relations) {
    const kind = RELATION_KINDS[relation];
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

function readerOf(workSystem: WorkSystem): NonNullable<WorkSystem['readRelated']> {
  const read = workSystem.readRelated?.bind(workSystem);
  if (!read) {
    throw new HandoffError('invalid_plan', "This portal connection cannot read a document's related records.", {
      field: 'source',
      reason: 'related records not supported',
    });
  }
  return read;
}

async function mustBeActive(workSystem: WorkSystem, userId: PortalUserId): Promise<PortalUserId> {
  const user = await workSystem.getUser(userId);
  if (!user)
    throw new HandoffError('unknown_user', `User ${userId} does not exist in the portal.`, { field: 'to', userId });
  if (!user.active) throw new HandoffError('inactive_user', `User ${userId} is not active.`, { field: 'to', userId });
  return userId;
}

/**
 * One person for a department: the active member with the fewest open items of the document's kind (ties: the
 * lower id), passing over members who are away (a temporary handoff covers their absence) unless that leaves
 * nobody, as department splits do (engine/enumerate.ts). A document and its related records stay together with one
 * person; they are not spread.
 */
async function pickMember(run: Run, departmentId: number, kind: EntityKind): Promise<PortalUserId> {
  const active = (await run.workSystem.departmentMembers(departmentId)).filter((m) => m.active);
  const away = await listAwayUserIds(run.ctx.store, run.handoff.tenantId);
  const here = active.filter((m) => !away.has(m.id));
  if (here.length < active.length) run.log.info({ departmentId, away: active.length - here.length }, 'members away');
  const members = here.length > 0 ? here : active;
  if (members.length === 0) {
    throw new HandoffError('empty_department', `Nobody in department ${departmentId} can receive items.`, {
      field: 'to',
      departmentId,
    });
  }
  let best: { userId: PortalUserId; load: number } | undefined;
  for (const member of [...members].sort((a, b) => a.id - b.id)) {
    const load = await run.workSystem.countItems(kind, member.id, 'open');
    if (!best || load < best.load) best = { userId: member.id, load };
    await keepLease(run);
  }
  return (best as { userId: PortalUserId }).userId;
}

/** The receiver now: the user named, or whoever holds the role today. */
async function resolveReceiver(run: Run, source: RobotSource): Promise<PortalUserId> {
  if (source.receiver.type === 'user') return mustBeActive(run.workSystem, source.receiver.userId);
  const roles = run.ctx.roles;
  if (!roles) {
    throw new HandoffError('unknown_role', `Role "${source.receiver.name}" cannot be read here.`, {
      field: 'to',
      role: source.receiver.name,
    });
  }
  const { target } = await resolveRole(
    { roles, workSystem: run.workSystem },
    run.handoff.tenantId,
    source.receiver.name,
  );
  return receiverOf(run, target, source);
}

async function receiverOf(run: Run, target: Target, source: RobotSource): Promise<PortalUserId> {
  switch (target.type) {
    case 'user':
      return mustBeActive(run.workSystem, target.userId);
    case 'department':
      return pickMember(run, target.departmentId, source.document.kind);
    case 'head':
      throw new HandoffError('invalid_plan', "A robot's receiver cannot be the owner's head.", { field: 'to' });
    default: {
      const never: never = target;
      throw new HandoffError('invalid_plan', 'Unknown target type.', { field: 'to', reason: JSON.stringify(never) });
    }
  }
}

/** Reads the document and fixes the handoff's from-user and receiver; false when the handoff changed status meanwhile. */
async function resolveOnce(run: Run, source: RobotSource, records: RelatedRecords): Promise<boolean> {
  const document = records.document;
  if (!document) {
    throw new HandoffError('not_found', `The ${describeDocument(source.document)} no longer exists.`, {
      field: 'document',
      reason: 'document_gone',
    });
  }
  const receiverId = await resolveReceiver(run, source);
  const target: ResolvedTarget = { type: 'user', userId: receiverId, via: 'user' };
  const targets = Object.fromEntries(run.handoff.kinds.map((kind) => [kind, target]));
  const updated = await run.ctx.store.updateHandoff(
    run.handoff.tenantId,
    run.handoff.id,
    { resolved: { fromUserId: document.ownerId, to: { type: 'user', userId: receiverId }, targets } },
    ['running'],
  );
  if (!updated) {
    run.stopped = 'status_changed';
    return false;
  }
  run.handoff = updated;
  await recordEvent({ ...run.ctx, logger: run.log }, updated, 'robot.resolved', ENGINE_ACTOR, {
    document: `${source.document.kind}:${source.document.itemId}`,
    ownerId: document.ownerId,
    receiverId,
    ...(source.receiver.type === 'role' ? { role: source.receiver.name } : {}),
  });
  return true;
}

/** Every record to move, per kind, in ascending id order (the stored lookup walks ids upwards). */
function recordsByKind(source: RobotSource, records: RelatedRecords): Map<EntityKind, WorkItem[]> {
  const byKind = new Map<EntityKind, WorkItem[]>();
  const add = (kind: EntityKind, items: readonly WorkItem[]) => {
    const list = byKind.get(kind) ?? [];
    for (const item of items) if (!list.some((i) => i.itemId === item.itemId)) list.push(item);
    byKind.set(kind, list);
  };
  if (source.includeDocument && records.document) add(source.document.kind, [records.document]);
  for (const relation of source.relations) add(RELATION_KINDS[relation], records.related.get(relation) ?? []);
  for (const list of byKind.values()) list.sort((a, b) => a.itemId - b.itemId);
  return byKind;
}

/**
 * Runs a robot handoff's transfer: resolve (once), settle pending items, then move the chosen records (unless an
 * earlier run listed them already). Returns with `run.stopped` set when the run must stop.
 */
export async function runRobotTransfer(run: Run, events: readonly HandoffEvent[], enumerate: boolean): Promise<void> {
  const source = run.handoff.plan.source;
  if (!source) throw new HandoffError('invalid_plan', 'Not a robot handoff.', { field: 'source' });
  const read = readerOf(run.workSystem);
  let records: RelatedRecords | undefined;
  if (!events.some((e) => e.type === 'robot.resolved')) {
    records = await read(source.document, source.relations);
    if (!(await resolveOnce(run, source, records))) return;
  }
  await reconcilePending(run);
  if (run.stopped || !enumerate) return;
  records ??= await read(source.document, source.relations);
  const byKind = recordsByKind(source, records);
  run.expected = run.processed + [...byKind.values()].reduce((sum, list) => sum + list.length, 0);
  const receiverId = (run.handoff.plan.to as { userId: PortalUserId }).userId;
  for (const kind of run.handoff.kinds) {
    const items = byKind.get(kind) ?? [];
    const stored = createStoredLookup(run.ctx.store, run.handoff.tenantId, run.handoff.id, kind);
    const batcher = createBatcher(run, kind, run.handoff.plan.options.dryRun);
    for (const item of items) {
      if (await stored.get(item.itemId)) continue;
      const base = {
        itemId: item.itemId,
        title: item.title,
        originalOwnerId: item.ownerId,
        newOwnerId: receiverId,
        stored: null,
      };
      const flushed = await batcher.add(
        item.ownerId === receiverId
          ? { ...base, action: 'record', status: 'skipped', skipReason: 'already_with_target' }
          : { ...base, action: 'send' },
      );
      if (flushed && (await shouldStop(run))) return;
    }
    await batcher.flush();
    if (await shouldStop(run)) return;
  }
  await recordEvent({ ...run.ctx, logger: run.log }, run.handoff, 'transfer.enumerated', ENGINE_ACTOR, {
    processed: run.processed,
  });
}
