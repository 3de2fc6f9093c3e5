/**
 * HandoffStore contract cases for items and events: insert-ignore, batched updates, the stable order and its cursor,
 * counts, events order and tenant isolation.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../engine/errors.js';
import { type HandoffId, toHandoffId, toPortalUserId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import { emptyStatusCounts, type HandoffItem } from '../../engine/model.js';
import type { ItemFilter } from '../../engine/ports.js';
import { newHandoff, newItem, T1, T2 } from './handoff-store.fixtures.js';
import type { SuiteContext } from './handoff-store.suite.js';

export function registerItemCases({ store, clock }: SuiteContext): void {
  async function aHandoff(): Promise<HandoffId> {
    return (await store().createHandoff(newHandoff())).handoff.id;
  }

  async function allPages(handoffId: HandoffId, filter: ItemFilter): Promise<HandoffItem[]> {
    const seen: HandoffItem[] = [];
    for (let page = 0; page < 100; page++) {
      const last = seen.at(-1);
      const items = await store().listItems(T1, handoffId, {
        ...filter,
        ...(last ? { after: { kind: last.kind, itemId: last.itemId } } : {}),
      });
      if (items.length === 0) return seen;
      seen.push(...items);
    }
    throw new Error('paging did not end');
  }

  describe('insertItems', () => {
    it('inserts new items, leaves stored ones as they are and returns how many were inserted', async () => {
      const id = await aHandoff();
      await store().insertItems(T1, id, [newItem('deals', 1), newItem('deals', 2)]);
      await store().updateItems(T1, id, [{ kind: 'deals', itemId: 1, status: 'moved' }]);

      const inserted = await store().insertItems(T1, id, [
        { ...newItem('deals', 1), title: 'changed', status: 'pending' },
        newItem('deals', 3),
        newItem('tasks', 1, 'skipped'),
      ]);

      expect(inserted).toBe(2);
      const items = await store().listItems(T1, id);
      expect(items.map((i) => [i.kind, i.itemId, i.status, i.title])).toEqual([
        ['deals', 1, 'moved', 'deals #1'],
        ['deals', 2, 'pending', 'deals #2'],
        ['deals', 3, 'pending', 'deals #3'],
        ['tasks', 1, 'skipped', 'tasks #1'],
      ]);
    });

    it('counts a duplicate inside one batch once', async () => {
      const id = await aHandoff();

      const inserted = await store().insertItems(T1, id, [newItem('deals', 1), newItem('deals', 1)]);

      expect(inserted).toBe(1);
    });

    it('keeps items of different handoffs apart', async () => {
      const a = await aHandoff();
      const b = (await store().createHandoff(newHandoff({ fromUserId: 99 }))).handoff.id;

      await store().insertItems(T1, a, [newItem('deals', 1)]);
      const inserted = await store().insertItems(T1, b, [newItem('deals', 1)]);

      expect(inserted).toBe(1);
    });

    it('reads items back exactly, with updatedAt from the clock', async () => {
      const id = await aHandoff();
      clock().set(new Date('2026-04-01T12:00:00.321Z'));

      await store().insertItems(T1, id, [{ ...newItem('spa:1036', 77, 'skipped'), skipReason: 'dry_run' }]);

      const expected: HandoffItem = {
        tenantId: T1,
        handoffId: id,
        kind: 'spa:1036',
        itemId: 77,
        title: 'spa:1036 #77',
        originalOwnerId: toPortalUserId(1),
        newOwnerId: toPortalUserId(2),
        status: 'skipped',
        skipReason: 'dry_run',
        updatedAt: new Date('2026-04-01T12:00:00.321Z'),
      };
      expect(await store().listItems(T1, id)).toStrictEqual([expected]);
    });
  });

  describe('updateItems', () => {
    it('applies updates, sets the error for failed and clears it otherwise, and ignores unknown items', async () => {
      const id = await aHandoff();
      await store().insertItems(T1, id, [newItem('deals', 1), newItem('deals', 2), newItem('tasks', 5)]);
      await store().updateItems(T1, id, [{ kind: 'deals', itemId: 1, status: 'failed', error: 'ACCESS_DENIED' }]);
      clock().advance(5000);

      await store().updateItems(T1, id, [
        { kind: 'deals', itemId: 1, status: 'moved' },
        { kind: 'deals', itemId: 2, status: 'failed', error: 'NOT_FOUND: gone' },
        { kind: 'tasks', itemId: 5, status: 'skipped', skipReason: 'already_with_target' },
        { kind: 'tasks', itemId: 404, status: 'moved' },
        { kind: 'leads', itemId: 1, status: 'moved' },
      ]);

      const items = await store().listItems(T1, id);
      expect(items).toHaveLength(3);
      expect(items[0]).toMatchObject({ itemId: 1, status: 'moved', updatedAt: clock().now() });
      expect(items[0] && 'error' in items[0]).toBe(false);
      expect(items[1]).toMatchObject({ itemId: 2, status: 'failed', error: 'NOT_FOUND: gone' });
      expect(items[2]).toMatchObject({ kind: 'tasks', status: 'skipped', skipReason: 'already_with_target' });
    });

    it('stores who holds a kept item and clears it with a later update that does not carry it', async () => {
      const id = await aHandoff();
      await store().insertItems(T1, id, [newItem('deals', 1), newItem('deals', 2)]);
      const fresh = await store().listItems(T1, id);
      expect(fresh.some((i) => 'currentOwnerId' in i)).toBe(false);

      await store().updateItems(T1, id, [
        { kind: 'deals', itemId: 1, status: 'kept', currentOwnerId: toPortalUserId(42) },
        { kind: 'deals', itemId: 2, status: 'returned' },
      ]);
      const [kept, returned] = await store().listItems(T1, id);
      expect(kept).toMatchObject({ itemId: 1, status: 'kept', currentOwnerId: 42 });
      expect(returned && 'currentOwnerId' in returned).toBe(false);

      await store().updateItems(T1, id, [{ kind: 'deals', itemId: 1, status: 'moved' }]);
      const [again] = await store().listItems(T1, id, { statuses: ['moved'] });
      expect(again).toMatchObject({ itemId: 1, status: 'moved' });
      expect(again && 'currentOwnerId' in again).toBe(false);
    });
  });

  describe('listItems', () => {
    it('lists in kind then itemId order and pages through with the cursor without gaps or repeats', async () => {
      const id = await aHandoff();
      const kinds: EntityKind[] = ['tasks', 'deals', 'spa:128', 'activities'];
      const items = kinds.flatMap((kind) => [30, 2, 11, 100, 7].map((itemId) => newItem(kind, itemId)));
      await store().insertItems(T1, id, items);

      const paged = await allPages(id, { limit: 3 });

      const expectedOrder = [...items]
        .sort((a, b) => (a.kind === b.kind ? a.itemId - b.itemId : a.kind < b.kind ? -1 : 1))
        .map((i) => `${i.kind}/${i.itemId}`);
      expect(paged.map((i) => `${i.kind}/${i.itemId}`)).toEqual(expectedOrder);
    });

    it('filters by statuses and kinds, also while paging', async () => {
      const id = await aHandoff();
      await store().insertItems(T1, id, [
        newItem('deals', 1, 'failed'),
        newItem('deals', 2, 'moved'),
        newItem('deals', 3, 'failed'),
        newItem('tasks', 1, 'failed'),
        newItem('leads', 1, 'failed'),
      ]);

      const failedDealsAndTasks = await allPages(id, { statuses: ['failed'], kinds: ['deals', 'tasks'], limit: 1 });

      expect(failedDealsAndTasks.map((i) => `${i.kind}/${i.itemId}`)).toEqual(['deals/1', 'deals/3', 'tasks/1']);
    });

    it('defaults the page size to 100 and caps it at 1000', async () => {
      const id = await aHandoff();
      await store().insertItems(
        T1,
        id,
        Array.from({ length: 1100 }, (_, i) => newItem('deals', i + 1)),
      );

      expect(await store().listItems(T1, id)).toHaveLength(100);
      expect(await store().listItems(T1, id, { limit: 5000 })).toHaveLength(1000);
    });
  });

  describe('countItems', () => {
    it('counts per status and per kind', async () => {
      const id = await aHandoff();
      await store().insertItems(T1, id, [
        newItem('deals', 1, 'moved'),
        newItem('deals', 2, 'moved'),
        newItem('deals', 3, 'failed'),
        newItem('tasks', 1, 'skipped'),
      ]);

      const counts = await store().countItems(T1, id);

      expect(counts).toStrictEqual({
        total: 4,
        byStatus: { ...emptyStatusCounts(), moved: 2, failed: 1, skipped: 1 },
        byKind: {
          deals: { ...emptyStatusCounts(), moved: 2, failed: 1 },
          tasks: { ...emptyStatusCounts(), skipped: 1 },
        },
      });
    });

    it('counts nothing for a handoff without items', async () => {
      const id = await aHandoff();

      expect(await store().countItems(T1, id)).toStrictEqual({ total: 0, byStatus: emptyStatusCounts(), byKind: {} });
    });
  });

  describe('events', () => {
    it('lists events oldest first, in append order for the same instant, with data and Dates intact', async () => {
      const id = await aHandoff();
      const at = (s: string) => new Date(`2026-03-01T10:00:${s}.000Z`);

      await store().appendEvent({ tenantId: T1, handoffId: id, at: at('05'), type: 'handoff.started', actor: 'job' });
      await store().appendEvent({ tenantId: T1, handoffId: id, at: at('01'), type: 'handoff.created', actor: 'u' });
      await store().appendEvent({
        tenantId: T1,
        handoffId: id,
        at: at('05'),
        type: 'batch.done',
        actor: 'job',
        data: { moved: 50, kinds: ['deals'], nested: { ok: true } },
      });

      const events = await store().listEvents(T1, id);
      expect(events.map((e) => e.type)).toEqual(['handoff.created', 'handoff.started', 'batch.done']);
      expect(events[2]).toStrictEqual({
        tenantId: T1,
        handoffId: id,
        at: at('05'),
        type: 'batch.done',
        actor: 'job',
        data: { moved: 50, kinds: ['deals'], nested: { ok: true } },
      });
    });
  });

  describe('tenant isolation (items and events)', () => {
    it('treats another tenant’s handoff like an unknown one for items and events', async () => {
      const id = await aHandoff();
      await store().insertItems(T1, id, [newItem('deals', 1)]);
      await store().appendEvent({ tenantId: T1, handoffId: id, at: new Date(), type: 'handoff.created', actor: 'u' });

      await store().updateItems(T2, id, [{ kind: 'deals', itemId: 1, status: 'failed', error: 'x' }]);
      const insert = store().insertItems(T2, id, [newItem('deals', 2)]);
      const append = store().appendEvent({ tenantId: T2, handoffId: id, at: new Date(), type: 'x', actor: 'u' });
      const unknownInsert = store().insertItems(T1, toHandoffId(randomUUID()), [newItem('deals', 2)]);

      await expect(insert).rejects.toBeInstanceOf(HandoffError);
      await expect(append).rejects.toBeInstanceOf(HandoffError);
      await expect(unknownInsert).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().listItems(T2, id)).toEqual([]);
      expect((await store().countItems(T2, id)).total).toBe(0);
      expect(await store().listEvents(T2, id)).toEqual([]);
      expect(await store().listItems(T1, id)).toMatchObject([{ itemId: 1, status: 'pending' }]);
      expect(await store().listEvents(T1, id)).toHaveLength(1);
    });
  });
}
