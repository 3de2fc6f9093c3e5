/**
 * The engine's scenarios end to end: the real HandoffService and Bitrix24WorkSystem against the sandbox portal over
 * HTTP on loopback (webhook auth, batch, ID-cursor paging), with the memory store and a manual scheduler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { Plan, PlanOptions, When } from '../../engine/model.js';
import { createHandoffService } from '../../engine/service.js';
import type { HandoffService } from '../../engine/service-types.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { createRecordingLogger, sandboxWorkSystem } from '../contract/bitrix24-sandbox-world.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { ManualScheduler } from '../fakes/manual-scheduler.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';

const TENANT = toTenantId('sandbox');
const ACTOR = { label: 'e2e' };
const DAY = 86_400_000;

let sandbox: RunningSandbox;
let clock: FakeClock;
let scheduler: ManualScheduler;
let service: HandoffService;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false });
  clock = new FakeClock(new Date());
  scheduler = new ManualScheduler(clock);
  const workSystem = sandboxWorkSystem(sandbox);
  service = createHandoffService({
    store: new MemoryHandoffStore({ clock }),
    workSystems: async () => workSystem,
    scheduler,
    notifier: new RecordingNotifier(),
    clock,
    logger: createRecordingLogger(),
  });
});

afterAll(async () => {
  await sandbox.close();
});

function newUser(departmentIds: number[] = []): number {
  return sandbox.portal.addUser({ departmentIds }).id;
}

function plan(from: number, to: Plan['to'], when: When, options: Partial<PlanOptions> = {}): Plan {
  return {
    tenantId: TENANT,
    initiator: { label: 'e2e' },
    fromUserId: toPortalUserId(from),
    to,
    kinds: ['deals', 'tasks'],
    when,
    options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false, ...options },
  };
}

const runDue = () => scheduler.runDue(service.jobs);

describe('engine against the sandbox portal', () => {
  it('moves a temporary handoff and returns it: changed by hand kept, deleted gone, the rest back', async () => {
    const from = newUser();
    const to = newUser();
    const deals = Array.from({ length: 120 }, () => sandbox.portal.addItem('deals', { ownerId: from }));
    const tasks = Array.from({ length: 7 }, () => sandbox.portal.addItem('tasks', { ownerId: from }));
    const closed = sandbox.portal.addItem('deals', { ownerId: from, open: false });
    const [changed = 0, deleted = 0] = deals;

    const { view } = await service.create(
      plan(
        from,
        { type: 'user', userId: toPortalUserId(to) },
        { mode: 'temporary', returnAt: new Date(clock.now().getTime() + DAY) },
      ),
    );
    await runDue();
    const moved = await service.get(TENANT, view.handoff.no);
    sandbox.portal.setOwner('deals', changed, newUser());
    sandbox.portal.deleteItem('deals', deleted);
    clock.advance(DAY);
    await runDue();

    expect(moved.handoff.status).toBe('return_scheduled');
    expect(moved.counts.byStatus.moved).toBe(127);
    expect(sandbox.portal.ownerOf('deals', closed)).toBe(from);
    const after = await service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(after.counts.byStatus).toMatchObject({ returned: 125, kept: 1, gone: 1 });
    for (const id of deals.slice(2)) expect(sandbox.portal.ownerOf('deals', id)).toBe(from);
    for (const id of tasks) expect(sandbox.portal.ownerOf('tasks', id)).toBe(from);
    for (const id of deals.slice(2)) expect(sandbox.portal.updateCount('deals', id)).toBe(2);
  });

  it('fails one denied item and completes the rest', async () => {
    const from = newUser();
    const to = newUser();
    const deals = Array.from({ length: 10 }, () => sandbox.portal.addItem('deals', { ownerId: from }));
    sandbox.portal.denyItem('deals', deals[4] ?? 0);

    const { view } = await service.create(
      plan(from, { type: 'user', userId: toPortalUserId(to) }, { mode: 'permanent' }),
    );
    await runDue();

    const after = await service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed_with_errors');
    expect(after.counts.byStatus).toMatchObject({ moved: 9, failed: 1 });
    const failed = (await service.items(TENANT, view.handoff.no, { statuses: ['failed'] }))[0];
    expect(failed?.itemId).toBe(deals[4]);
    expect(failed?.error).toBeTruthy();
  });

  it('splits over a department evenly and undoes it', async () => {
    const department = sandbox.portal.departments[0]?.id ?? 1;
    const members = [newUser([department]), newUser([department]), newUser([department])];
    const from = newUser([department]);
    Array.from({ length: 30 }, () => sandbox.portal.addItem('tasks', { ownerId: from }));
    const everyone = sandbox.portal.users.filter(
      (u) => u.active && u.departmentIds.includes(department) && u.id !== from,
    );
    const openTasks = (id: number) => sandbox.portal.itemIdsOf('tasks', id, true).length;
    const before = new Map(everyone.map((u) => [u.id, openTasks(u.id)]));

    const preview = await service.preview(
      plan(from, { type: 'department', departmentId: department }, { mode: 'permanent' }, {}),
    );
    const { view } = await service.create(
      plan(from, { type: 'department', departmentId: department }, { mode: 'permanent' }),
    );
    await runDue();

    expect(preview.countsByKind.tasks).toBe(30);
    const items = await service.items(TENANT, view.handoff.no, { limit: 1000 });
    expect(items).toHaveLength(30);
    const receivers = everyone.filter((u) => openTasks(u.id) > (before.get(u.id) ?? 0)).map((u) => openTasks(u.id));
    expect(Math.max(...receivers) - Math.min(...receivers)).toBeLessThanOrEqual(1);
    expect(members.every((m) => openTasks(m) > 0)).toBe(true);

    await service.undo(TENANT, view.handoff.no, ACTOR);
    await runDue();

    expect((await service.get(TENANT, view.handoff.no)).counts.byStatus.returned).toBe(30);
    expect(sandbox.portal.itemIdsOf('tasks', from, true)).toHaveLength(30);
  });
});
