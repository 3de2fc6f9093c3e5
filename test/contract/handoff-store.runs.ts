/**
 * HandoffStore contract cases for the run lease (claimRun / renewRun / releaseRun: two owners, expiry, renewal,
 * release, tenant isolation, independence from updateHandoff) and for findByIdempotencyKey.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHandoffId } from '../../engine/ids.js';
import { newHandoff, T1, T2 } from './handoff-store.fixtures.js';
import type { SuiteContext } from './handoff-store.suite.js';

const MINUTE = 60_000;

export function registerRunCases({ store, clock }: SuiteContext): void {
  /** An instant `ms` after the suite clock's now. */
  const at = (ms: number) => new Date(clock().now().getTime() + ms);

  describe('run lease', () => {
    it('gives a free lease to the first owner and refuses a second owner while it lasts', async () => {
      const { handoff } = await store().createHandoff(newHandoff());

      const a = await store().claimRun(T1, handoff.id, 'run-a', at(2 * MINUTE), at(0));
      const b = await store().claimRun(T1, handoff.id, 'run-b', at(2 * MINUTE), at(MINUTE));

      expect(a).toBe(true);
      expect(b).toBe(false);
    });

    it('lets exactly one of several concurrent claims by different owners through', async () => {
      const { handoff } = await store().createHandoff(newHandoff());

      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store().claimRun(T1, handoff.id, `run-${i}`, at(MINUTE), at(0))),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('lets the holder claim again (extending its lease)', async () => {
      const { handoff } = await store().createHandoff(newHandoff());
      await store().claimRun(T1, handoff.id, 'run-a', at(MINUTE), at(0));

      const again = await store().claimRun(T1, handoff.id, 'run-a', at(3 * MINUTE), at(30_000));
      const other = await store().claimRun(T1, handoff.id, 'run-b', at(3 * MINUTE), at(2 * MINUTE));

      expect(again).toBe(true);
      expect(other).toBe(false);
    });

    it('hands an expired lease to another owner (a crashed holder), at and after its until', async () => {
      const { handoff } = await store().createHandoff(newHandoff());
      await store().claimRun(T1, handoff.id, 'crashed', at(MINUTE), at(0));

      const before = await store().claimRun(T1, handoff.id, 'run-b', at(3 * MINUTE), at(MINUTE - 1));
      const atExpiry = await store().claimRun(T1, handoff.id, 'run-b', at(3 * MINUTE), at(MINUTE));
      const crashedBack = await store().claimRun(T1, handoff.id, 'crashed', at(4 * MINUTE), at(2 * MINUTE));

      expect(before).toBe(false);
      expect(atExpiry).toBe(true);
      expect(crashedBack).toBe(false);
    });

    it('renews the holder’s lease so that others are refused past the first until', async () => {
      const { handoff } = await store().createHandoff(newHandoff());
      await store().claimRun(T1, handoff.id, 'run-a', at(MINUTE), at(0));

      const renewed = await store().renewRun(T1, handoff.id, 'run-a', at(3 * MINUTE));
      const other = await store().claimRun(T1, handoff.id, 'run-b', at(5 * MINUTE), at(2 * MINUTE));

      expect(renewed).toBe(true);
      expect(other).toBe(false);
    });

    it('renews an expired lease nobody took, and refuses to renew one taken over, released or never held', async () => {
      const { handoff } = await store().createHandoff(newHandoff());
      const { handoff: other } = await store().createHandoff(newHandoff({ fromUserId: 2 }));
      await store().claimRun(T1, handoff.id, 'slow', at(MINUTE), at(0));
      await store().claimRun(T1, other.id, 'gone', at(MINUTE), at(0));
      await store().releaseRun(T1, other.id, 'gone');

      const late = await store().renewRun(T1, handoff.id, 'slow', at(4 * MINUTE));
      const takenOver = await store().claimRun(T1, handoff.id, 'fast', at(10 * MINUTE), at(5 * MINUTE));
      const slowAgain = await store().renewRun(T1, handoff.id, 'slow', at(6 * MINUTE));
      const released = await store().renewRun(T1, other.id, 'gone', at(MINUTE));
      const never = await store().renewRun(T1, other.id, 'stranger', at(MINUTE));

      expect(late).toBe(true);
      expect(takenOver).toBe(true);
      expect(slowAgain).toBe(false);
      expect(released).toBe(false);
      expect(never).toBe(false);
    });

    it('frees the lease on release by its holder only', async () => {
      const { handoff } = await store().createHandoff(newHandoff());
      await store().claimRun(T1, handoff.id, 'run-a', at(MINUTE), at(0));

      await store().releaseRun(T1, handoff.id, 'run-b');
      const whileHeld = await store().claimRun(T1, handoff.id, 'run-b', at(MINUTE), at(0));
      await store().releaseRun(T1, handoff.id, 'run-a');
      await store().releaseRun(T1, handoff.id, 'run-a');
      const afterRelease = await store().claimRun(T1, handoff.id, 'run-b', at(MINUTE), at(0));

      expect(whileHeld).toBe(false);
      expect(afterRelease).toBe(true);
    });

    it('keeps leases per handoff', async () => {
      const first = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const second = await store().createHandoff(newHandoff({ fromUserId: 2 }));
      await store().claimRun(T1, first.handoff.id, 'run-a', at(MINUTE), at(0));

      expect(await store().claimRun(T1, second.handoff.id, 'run-b', at(MINUTE), at(0))).toBe(true);
    });

    it('is neither shown nor changed by handoff reads and updates', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ status: 'scheduled' }));
      clock().advance(1000);
      await store().claimRun(T1, handoff.id, 'run-a', at(MINUTE), at(0));
      const afterClaim = await store().getHandoff(T1, handoff.id);

      const updated = await store().updateHandoff(T1, handoff.id, { status: 'running', error: 'x' }, ['scheduled']);
      const other = await store().claimRun(T1, handoff.id, 'run-b', at(MINUTE), at(0));

      expect(afterClaim).toStrictEqual(handoff);
      expect(other).toBe(false);
      expect(updated).toStrictEqual(await store().getHandoff(T1, handoff.id));
      expect(Object.keys(updated ?? {}).some((k) => /run|lease|owner/i.test(k))).toBe(false);
    });

    it('refuses a claim on an unknown handoff or another tenant’s, and leaves theirs alone', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ tenantId: T2 }));
      await store().claimRun(T2, handoff.id, 'theirs', at(MINUTE), at(0));

      const unknown = await store().claimRun(T1, toHandoffId(randomUUID()), 'run-a', at(MINUTE), at(0));
      const crossTenant = await store().claimRun(T1, handoff.id, 'run-a', at(MINUTE), at(0));
      const crossRenew = await store().renewRun(T1, handoff.id, 'theirs', at(MINUTE));
      await store().releaseRun(T1, handoff.id, 'theirs');
      const stillHeld = await store().claimRun(T2, handoff.id, 'run-b', at(MINUTE), at(0));

      expect(unknown).toBe(false);
      expect(crossTenant).toBe(false);
      expect(crossRenew).toBe(false);
      expect(stillHeld).toBe(false);
    });
  });

  describe('findByIdempotencyKey', () => {
    it('finds the handoff created with a key, as it is now, and null for an unused key', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ status: 'scheduled' }), 'key-1');
      await store().updateHandoff(T1, handoff.id, { status: 'completed' });

      const found = await store().findByIdempotencyKey(T1, 'key-1');

      expect(found).toStrictEqual(await store().getHandoff(T1, handoff.id));
      expect(found?.status).toBe('completed');
      expect(await store().findByIdempotencyKey(T1, 'key-2')).toBeNull();
    });

    it('keeps keys per tenant', async () => {
      await store().createHandoff(newHandoff({ tenantId: T2 }), 'shared');

      expect(await store().findByIdempotencyKey(T1, 'shared')).toBeNull();
      expect((await store().findByIdempotencyKey(T2, 'shared'))?.tenantId).toBe(T2);
    });

    it('finds nothing for a handoff created without a key', async () => {
      const { handoff } = await store().createHandoff(newHandoff());

      expect(await store().findByIdempotencyKey(T1, handoff.id)).toBeNull();
    });
  });
}
