/**
 * Reading current owners where a kind the portal no longer offers (a smart process deleted since the handoff was
 * planned: the adapter refuses it with HandoffError `unknown_kind`) means every item of that kind is gone.
 * @module
 */
import { isHandoffError } from './errors.js';
import type { PortalUserId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { WorkSystem } from './ports.js';

/** True for the adapter's refusal of a kind this portal does not (or no longer) offer. */
export function isVanishedKind(error: unknown): boolean {
  return isHandoffError(error) && error.code === 'unknown_kind';
}

/** Like WorkSystem.readOwners, but a vanished kind maps every item to null (gone) instead of throwing. */
export async function readOwnersOrGone(
  workSystem: WorkSystem,
  kind: EntityKind,
  itemIds: readonly number[],
): Promise<ReadonlyMap<number, PortalUserId | null>> {
  try {
    return await workSystem.readOwners(kind, itemIds);
  } catch (err) {
    if (!isVanishedKind(err)) throw err;
    return new Map(itemIds.map((id) => [id, null]));
  }
}
