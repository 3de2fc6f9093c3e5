/**
 * The department split, pure: how many items each member gets so that open loads end up as even as possible
 * (water-filling over current loads), and a streaming splitter that hands out receivers as items arrive.
 * @module
 */
import type { PortalUserId } from './ids.js';

/** A receiver and how many open items of the kind they hold now. */
export interface MemberLoad {
  readonly userId: PortalUserId;
  readonly load: number;
}

export interface MemberQuota {
  readonly userId: PortalUserId;
  readonly load: number;
  readonly quota: number;
}

function byLoadThenId(a: MemberLoad, b: MemberLoad): number {
  return a.load - b.load || a.userId - b.userId;
}

/**
 * Water-filling: raises the lowest loads first until `total` items are placed. Receivers end within one item of each
 * other, and never above a member who got nothing. Ties go to the lower user id, so the result is deterministic.
 * Returned in user id order.
 * @example waterFill([{ userId: 1, load: 0 }, { userId: 2, load: 4 }], 6) // quotas 5 and 1: loads 5 and 5
 */
export function waterFill(members: readonly MemberLoad[], total: number): MemberQuota[] {
  if (members.length === 0) throw new Error('waterFill needs at least one member');
  const sorted = [...members].sort(byLoadThenId);
  let level = sorted[0]?.load ?? 0;
  let filled = 1;
  let remaining = Math.max(0, Math.floor(total));
  while (filled < sorted.length) {
    const next = sorted[filled]?.load ?? level;
    const cost = (next - level) * filled;
    if (cost > remaining) break;
    remaining -= cost;
    level = next;
    filled += 1;
  }
  const each = Math.floor(remaining / filled);
  const extra = remaining % filled;
  // The filled members all sit at `level` now; the odd items go to the lowest ids among them.
  const extraIds = new Set(
    sorted
      .slice(0, filled)
      .map((m) => m.userId)
      .sort((a, b) => a - b)
      .slice(0, extra),
  );
  return sorted
    .map((member, index) => ({
      userId: member.userId,
      load: member.load,
      quota: index < filled ? level + each - member.load + (extraIds.has(member.userId) ? 1 : 0) : 0,
    }))
    .sort((a, b) => a.userId - b.userId);
}

export interface Splitter {
  /** The receiver of the next item. */
  next(): PortalUserId;
  /** Items handed out so far, per receiver. */
  assigned(): ReadonlyMap<PortalUserId, number>;
}

/**
 * Hands out receivers one item at a time: round-robin in user id order among members with quota left, so that old
 * and new items are spread alike. When more items arrive than were counted (items landed meanwhile), each extra
 * item goes to the member with the lowest load so far, keeping loads within one item.
 */
export function createSplitter(quotas: readonly MemberQuota[]): Splitter {
  if (quotas.length === 0) throw new Error('createSplitter needs at least one member');
  const members = [...quotas].sort((a, b) => a.userId - b.userId);
  const left = members.map((m) => m.quota);
  const given = members.map(() => 0);
  let cursor = 0;
  let quotaLeft = left.reduce((sum, q) => sum + q, 0);

  function pick(): number {
    if (quotaLeft > 0) {
      for (let step = 0; step < members.length; step += 1) {
        const index = (cursor + step) % members.length;
        if ((left[index] ?? 0) > 0) {
          left[index] = (left[index] ?? 0) - 1;
          quotaLeft -= 1;
          cursor = (index + 1) % members.length;
          return index;
        }
      }
    }
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    members.forEach((member, index) => {
      const load = member.load + (given[index] ?? 0);
      if (load < bestLoad) {
        best = index;
        bestLoad = load;
      }
    });
    return best;
  }

  return {
    next() {
      const index = pick();
      given[index] = (given[index] ?? 0) + 1;
      const member = members[index];
      if (!member) throw new Error('splitter index out of range');
      return member.userId;
    },
    assigned() {
      return new Map(members.map((m, index) => [m.userId, given[index] ?? 0]));
    },
  };
}
