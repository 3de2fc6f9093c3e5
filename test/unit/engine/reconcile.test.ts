import { describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../../engine/ids.js';
import { createHarness, plan, TENANT } from './harness.js';

describe('crash-resume reconcile', () => {
  it('records a batch applied in the portal but not in the store, without updating it again', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 } });
    const ids = h.ws.addItems('deals', 1, 10);
    h.ws.crashAfterNextSetOwners();
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));

    await expect(h.runDue()).rejects.toThrow('simulated crash');
    const crashed = await h.service.get(TENANT, view.handoff.no);
    await h.service.jobs.start({ tenantId: TENANT, handoffId: view.handoff.id });

    expect(crashed.handoff.status).toBe('running');
    expect(crashed.counts.byStatus.pending).toBe(4);
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed');
    expect(after.counts.byStatus.moved).toBe(10);
    for (const id of ids) expect(h.ws.updateCount('deals', id)).toBe(1);
  });

  it('sends a pending item still with its original owner, and skips one someone else took meanwhile', async () => {
    const h = createHarness({ ws: { pageSize: 10, maxBatchSize: 4 } });
    const ids = h.ws.addItems('deals', 1, 4);
    const [a = 0, b = 0, c = 0, d = 0] = ids;
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    h.scheduler.due();
    // The state a crash leaves: stored as pending, one sent, one taken by a person, one deleted, one untouched.
    await h.store.updateHandoff(TENANT, view.handoff.id, { status: 'running' });
    await h.store.insertItems(
      TENANT,
      view.handoff.id,
      ids.map((itemId) => ({
        kind: 'deals' as const,
        itemId,
        title: `deal ${itemId}`,
        originalOwnerId: toPortalUserId(1),
        newOwnerId: toPortalUserId(2),
        status: 'pending' as const,
      })),
    );
    await h.store.appendEvent({
      tenantId: TENANT,
      handoffId: view.handoff.id,
      at: h.clock.now(),
      type: 'transfer.enumerated',
      actor: 'engine',
    });
    h.ws.setOwnerManually('deals', a, 2);
    h.ws.setOwnerManually('deals', b, 5);
    h.ws.deleteItem('deals', c);

    await h.service.jobs.start({ tenantId: TENANT, handoffId: view.handoff.id });

    const items = await h.service.items(TENANT, view.handoff.no);
    expect(Object.fromEntries(items.map((i) => [i.itemId, [i.status, i.skipReason]]))).toEqual({
      [a]: ['moved', undefined],
      [b]: ['skipped', 'changed_since'],
      [c]: ['gone', undefined],
      [d]: ['moved', undefined],
    });
    expect(h.ws.updateCount('deals', a)).toBe(0);
    expect(h.ws.updateCount('deals', d)).toBe(1);
  });
});
