/**
 * Helpers over ascending id arrays: binary search for the ID cursor, so a page costs O(log n + page).
 * @module
 */

/** The first index whose id is >= `id` (or `ids.length`). */
export function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose id is > `id` (or `ids.length`). */
export function upperBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? 0) <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
