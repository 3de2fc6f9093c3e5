/**
 * List sources over the portal's stores, for runList.
 * @module
 */
import type { EntityKind } from '../../../engine/kinds.js';
import type { StoredItem } from '../item-store.js';
import type { SandboxPortal } from '../portal.js';
import type { ListSource } from '../query.js';

export function itemSource(portal: SandboxPortal, kind: EntityKind): ListSource<StoredItem> {
  return {
    allIds: () => portal.store.allIds(kind),
    idsOfOwner: (ownerId) => portal.store.idsOfOwner(kind, ownerId),
    lookup: (id) => portal.store.get(kind, id),
  };
}

/** A source over a small array of records with numeric ids. */
export function arraySource<T>(rows: readonly T[], idOf: (row: T) => number): ListSource<T> {
  const byId = new Map(rows.map((row) => [idOf(row), row] as const));
  const ids = [...byId.keys()].sort((a, b) => a - b);
  return { allIds: () => ids, lookup: (id) => byId.get(id) };
}
