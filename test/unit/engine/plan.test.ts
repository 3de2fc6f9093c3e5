import { beforeEach, describe, expect, it } from 'vitest';
import { HandoffError } from '../../../engine/errors.js';
import type { Plan } from '../../../engine/model.js';
import { createHarness, type Harness, plan, TENANT, until, user } from './harness.js';

async function refusal(h: Harness, p: Plan): Promise<HandoffError> {
  const error = await h.service.preview(p).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HandoffError)) throw new Error(`expected a HandoffError, got ${String(error)}`);
  return error;
}

describe('plan validation', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness();
    h.ws.addUser(7, { active: false });
    h.ws.addDepartment(10, 'Sales', { headId: 5 });
    h.ws.addDepartment(11, 'Support', { headId: 6 });
    h.ws.addDepartment(12, 'Empty');
    h.ws.addItems('deals', 1, 3);
  });

  it.each<[string, (h: Harness) => Plan, string, string]>([
    ['same person', () => plan({ to: user(1) }), 'same_person', 'to'],
    ['same person in a per-kind target', () => plan({ targets: { tasks: user(1) } }), 'same_person', 'targets.tasks'],
    ['unknown from-user', () => plan({ from: 99 }), 'unknown_user', 'from'],
    ['unknown target', () => plan({ to: user(99) }), 'unknown_user', 'to'],
    ['inactive target', () => plan({ to: user(7) }), 'inactive_user', 'to'],
    ['unknown department', () => plan({ to: { type: 'department', departmentId: 404 } }), 'unknown_department', 'to'],
    [
      'department with nobody left',
      () => plan({ to: { type: 'department', departmentId: 12 } }),
      'empty_department',
      'to',
    ],
    ['no head', () => plan({ to: { type: 'head' } }), 'no_head', 'to'],
    ['unknown kind', () => plan({ kinds: ['quotes'] }), 'unknown_kind', 'kinds'],
    ['unknown kind in targets', () => plan({ targets: { leads: user(3) } }), 'unknown_kind', 'targets.leads'],
    [
      'return in the past',
      (h) => plan({ when: { mode: 'temporary', returnAt: new Date(h.clock.now().getTime() - 1000) } }),
      'in_the_past',
      'returnAt',
    ],
    [
      'start in the past',
      (h) => plan({ when: { mode: 'permanent', startAt: new Date(h.clock.now().getTime() - 86_400_000) } }),
      'in_the_past',
      'start',
    ],
    [
      'return before start',
      (h) =>
        plan({
          when: {
            mode: 'temporary',
            startAt: new Date(h.clock.now().getTime() + 2 * 86_400_000),
            returnAt: new Date(h.clock.now().getTime() + 86_400_000),
          },
        }),
      'return_before_start',
      'returnAt',
    ],
    ['return beyond the horizon', (h) => plan({ when: until(h.clock, 400) }), 'invalid_plan', 'returnAt'],
    ['a bad shape', () => ({ ...plan(), fromUserId: -1 }) as unknown as Plan, 'invalid_plan', 'from'],
  ])('refuses %s', async (_name, build, code, field) => {
    const error = await refusal(h, build(h));

    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
  });

  it('lists the heads when the from-user has several and none was chosen', async () => {
    h.ws.addUser(20, { departmentIds: [10, 11] });
    h.ws.addItems('deals', 20, 1);

    const error = await refusal(h, plan({ from: 20, to: { type: 'head' } }));

    expect(error.code).toBe('ambiguous_head');
    expect(error.details.heads?.map((x) => x.userId).sort()).toEqual([5, 6]);
  });

  it('refuses to create a handoff with nothing to move', async () => {
    const error = await h.service.create(plan({ from: 3 })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HandoffError);
    expect((error as HandoffError).code).toBe('empty_selection');
  });

  it('accepts an inactive from-user (the work of someone who left)', async () => {
    h.ws.addItems('deals', 7, 2);

    const preview = await h.service.preview(plan({ from: 7 }));

    expect(preview.total).toBe(2);
  });

  it('changes nothing when it refuses', async () => {
    await refusal(h, plan({ to: user(1) }));

    expect(await h.store.listHandoffs(TENANT)).toEqual([]);
    expect(h.ws.totalUpdates()).toBe(0);
  });
});

describe('targets', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness();
    h.ws.addDepartment(10, 'Sales', { headId: 5 });
    h.ws.addDepartment(11, 'Support', { headId: 6 });
    h.ws.addDepartment(13, 'Sales East', { parentId: 10, headId: 1 });
    h.ws.addItems('deals', 1, 2);
    h.ws.addItems('tasks', 1, 2);
  });

  it('resolves an employee', async () => {
    const preview = await h.service.preview(plan({ to: user(3) }));

    expect(preview.targets.deals).toEqual({ type: 'user', userId: 3, via: 'user' });
    expect(preview.countsByTarget).toEqual([
      { userId: 3, kind: 'deals', count: 2 },
      { userId: 3, kind: 'tasks', count: 2 },
    ]);
  });

  it('resolves the head, walking up when the from-user heads their own department', async () => {
    h.ws.addUser(1, { departmentIds: [13] });

    const preview = await h.service.preview(plan({ to: { type: 'head' } }));

    expect(preview.targets.deals).toEqual({ type: 'user', userId: 5, via: 'head' });
  });

  it('resolves the chosen head when the from-user sits in several departments', async () => {
    h.ws.addUser(1, { departmentIds: [10, 11] });

    const preview = await h.service.preview(plan({ to: { type: 'head', departmentId: 11 } }));

    expect(preview.targets.deals).toEqual({ type: 'user', userId: 6, via: 'head' });
  });

  it('resolves a department to its active members, without the from-user', async () => {
    h.ws.addUser(1, { departmentIds: [10] });
    h.ws.addUser(3, { departmentIds: [10] });
    h.ws.addUser(4, { departmentIds: [10] });
    h.ws.addUser(8, { departmentIds: [10], active: false });

    const preview = await h.service.preview(plan({ to: { type: 'department', departmentId: 10 } }));

    expect(preview.targets.deals).toEqual({ type: 'department', departmentId: 10, memberIds: [3, 4] });
  });

  it('takes per-kind targets over the default one', async () => {
    const preview = await h.service.preview(plan({ to: user(2), targets: { tasks: user(3) } }));

    expect(preview.targets.deals).toMatchObject({ userId: 2 });
    expect(preview.targets.tasks).toMatchObject({ userId: 3 });
  });

  it('moves only the kinds asked for', async () => {
    const preview = await h.service.preview(plan({ kinds: ['tasks'] }));

    expect(preview.kinds).toEqual(['tasks']);
    expect(preview.countsByKind).toEqual({ tasks: 2 });
  });
});
