import { beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, plan, TENANT, until } from './harness.js';

const DAY = 86_400_000;
const SPA = 'spa:130' as const;

/** A smart process deleted from the portal while a handoff holds its items, and other refusals mid-run. */
describe('a kind the portal no longer offers', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { kinds: ['deals', SPA, 'tasks'], pageSize: 10, maxBatchSize: 5 } });
  });

  it('returns every other kind and records its items gone', async () => {
    const deals = h.ws.addItems('deals', 1, 3);
    h.ws.addItems(SPA, 1, 2);
    const tasks = h.ws.addItems('tasks', 1, 3);
    const { view } = await h.service.create(plan({ when: until(h.clock, 7) }));
    await h.runDue();
    h.ws.removeKind(SPA);

    h.clock.advance(7 * DAY);
    await h.runDue();

    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(after.counts.byStatus).toMatchObject({ returned: 6, gone: 2, moved: 0 });
    for (const id of deals) expect(h.ws.ownerOf('deals', id)).toBe(1);
    for (const id of tasks) expect(h.ws.ownerOf('tasks', id)).toBe(1);
  });

  it('moves the other kinds when it vanished before a scheduled start', async () => {
    h.ws.addItems('deals', 1, 2);
    h.ws.addItems(SPA, 1, 2);
    h.ws.addItems('tasks', 1, 2);
    const startAt = new Date(h.clock.now().getTime() + DAY);
    const { view } = await h.service.create(plan({ when: { mode: 'permanent', startAt } }));
    h.ws.removeKind(SPA);

    h.clock.advance(DAY);
    await h.runDue();

    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed');
    expect(after.counts.byStatus.moved).toBe(4);
  });

  it('fails the handoff, rather than leaving it running, when a department has nobody left to receive', async () => {
    h.ws.addDepartment(10, 'Sales');
    h.ws.addUser(7, { departmentIds: [10] });
    h.ws.addItems('deals', 1, 2);
    const startAt = new Date(h.clock.now().getTime() + DAY);
    const { view } = await h.service.create(
      plan({ to: { type: 'department', departmentId: 10 }, kinds: ['deals'], when: { mode: 'permanent', startAt } }),
    );
    h.ws.deactivateUser(7);

    h.clock.advance(DAY);
    await h.runDue();

    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('failed');
    expect(after.handoff.error).toContain('department 10');
    expect(h.ws.totalUpdates()).toBe(0);
  });
});
