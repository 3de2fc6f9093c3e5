import { beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../../engine/model.js';
import { createHarness, type Harness, plan, TENANT, until, user } from './harness.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('a single-person receiver who left before the items move', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ engine: { sweepIntervalMs: 15 * MINUTE } });
    h.ws.addUser(1, { departmentIds: [10] });
    h.ws.addUser(5, { name: 'Hana Head' });
    h.ws.addDepartment(10, 'Sales', { headId: 5 });
  });

  async function scheduleTomorrow(request: { to?: Target; targets?: Partial<Record<'deals' | 'tasks', Target>> }) {
    const startAt = new Date(h.clock.now().getTime() + DAY);
    const { view } = await h.service.create(plan({ ...request, when: { mode: 'permanent', startAt } }));
    return view.handoff.no;
  }

  it.each<[string, { to?: Target; targets?: Partial<Record<'deals' | 'tasks', Target>> }, number, string]>([
    ['the receiver', { to: user(2) }, 2, 'inactive_user: The receiver, User 2 (user 2), is no longer active'],
    ['the head', { to: { type: 'head' } }, 5, 'inactive_user: The head, Hana Head (user 5), is no longer active'],
    ['a per-kind receiver', { targets: { tasks: user(3) } }, 3, 'inactive_user: The receiver, User 3 (user 3)'],
  ])('fails a scheduled start when %s was deactivated, moving nothing', async (_case, request, leaver, message) => {
    const deals = h.ws.addItems('deals', 1, 3);
    const tasks = h.ws.addItems('tasks', 1, 2);
    const no = await scheduleTomorrow(request);
    h.ws.deactivateUser(leaver);

    h.clock.advance(DAY);
    await h.runDue();

    const after = await h.service.get(TENANT, no);
    expect(after.handoff.status).toBe('failed');
    expect(after.handoff.error).toContain(message);
    expect(h.ws.totalUpdates()).toBe(0);
    for (const id of deals) expect(h.ws.ownerOf('deals', id)).toBe(1);
    for (const id of tasks) expect(h.ws.ownerOf('tasks', id)).toBe(1);
    const failed = (await h.service.events(TENANT, no)).find((e) => e.type === 'handoff.failed');
    expect(failed?.data?.error).toContain('inactive_user');
    expect(h.notifier.finals()).toHaveLength(1);
  });

  it('still starts when only an unused receiver left', async () => {
    h.ws.addItems('deals', 1, 2);
    const no = await scheduleTomorrow({ to: user(2) });
    h.ws.deactivateUser(3);

    h.clock.advance(DAY);
    await h.runDue();

    expect((await h.service.get(TENANT, no)).handoff.status).toBe('completed');
  });

  it('stops the sweep when the receiver left, keeps the handoff holding the person, and still returns what moved', async () => {
    const [first = 0] = h.ws.addItems('deals', 1, 1);
    const { view } = await h.service.create(
      plan({ kinds: ['deals'], when: until(h.clock, 3), options: { sweep: true } }),
    );
    await h.runDue();
    h.ws.deactivateUser(2);
    const late = h.ws.addItem('deals', 1);

    h.clock.advance(15 * MINUTE);
    await h.runDue();
    const stopped = await h.service.get(TENANT, view.handoff.no);
    const sweep = h.scheduler.get('handoff.sweep', view.handoff.id);
    h.clock.advance(3 * DAY);
    await h.runDue();

    expect(stopped.handoff.status).toBe('return_scheduled');
    expect(stopped.handoff.error).toContain('inactive_user: The receiver, User 2 (user 2)');
    expect((await h.service.events(TENANT, view.handoff.no)).map((e) => e.type)).toContain('sweep.stopped');
    expect(h.ws.updateCount('deals', late)).toBe(0);
    expect(sweep).toBeUndefined();
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(h.ws.ownerOf('deals', first)).toBe(1);
    expect(h.ws.ownerOf('deals', late)).toBe(1);
  });
});
