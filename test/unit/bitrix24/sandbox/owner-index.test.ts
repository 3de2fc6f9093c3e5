/** The owner index: ascending ids per owner through moves away, moves back and deletions. */
import { describe, expect, it } from 'vitest';
import { ItemStore } from '../../../../bitrix24/sandbox/item-store.js';

function addDeal(store: ItemStore, ownerId: number): number {
  return store.add('deals', {
    title: 't',
    ownerId,
    stageId: 'NEW',
    categoryId: 0,
    createdBy: ownerId,
    createdAt: 0,
    updatedAt: 0,
    updatedBy: ownerId,
    isMyCompany: false,
    bindingTypeId: 0,
    bindingId: 0,
  }).id;
}

/** The live ids of an owner, as a list call would see them. */
function live(store: ItemStore, ownerId: number): number[] {
  return store.idsOfOwner('deals', ownerId).filter((id) => store.get('deals', id)?.ownerId === ownerId);
}

describe('ItemStore owner index', () => {
  it('keeps each owner list ascending and free of duplicates through moves and deletions', () => {
    const store = new ItemStore();
    const ids = Array.from({ length: 10 }, (_, i) => addDeal(store, i % 2 === 0 ? 1 : 2));

    for (const id of ids.slice(0, 6)) store.setOwner(store.get('deals', id) ?? fail(), 3);
    store.setOwner(store.get('deals', ids[2] ?? 0) ?? fail(), 1);
    store.setOwner(store.get('deals', ids[1] ?? 0) ?? fail(), 1);
    store.delete('deals', ids[8] ?? 0);

    expect(live(store, 1)).toEqual([ids[1], ids[2], ids[6]]);
    expect(live(store, 2)).toEqual([ids[7], ids[9]]);
    expect(live(store, 3)).toEqual([ids[0], ids[3], ids[4], ids[5]]);
    expect(store.idsOfOwner('deals', 1)).toEqual([...new Set(store.idsOfOwner('deals', 1))]);
  });
});

function fail(): never {
  throw new Error('missing item');
}
