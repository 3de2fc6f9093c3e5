import { beforeEach, describe, expect, it } from 'vitest';
import { PortalError } from '../../../engine/errors.js';
import { createHarness, type Harness, plan, TENANT, until } from './harness.js';

const DAY = 86_400_000;

/** Owner changes the portal applied while its answer said otherwise (a server fault after the save, a timeout). */
describe('updates that may have been applied', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 10, maxBatchSize: 5 } });
  });

  it('records an item moved when the portal applied the change but answered with an error', async () => {
    const [unsure = 0, denied = 0, fine = 0] = h.ws.addItems('deals', 1, 3);
    h.ws.applyButFail('deals', unsure);
    h.ws.denyItem('deals', denied);

    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();

    const items = await h.service.items(TENANT, view.handoff.no);
    const statusOf = (id: number) => items.find((i) => i.itemId === id)?.status;
    expect(h.ws.ownerOf('deals', unsure)).toBe(2);
    expect(statusOf(unsure)).toBe('moved');
    expect(statusOf(denied)).toBe('failed');
    expect(statusOf(fine)).toBe('moved');
    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('completed_with_errors');
  });

  it('gives such an item back on return, with one update each way', async () => {
    const [unsure = 0] = h.ws.addItems('deals', 1, 2);
    h.ws.applyButFail('deals', unsure);
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 7) }));
    await h.runDue();

    h.clock.advance(7 * DAY);
    await h.runDue();

    expect((await h.service.get(TENANT, view.handoff.no)).handoff.status).toBe('returned');
    expect(h.ws.ownerOf('deals', unsure)).toBe(1);
    expect(h.ws.updateCount('deals', unsure)).toBe(2);
  });

  it('schedules the return of a temporary handoff whose only batch was applied before the portal failed', async () => {
    const ids = h.ws.addItems('deals', 1, 3);
    h.ws.crashAfterNextSetOwners(new PortalError('request timed out', 'timeout', true));
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 7) }));
    await h.runDue();
    const failed = await h.service.get(TENANT, view.handoff.no);

    h.clock.advance(7 * DAY);
    await h.runDue();

    expect(failed.handoff.status).toBe('failed');
    expect(failed.counts.byStatus.pending).toBe(3);
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(after.counts.byStatus.returned).toBe(3);
  });
});
