/**
 * HandoffStore contract cases for handoffs: numbering, the already_running rule, idempotency, compare-and-set
 * updates, listing filters, exact round-trips and tenant isolation.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../engine/errors.js';
import { toHandoffId, toPortalUserId } from '../../engine/ids.js';
import type { Handoff } from '../../engine/model.js';
import { newHandoff, richHandoff, T1, T2 } from './handoff-store.fixtures.js';
import type { SuiteContext } from './handoff-store.suite.js';

async function refusal(promise: Promise<unknown>): Promise<HandoffError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandoffError);
  return error as HandoffError;
}

export function registerHandoffCases({ store, clock }: SuiteContext): void {
  describe('createHandoff numbering', () => {
    it('numbers handoffs per tenant from 1, independently for each tenant', async () => {
      const a1 = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const a2 = await store().createHandoff(newHandoff({ fromUserId: 2 }));
      const b1 = await store().createHandoff(newHandoff({ tenantId: T2, fromUserId: 1 }));

      expect([a1.handoff.no, a2.handoff.no, b1.handoff.no]).toEqual([1, 2, 1]);
      expect(a1.created && a2.created && b1.created).toBe(true);
    });

    it('gives concurrent creations distinct consecutive numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().createHandoff(newHandoff({ fromUserId: i + 1 }))),
      );

      const numbers = results.map((r) => r.handoff.no).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('stores a new handoff with updatedAt = createdAt and cancelRequested false', async () => {
      const input = newHandoff();

      const { handoff } = await store().createHandoff(input);

      expect(handoff.updatedAt).toEqual(input.createdAt);
      expect(handoff.cancelRequested).toBe(false);
      expect(await store().getHandoff(T1, input.id)).toStrictEqual(handoff);
    });
  });

  describe('createHandoff already_running', () => {
    it('refuses a second handoff of the same from-user with the number of the one in the way', async () => {
      await store().createHandoff(newHandoff({ fromUserId: 7 }));
      const first = await store().createHandoff(newHandoff({ fromUserId: 8 }));
      await store().updateHandoff(T1, first.handoff.id, { status: 'return_scheduled' });

      const error = await refusal(store().createHandoff(newHandoff({ fromUserId: 8 })));

      expect(error.code).toBe('already_running');
      expect(error.details.handoffNo).toBe(2);
    });

    it.each(['scheduled', 'running', 'return_scheduled', 'returning'] as const)(
      'holds the from-user while %s',
      async (status) => {
        await store().createHandoff(newHandoff({ fromUserId: 3, status }));

        const error = await refusal(store().createHandoff(newHandoff({ fromUserId: 3 })));

        expect(error.code).toBe('already_running');
      },
    );

    it('lets exactly one of several concurrent creations for the same from-user through', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => store().createHandoff(newHandoff({ fromUserId: 5 }))),
      );

      const ok = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter(
        (o) => o.status === 'rejected' && o.reason instanceof HandoffError && o.reason.code === 'already_running',
      );
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(7);
    });

    it.each(['completed', 'completed_with_errors', 'failed', 'cancelled', 'returned'] as const)(
      'releases the from-user once the handoff is %s',
      async (status) => {
        const first = await store().createHandoff(newHandoff({ fromUserId: 4 }));
        await store().updateHandoff(T1, first.handoff.id, { status });

        const second = await store().createHandoff(newHandoff({ fromUserId: 4 }));

        expect(second.created).toBe(true);
        expect(second.handoff.no).toBe(2);
      },
    );

    it('does not let dry runs block anyone, nor be blocked', async () => {
      await store().createHandoff(newHandoff({ fromUserId: 6, dryRun: true }));
      const real = await store().createHandoff(newHandoff({ fromUserId: 6 }));
      const dry = await store().createHandoff(newHandoff({ fromUserId: 6, dryRun: true }));

      expect(real.created).toBe(true);
      expect(dry.created).toBe(true);
    });

    it('does not hold the same from-user across tenants', async () => {
      await store().createHandoff(newHandoff({ fromUserId: 9 }));

      const other = await store().createHandoff(newHandoff({ tenantId: T2, fromUserId: 9 }));

      expect(other.created).toBe(true);
    });

    // Beyond the port's words, but needed for the rule to hold: a status change back into an active status (undo,
    // return) while another handoff holds the from-user is refused the same way.
    it('refuses to move a finished handoff back into an active status while another holds the from-user', async () => {
      const first = await store().createHandoff(newHandoff({ fromUserId: 10 }));
      await store().updateHandoff(T1, first.handoff.id, { status: 'completed' });
      await store().createHandoff(newHandoff({ fromUserId: 10 }));

      const error = await refusal(store().updateHandoff(T1, first.handoff.id, { status: 'returning' }));

      expect(error.code).toBe('already_running');
      expect(error.details.handoffNo).toBe(2);
      expect((await store().getHandoff(T1, first.handoff.id))?.status).toBe('completed');
    });
  });

  describe('createHandoff idempotency', () => {
    it('returns the first handoff for a key already used by this tenant, even while it holds the from-user', async () => {
      const first = await store().createHandoff(newHandoff({ fromUserId: 1 }), 'key-1');

      const again = await store().createHandoff(newHandoff({ fromUserId: 1 }), 'key-1');

      expect(again.created).toBe(false);
      expect(again.handoff).toStrictEqual(first.handoff);
    });

    it('keeps keys per tenant and creates a new handoff for a new key', async () => {
      const first = await store().createHandoff(newHandoff({ fromUserId: 1, dryRun: true }), 'key-1');

      const otherTenant = await store().createHandoff(newHandoff({ tenantId: T2, fromUserId: 1 }), 'key-1');
      const otherKey = await store().createHandoff(newHandoff({ fromUserId: 1, dryRun: true }), 'key-2');

      expect(otherTenant.created).toBe(true);
      expect(otherKey.created).toBe(true);
      expect(otherKey.handoff.id).not.toBe(first.handoff.id);
      expect(otherKey.handoff.no).toBe(2);
    });

    it('returns the one handoff to concurrent creations with the same key', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store().createHandoff(newHandoff({ fromUserId: 2, dryRun: true }), 'same')),
      );

      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.handoff.id)).size).toBe(1);
    });
  });

  describe('round-trips', () => {
    it('reads back the plan, targets and every Date exactly', async () => {
      const input = richHandoff();
      const { handoff } = await store().createHandoff(input);
      clock().set(new Date('2026-12-20T09:00:01.789Z'));

      const updated = await store().updateHandoff(T1, input.id, {
        status: 'running',
        startedAt: new Date('2026-12-20T09:00:01.000Z'),
        surfaceState: { ts: '1.2' },
        error: 'x',
      });
      const read = await store().getHandoff(T1, input.id);

      const expected: Handoff = {
        ...input,
        no: handoff.no,
        cancelRequested: false,
        updatedAt: new Date('2026-12-20T09:00:01.789Z'),
        status: 'running',
        startedAt: new Date('2026-12-20T09:00:01.000Z'),
        surfaceState: { ts: '1.2' },
        error: 'x',
      };
      expect(updated).toStrictEqual(expected);
      expect(read).toStrictEqual(expected);
      expect(read?.plan.when.startAt).toBeInstanceOf(Date);
      expect(await store().getHandoffByNo(T1, handoff.no)).toStrictEqual(expected);
    });
  });

  describe('updateHandoff', () => {
    it('applies a patch when the status is one of `expect` and returns the updated handoff', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ status: 'scheduled' }));
      clock().advance(1000);

      const updated = await store().updateHandoff(T1, handoff.id, { status: 'running' }, ['scheduled']);

      expect(updated?.status).toBe('running');
      expect(updated?.updatedAt).toEqual(clock().now());
    });

    it('returns null and changes nothing when the status is not one of `expect`', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ status: 'running' }));

      const updated = await store().updateHandoff(T1, handoff.id, { status: 'cancelled' }, ['scheduled']);

      expect(updated).toBeNull();
      expect(await store().getHandoff(T1, handoff.id)).toStrictEqual(handoff);
    });

    it('lets exactly one of two concurrent compare-and-sets win', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ status: 'scheduled' }));

      const [a, b] = await Promise.all([
        store().updateHandoff(T1, handoff.id, { status: 'running' }, ['scheduled']),
        store().updateHandoff(T1, handoff.id, { status: 'cancelled' }, ['scheduled']),
      ]);

      expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    });

    it('returns null for an unknown handoff', async () => {
      expect(await store().updateHandoff(T1, toHandoffId(randomUUID()), { status: 'running' })).toBeNull();
    });

    it('clears the error with null, merges surface state and replaces a temporary plan’s return instant', async () => {
      const { handoff } = await store().createHandoff(richHandoff());
      await store().updateHandoff(T1, handoff.id, { error: 'boom', surfaceState: { a: '1', b: '2' } });

      const updated = await store().updateHandoff(T1, handoff.id, {
        error: null,
        surfaceState: { b: '3', c: '4' },
        returnAt: new Date('2026-12-24T00:00:00.000Z'),
        cancelRequested: true,
      });

      expect(updated?.error).toBeUndefined();
      expect(updated && 'error' in updated).toBe(false);
      expect(updated?.surfaceState).toEqual({ a: '1', b: '3', c: '4' });
      expect(updated?.plan.when).toEqual({ ...handoff.plan.when, returnAt: new Date('2026-12-24T00:00:00.000Z') });
      expect(updated?.cancelRequested).toBe(true);
    });
  });

  describe('listHandoffs', () => {
    it('lists newest first with limit, beforeNo and status filters', async () => {
      for (let i = 1; i <= 5; i++) await store().createHandoff(newHandoff({ fromUserId: i, status: 'completed' }));
      await store().createHandoff(newHandoff({ fromUserId: 6, status: 'running' }));

      const page = await store().listHandoffs(T1, { limit: 2, beforeNo: 5 });
      const running = await store().listHandoffs(T1, { statuses: ['running', 'failed'] });
      const all = await store().listHandoffs(T1);

      expect(page.map((h) => h.no)).toEqual([4, 3]);
      expect(running.map((h) => h.no)).toEqual([6]);
      expect(all.map((h) => h.no)).toEqual([6, 5, 4, 3, 2, 1]);
    });

    it('defaults to 20 and caps at 200', async () => {
      for (let i = 1; i <= 205; i++) await store().createHandoff(newHandoff({ fromUserId: i, dryRun: true }));

      expect(await store().listHandoffs(T1)).toHaveLength(20);
      expect(await store().listHandoffs(T1, { limit: 1000 })).toHaveLength(200);
    });

    it('finds handoffs involving a user as from-user, receiver (user or department member) or initiator', async () => {
      const asFrom = await store().createHandoff(newHandoff({ fromUserId: 50, toUserId: 2 }));
      const asReceiver = await store().createHandoff(newHandoff({ fromUserId: 3, toUserId: 50 }));
      const asInitiator = await store().createHandoff(newHandoff({ fromUserId: 4, initiatorId: 50 }));
      const asMember = await store().createHandoff(richHandoff());
      await store().createHandoff(newHandoff({ fromUserId: 5 }));

      const mine = await store().listHandoffs(T1, { involvingUserId: toPortalUserId(50) });
      const member = await store().listHandoffs(T1, { involvingUserId: toPortalUserId(71) });

      expect(mine.map((h) => h.no)).toEqual([asInitiator.handoff.no, asReceiver.handoff.no, asFrom.handoff.no]);
      expect(member.map((h) => h.no)).toEqual([asMember.handoff.no]);
    });
  });

  describe('tenant isolation (handoffs)', () => {
    it('treats another tenant’s handoff id and number like unknown ones', async () => {
      const { handoff } = await store().createHandoff(newHandoff({ status: 'scheduled' }));

      expect(await store().getHandoff(T2, handoff.id)).toBeNull();
      expect(await store().getHandoffByNo(T2, handoff.no)).toBeNull();
      expect(await store().listHandoffs(T2)).toEqual([]);
      expect(await store().updateHandoff(T2, handoff.id, { status: 'cancelled' })).toBeNull();
      expect(await store().updateHandoff(T2, handoff.id, { status: 'cancelled' }, ['scheduled'])).toBeNull();
      expect((await store().getHandoff(T1, handoff.id))?.status).toBe('scheduled');
    });

    it('keeps idempotency keys of one tenant from returning another tenant’s handoff', async () => {
      const theirs = await store().createHandoff(newHandoff({ tenantId: T2 }), 'shared-key');

      const mine = await store().createHandoff(newHandoff(), 'shared-key');

      expect(mine.created).toBe(true);
      expect(mine.handoff.tenantId).toBe(T1);
      expect(mine.handoff.id).not.toBe(theirs.handoff.id);
    });
  });
}
