/**
 * HandoffStore contract cases for issue 8: the ownership ledger (viaHandoffId on insert, onwardHandoffId by update,
 * findItemRecords across handoffs) and holds by period (scheduled handoffs of one person that do not overlap coexist;
 * overlapping ones are refused naming the one in the way).
 * @module
 */
import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../engine/errors.js';
import type { NewHandoff } from '../../engine/ports.js';
import { newHandoff, newItem, T1, T2 } from './handoff-store.fixtures.js';
import type { SuiteContext } from './handoff-store.suite.js';

const DAY = 86_400_000;

async function refusal(promise: Promise<unknown>): Promise<HandoffError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandoffError);
  return error as HandoffError;
}

/** A temporary handoff of `fromUserId` from `startDay` to `returnDay` (days after the suite clock's start). */
function vacation(
  base: Date,
  fromUserId: number,
  startDay: number,
  returnDay: number,
  status: NewHandoff['status'] = 'scheduled',
): NewHandoff {
  const plain = newHandoff({ fromUserId, status, createdAt: base });
  const startAt = new Date(base.getTime() + startDay * DAY);
  return {
    ...plain,
    plan: {
      ...plain.plan,
      when: { mode: 'temporary', startAt, returnAt: new Date(base.getTime() + returnDay * DAY) },
    },
  };
}

export function registerLedgerCases({ store, clock }: SuiteContext): void {
  describe('the ownership ledger', () => {
    it('stores viaHandoffId on insert and onwardHandoffId by update, and clears onward when an update omits it', async () => {
      const lent = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const onward = await store().createHandoff(newHandoff({ fromUserId: 2 }));
      await store().insertItems(T1, lent.handoff.id, [newItem('deals', 5, 'moved')]);
      await store().insertItems(T1, onward.handoff.id, [
        { ...newItem('deals', 5, 'pending'), viaHandoffId: lent.handoff.id },
        newItem('deals', 6, 'pending'),
      ]);
      await store().updateItems(T1, lent.handoff.id, [
        { kind: 'deals', itemId: 5, status: 'moved', onwardHandoffId: onward.handoff.id },
      ]);

      const [lentRow] = await store().listItems(T1, lent.handoff.id);
      const onwardRows = await store().listItems(T1, onward.handoff.id);
      expect(lentRow?.onwardHandoffId).toBe(onward.handoff.id);
      expect(lentRow?.viaHandoffId).toBeUndefined();
      expect(onwardRows[0]?.viaHandoffId).toBe(lent.handoff.id);
      expect(onwardRows[1]?.viaHandoffId).toBeUndefined();
      expect(onwardRows[0]?.onwardHandoffId).toBeUndefined();

      await store().updateItems(T1, lent.handoff.id, [{ kind: 'deals', itemId: 5, status: 'returned' }]);
      expect((await store().listItems(T1, lent.handoff.id))[0]?.onwardHandoffId).toBeUndefined();
    });

    it('keeps viaHandoffId through status updates', async () => {
      const lent = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const onward = await store().createHandoff(newHandoff({ fromUserId: 2 }));
      await store().insertItems(T1, onward.handoff.id, [{ ...newItem('tasks', 9), viaHandoffId: lent.handoff.id }]);

      await store().updateItems(T1, onward.handoff.id, [{ kind: 'tasks', itemId: 9, status: 'moved' }]);

      expect((await store().listItems(T1, onward.handoff.id))[0]).toMatchObject({
        status: 'moved',
        viaHandoffId: lent.handoff.id,
      });
    });

    it('finds every record of the asked items across handoffs, by handoff number, filtered by kind and status', async () => {
      const first = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const second = await store().createHandoff(newHandoff({ fromUserId: 2 }));
      await store().insertItems(T1, second.handoff.id, [newItem('deals', 7, 'moved'), newItem('deals', 8, 'moved')]);
      await store().insertItems(T1, first.handoff.id, [
        newItem('deals', 7, 'returned'),
        newItem('deals', 9, 'moved'),
        newItem('tasks', 7, 'moved'),
      ]);

      const all = await store().findItemRecords(T1, 'deals', [7, 8, 404]);
      const moved = await store().findItemRecords(T1, 'deals', [7, 8], ['moved']);

      expect(all.map((i) => [i.handoffId, i.itemId, i.status])).toEqual([
        [first.handoff.id, 7, 'returned'],
        [second.handoff.id, 7, 'moved'],
        [second.handoff.id, 8, 'moved'],
      ]);
      expect(moved.map((i) => i.itemId)).toEqual([7, 8]);
      expect(all[0]).toMatchObject({ tenantId: T1, kind: 'deals', title: 'deals #7', originalOwnerId: 1 });
      expect(await store().findItemRecords(T1, 'deals', [])).toEqual([]);
    });

    it('never shows another tenant’s records', async () => {
      const mine = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const theirs = await store().createHandoff(newHandoff({ tenantId: T2, fromUserId: 1 }));
      await store().insertItems(T1, mine.handoff.id, [newItem('deals', 1, 'moved')]);
      await store().insertItems(T2, theirs.handoff.id, [newItem('deals', 1, 'moved')]);

      const found = await store().findItemRecords(T1, 'deals', [1]);

      expect(found.map((i) => i.handoffId)).toEqual([mine.handoff.id]);
    });

    it('answers a long id list in one call', async () => {
      const handoff = await store().createHandoff(newHandoff({ fromUserId: 1 }));
      const ids = Array.from({ length: 1200 }, (_, i) => i + 1);
      await store().insertItems(
        T1,
        handoff.handoff.id,
        ids.map((id) => newItem('deals', id, 'moved')),
      );

      expect(await store().findItemRecords(T1, 'deals', ids)).toHaveLength(1200);
    });
  });

  describe('holds by period', () => {
    it('lets one person have several scheduled handoffs whose periods do not overlap', async () => {
      const base = clock().now();
      const spring = await store().createHandoff(vacation(base, 3, 10, 20));
      const summer = await store().createHandoff(vacation(base, 3, 100, 114));
      const between = await store().createHandoff(vacation(base, 3, 20, 30));

      expect([spring.created, summer.created, between.created]).toEqual([true, true, true]);
    });

    it('refuses an overlapping one, naming the handoff in the way', async () => {
      const base = clock().now();
      await store().createHandoff(vacation(base, 3, 10, 20));
      await store().createHandoff(vacation(base, 3, 100, 114));

      const error = await refusal(store().createHandoff(vacation(base, 3, 110, 120)));

      expect(error.code).toBe('already_running');
      expect(error.details.handoffNo).toBe(2);
    });

    it('refuses a permanent handoff starting before a scheduled vacation, and allows one starting after it', async () => {
      const base = clock().now();
      await store().createHandoff(vacation(base, 3, 10, 20));
      const before = newHandoff({ fromUserId: 3, status: 'scheduled', createdAt: base });
      const after = newHandoff({ fromUserId: 3, status: 'scheduled', createdAt: base });

      const error = await refusal(
        store().createHandoff({
          ...before,
          plan: { ...before.plan, when: { mode: 'permanent', startAt: new Date(base.getTime() + 5 * DAY) } },
        }),
      );
      const later = await store().createHandoff({
        ...after,
        plan: { ...after.plan, when: { mode: 'permanent', startAt: new Date(base.getTime() + 25 * DAY) } },
      });

      expect(error.details.handoffNo).toBe(1);
      expect(later.created).toBe(true);
    });

    it('holds a handoff under way past its return instant until it ends', async () => {
      const base = clock().now();
      const first = await store().createHandoff(vacation(base, 3, 0, 1, 'running'));
      clock().advance(2 * DAY);

      const error = await refusal(store().createHandoff(newHandoff({ fromUserId: 3, createdAt: clock().now() })));
      await store().updateHandoff(T1, first.handoff.id, { status: 'returned' });
      const next = await store().createHandoff(newHandoff({ fromUserId: 3, createdAt: clock().now() }));

      expect(error.details.handoffNo).toBe(1);
      expect(next.created).toBe(true);
    });

    it('lets a lending handoff start returning while a later vacation of the same person is scheduled', async () => {
      const base = clock().now();
      const spring = await store().createHandoff(vacation(base, 3, 0, 10, 'return_scheduled'));
      await store().createHandoff(vacation(base, 3, 100, 114));
      clock().advance(10 * DAY);

      const returning = await store().updateHandoff(T1, spring.handoff.id, { status: 'returning' });

      expect(returning?.status).toBe('returning');
    });

    it('back to back, past the turn: the first may still start returning; the second may not start until it has', async () => {
      const base = clock().now();
      const first = await store().createHandoff(vacation(base, 3, 0, 10, 'return_scheduled'));
      const second = await store().createHandoff(vacation(base, 3, 10, 20));
      clock().advance(10 * DAY + 60_000);

      const refused = await refusal(store().updateHandoff(T1, second.handoff.id, { status: 'running' }));
      const returning = await store().updateHandoff(T1, first.handoff.id, { status: 'returning' });
      await store().updateHandoff(T1, first.handoff.id, { status: 'returned' });
      const running = await store().updateHandoff(T1, second.handoff.id, { status: 'running' });

      expect(refused.details.handoffNo).toBe(1);
      expect(returning?.status).toBe('returning');
      expect(running?.status).toBe('running');
    });

    it('undoing a permanent handoff waits only for a handoff of the same person that is due, not a later plan', async () => {
      const base = clock().now();
      const gift = await store().createHandoff(newHandoff({ fromUserId: 3, status: 'completed', createdAt: base }));
      await store().createHandoff(vacation(base, 3, 30, 40));
      const due = await store().createHandoff(newHandoff({ fromUserId: 4, status: 'completed', createdAt: base }));
      await store().createHandoff(newHandoff({ fromUserId: 4, status: 'scheduled', createdAt: base }));

      const undone = await store().updateHandoff(T1, gift.handoff.id, { status: 'returning' });
      const refused = await refusal(store().updateHandoff(T1, due.handoff.id, { status: 'returning' }));

      expect(undone?.status).toBe('returning');
      expect(refused.details.handoffNo).toBe(4);
    });

    it('refuses to move a status into an overlapping hold and changes nothing', async () => {
      const base = clock().now();
      const first = await store().createHandoff(vacation(base, 3, 10, 20));
      await store().updateHandoff(T1, first.handoff.id, { status: 'cancelled' });
      await store().createHandoff(vacation(base, 3, 15, 25));

      const error = await refusal(store().updateHandoff(T1, first.handoff.id, { status: 'scheduled' }));

      expect(error.details.handoffNo).toBe(2);
      expect((await store().getHandoff(T1, first.handoff.id))?.status).toBe('cancelled');
    });

    it('lets exactly one of concurrent overlapping creations through', async () => {
      const base = clock().now();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, () => store().createHandoff(vacation(base, 11, 10, 20))),
      );

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    });

    it('patches that change neither status nor period never refuse', async () => {
      const base = clock().now();
      const first = await store().createHandoff(vacation(base, 3, 0, 1, 'running'));
      await store().createHandoff(vacation(base, 3, 5, 9));
      clock().advance(6 * DAY);

      const patched = await store().updateHandoff(T1, first.handoff.id, { surfaceState: { ts: '1' } });

      expect(patched?.surfaceState).toEqual({ ts: '1' });
    });
  });
}
