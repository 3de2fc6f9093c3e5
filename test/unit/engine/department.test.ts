import { beforeEach, describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../../engine/ids.js';
import { createHarness, type Harness, plan, TENANT, until } from './harness.js';

const DEPT = { type: 'department', departmentId: 10 } as const;

describe('department split', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 9, maxBatchSize: 7 }, users: 0 });
    h.ws.addDepartment(10, 'Sales');
    h.ws.addUser(1, { departmentIds: [10] });
    for (const id of [2, 3, 4, 5]) h.ws.addUser(id, { departmentIds: [10] });
    h.ws.addUser(9);
    // Uneven open loads before the handoff: 2 has 10, 3 has 4, 4 has 0, 5 has 1.
    h.ws.addItems('deals', 2, 10);
    h.ws.addItems('deals', 3, 4);
    h.ws.addItems('deals', 5, 1);
  });

  it('evens out open loads within one item, leaving the from-user out', async () => {
    h.ws.addItems('deals', 1, 23);

    const { view } = await h.service.create(plan({ to: DEPT, kinds: ['deals'] }));
    await h.runDue();

    const loads = [2, 3, 4, 5].map((id) => h.ws.openLoad('deals', id));
    expect(loads.reduce((a, b) => a + b, 0)).toBe(38);
    // 38 over four with 2 at 10 already: the others rise to 9 or 10 and 2 gets nothing more.
    const receivers = [3, 4, 5].map((id) => h.ws.openLoad('deals', id));
    expect(Math.max(...receivers) - Math.min(...receivers)).toBeLessThanOrEqual(1);
    expect(h.ws.openLoad('deals', 2)).toBe(10);
    expect(h.ws.openLoad('deals', 1)).toBe(0);
    expect((await h.service.get(TENANT, view.handoff.no)).counts.byStatus.moved).toBe(23);
  });

  it('previews the share of each member', async () => {
    h.ws.addItems('deals', 1, 23);

    const preview = await h.service.preview(plan({ to: DEPT, kinds: ['deals'] }));

    const shares = Object.fromEntries(preview.countsByTarget.map((t) => [t.userId, t.count]));
    expect(shares).toEqual({ 3: 6, 4: 9, 5: 8 });
    expect(preview.total).toBe(23);
  });

  it('gives nothing to a member who is away on a temporary handoff', async () => {
    h.ws.addItems('deals', 1, 12);
    h.ws.addItems('tasks', 4, 1);
    await h.service.create(
      plan({ from: 4, to: { type: 'user', userId: toPortalUserId(9) }, kinds: ['tasks'], when: until(h.clock, 5) }),
    );
    await h.runDue();

    await h.service.create(plan({ to: DEPT, kinds: ['deals'] }));
    await h.runDue();

    expect(h.ws.openLoad('deals', 4)).toBe(0);
    const receivers = [3, 5].map((id) => h.ws.openLoad('deals', id));
    expect(receivers.reduce((a, b) => a + b, 0)).toBe(17);
    expect(Math.max(...receivers) - Math.min(...receivers)).toBeLessThanOrEqual(1);
  });

  it('gives nothing to a member who left between planning and the start', async () => {
    h.ws.addItems('deals', 1, 12);
    const startAt = new Date(h.clock.now().getTime() + 86_400_000);
    const { view } = await h.service.create(plan({ to: DEPT, kinds: ['deals'], when: { mode: 'permanent', startAt } }));
    h.ws.deactivateUser(4);

    h.clock.advance(86_400_000);
    await h.runDue();

    expect((await h.service.get(TENANT, view.handoff.no)).counts.byStatus.moved).toBe(12);
    expect(h.ws.openLoad('deals', 4)).toBe(0);
    expect(h.ws.openLoad('deals', 1)).toBe(0);
  });
});
