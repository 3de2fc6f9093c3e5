/**
 * The one place item updates happen through the API: existence, injected denials, owner validation (unknown or
 * inactive users are refused like the real portal refuses them), and the update counter. Setting the value an item
 * already has still counts as an update call, so tests can see double work, but changes nothing else.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import type { SandboxApiError } from './api-error.js';
import type { StoredItem } from './item-store.js';
import type { SandboxPortal } from './portal.js';

export interface UpdateErrors {
  notFound(): SandboxApiError;
  denied(): SandboxApiError;
  badOwner(): SandboxApiError;
  badStage?(): SandboxApiError;
}

export interface ItemChange {
  /** The raw owner value from the request (a number or a numeric string). */
  readonly owner?: unknown;
  readonly title?: unknown;
  readonly stageId?: unknown;
}

/** Looks an item up for reading, honouring nothing but existence. */
export function findItem(portal: SandboxPortal, kind: EntityKind, id: number, errors: UpdateErrors): StoredItem {
  const item = portal.store.get(kind, id);
  if (!item) throw errors.notFound();
  return item;
}

export function applyUpdate(
  portal: SandboxPortal,
  kind: EntityKind,
  id: number,
  change: ItemChange,
  callerId: number,
  errors: UpdateErrors,
): StoredItem {
  const item = findItem(portal, kind, id, errors);
  if (portal.faults.isDenied(kind, id)) throw errors.denied();
  let ownerId: number | undefined;
  if (change.owner !== undefined) {
    ownerId = Number(change.owner);
    if (!Number.isInteger(ownerId) || !portal.directory.isAssignable(ownerId)) throw errors.badOwner();
  }
  if (change.stageId !== undefined && !portal.stages.hasStage(kind, String(change.stageId))) {
    throw (errors.badStage ?? errors.badOwner)();
  }
  item.updateCount += 1;
  let changed = false;
  if (ownerId !== undefined && ownerId !== item.ownerId) {
    portal.store.setOwner(item, ownerId);
    changed = true;
  }
  if (change.title !== undefined && String(change.title) !== item.title) {
    item.title = String(change.title);
    changed = true;
  }
  if (change.stageId !== undefined && String(change.stageId) !== item.stageId) {
    item.stageId = String(change.stageId);
    changed = true;
  }
  if (changed) {
    item.updatedAt = portal.now();
    item.updatedBy = callerId;
  }
  return item;
}
