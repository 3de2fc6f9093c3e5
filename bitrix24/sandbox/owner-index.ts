/**
 * Item ids per owner, ascending, so "the items of user A after id N" is O(log n + page) even with 100,000 items.
 * Moving an item away leaves a stale entry (skipped on read, compacted when stale ones dominate); moving one in
 * appends and sorts lazily on the next read. A mass reassignment therefore costs O(1) per update instead of an
 * O(n) splice.
 * @module
 */

interface OwnerList {
  ids: number[];
  sorted: boolean;
  stale: number;
}

export class OwnerIndex {
  private readonly lists = new Map<number, OwnerList>();

  /** Records that `id` now belongs to `ownerId` (ids arrive ascending when seeding, so the list stays sorted). */
  add(ownerId: number, id: number): void {
    let list = this.lists.get(ownerId);
    if (!list) {
      list = { ids: [], sorted: true, stale: 0 };
      this.lists.set(ownerId, list);
    }
    const last = list.ids[list.ids.length - 1];
    if (last !== undefined && id <= last) list.sorted = false;
    list.ids.push(id);
  }

  /** Records that `id` left `ownerId`; its entry becomes stale. */
  remove(ownerId: number): void {
    const list = this.lists.get(ownerId);
    if (list) list.stale += 1;
  }

  /**
   * The ascending ids filed under `ownerId`. Entries may be stale: callers check the item's current owner. `isLive`
   * lets compaction drop stale entries and duplicates.
   */
  idsOf(ownerId: number, isLive: (id: number) => boolean): readonly number[] {
    const list = this.lists.get(ownerId);
    if (!list) return [];
    if (!list.sorted || list.stale * 2 > list.ids.length) {
      const live = list.ids.filter(isLive);
      live.sort((a, b) => a - b);
      list.ids = live.filter((id, i) => i === 0 || live[i - 1] !== id);
      list.sorted = true;
      list.stale = 0;
    }
    return list.ids;
  }
}
