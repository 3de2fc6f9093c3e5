import { describe, expect, it } from 'vitest';
import { CountCache } from '../../../bitrix24/count-cache.js';
import { toPortalUserId } from '../../../engine/ids.js';

describe('CountCache', () => {
  const anna = toPortalUserId(12);

  it('reuses a count within its lifetime, per kind, owner and scope', () => {
    let now = 0;
    const cache = new CountCache(() => now, 10_000);
    cache.set('deals', anna, 'open', 7);

    now = 10_000;
    const fresh = cache.get('deals', anna, 'open');
    const otherScope = cache.get('deals', anna, 'all');
    now = 10_001;
    const stale = cache.get('deals', anna, 'open');

    expect([fresh, otherScope, stale]).toEqual([7, undefined, undefined]);
  });

  it('forgets a kind when we change its owners; other kinds stay', () => {
    const cache = new CountCache(() => 0);
    cache.set('deals', anna, 'open', 7);
    cache.set('tasks', anna, 'open', 3);

    cache.forgetKind('deals');

    expect([cache.get('deals', anna, 'open'), cache.get('tasks', anna, 'open')]).toEqual([undefined, 3]);
  });

  it('a lifetime of 0 keeps nothing', () => {
    const cache = new CountCache(() => 0, 0);
    cache.set('deals', anna, 'open', 7);

    expect(cache.get('deals', anna, 'open')).toBeUndefined();
  });
});
