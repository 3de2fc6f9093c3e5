/**
 * Robot handoffs through the real engine and Bitrix24WorkSystem against the sandbox portal over HTTP: the document
 * and exactly the related records its toggles choose move, original owners are recorded, roles resolve when the
 * handoff runs, a redelivered call makes no second handoff, robot handoffs never hold the from-user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bindActivity,
  bindTask,
  linkItem,
  linkParent,
  type RunningSandbox,
  startSandbox,
} from '../../bitrix24/sandbox/index.js';
import type { Relation } from '../../engine/documents.js';
import { toPortalUserId, toTenantId } from '../../engine/ids.js';
import { createRobotHandoffs, type RobotHandoffs, type RobotRequest } from '../../engine/robot-service.js';
import { MemoryRoleStore } from '../../engine/roles.js';
import { createHandoffService } from '../../engine/service.js';
import type { HandoffService } from '../../engine/service-types.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { createRecordingLogger, sandboxWorkSystem } from '../contract/bitrix24-sandbox-world.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { ManualScheduler } from '../fakes/manual-scheduler.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';

const TENANT = toTenantId('robot');

let sandbox: RunningSandbox;
let scheduler: ManualScheduler;
let service: HandoffService;
let robots: RobotHandoffs;
let roles: MemoryRoleStore;
let clock: FakeClock;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false, seed: { users: 6, itemsPerUser: 2 } });
  clock = new FakeClock(new Date());
  scheduler = new ManualScheduler(clock);
  roles = new MemoryRoleStore();
  const store = new MemoryHandoffStore({ clock });
  const workSystem = sandboxWorkSystem(sandbox);
  const logger = createRecordingLogger();
  service = createHandoffService({
    store,
    workSystems: async () => workSystem,
    scheduler,
    notifier: new RecordingNotifier(),
    clock,
    logger,
    roles,
  });
  robots = createRobotHandoffs({ store, scheduler, clock, logger });
});

afterAll(async () => {
  await sandbox.close();
});

function dealWithRelations(owner: number) {
  const { portal } = sandbox;
  const deal = portal.addItem('deals', { ownerId: owner, title: 'Smith bankruptcy' });
  const contact = portal.addItem('contacts', { ownerId: 3 });
  const company = portal.addItem('companies', { ownerId: owner });
  linkItem(portal, 'deals', deal, { contactIds: [contact], companyId: company });
  const call = portal.addItem('activities', { ownerId: owner });
  bindActivity(portal, call, { kind: 'deals', id: deal });
  const task = portal.addItem('tasks', { ownerId: 4 });
  bindTask(portal, task, [{ kind: 'deals', id: deal }]);
  const quote = portal.addItem('quotes', { ownerId: owner });
  linkParent(portal, 'quotes', quote, { kind: 'deals', id: deal });
  const invoice = portal.addItem('invoices', { ownerId: owner });
  linkParent(portal, 'invoices', invoice, { kind: 'deals', id: deal });
  const unrelatedDeal = portal.addItem('deals', { ownerId: owner });
  return { deal, contact, company, call, task, quote, invoice, unrelatedDeal };
}

function request(deal: number, receiver: RobotRequest['receiver'], relations: Relation[]): RobotRequest {
  return {
    tenantId: TENANT,
    document: { kind: 'deals', itemId: deal },
    includeDocument: true,
    relations,
    receiver,
    saveHistory: true,
    robotUserId: toPortalUserId(1),
  };
}

describe('robot handoffs on the sandbox portal', () => {
  it('moves the deal and exactly the chosen relations, recording original owners', async () => {
    const f = dealWithRelations(2);
    const to = sandbox.portal.addUser().id;

    const { handoff } = await robots.start(
      request(f.deal, { type: 'user', userId: toPortalUserId(to) }, ['contacts', 'tasks']),
    );
    await scheduler.runDue(service.jobs);

    const owner = (kind: Parameters<typeof sandbox.portal.ownerOf>[0], id: number) => sandbox.portal.ownerOf(kind, id);
    expect([owner('deals', f.deal), owner('contacts', f.contact), owner('tasks', f.task)]).toEqual([to, to, to]);
    expect([owner('companies', f.company), owner('activities', f.call), owner('quotes', f.quote)]).toEqual([2, 2, 2]);
    expect([owner('invoices', f.invoice), owner('deals', f.unrelatedDeal)]).toEqual([2, 2]);
    const view = await service.get(TENANT, handoff.no);
    expect(view.handoff.status).toBe('completed');
    expect(view.handoff.plan.fromUserId).toBe(2);
    expect(view.handoff.plan.source?.document).toEqual({ kind: 'deals', itemId: f.deal });
    const items = await service.items(TENANT, handoff.no);
    expect(items.map((i) => [i.kind, i.itemId, i.originalOwnerId, i.status])).toEqual([
      ['contacts', f.contact, 3, 'moved'],
      ['deals', f.deal, 2, 'moved'],
      ['tasks', f.task, 4, 'moved'],
    ]);
  });

  it('resolves a role when the handoff runs, not when the robot was set up', async () => {
    const f = dealWithRelations(2);
    const kim = sandbox.portal.addUser().id;
    const lee = sandbox.portal.addUser().id;
    const setRole = (userId: number) =>
      roles.setRole(TENANT, {
        name: 'paralegal',
        holder: { type: 'user', userId: toPortalUserId(userId) },
        updatedAt: clock.now(),
        updatedBy: 'test',
      });
    await setRole(kim);
    const first = await robots.start(request(f.deal, { type: 'role', name: 'paralegal' }, []));
    await setRole(lee);

    await scheduler.runDue(service.jobs);

    expect(sandbox.portal.ownerOf('deals', f.deal)).toBe(lee);
    const view = await service.get(TENANT, first.handoff.no);
    expect(view.handoff.plan.to).toEqual({ type: 'user', userId: lee });
    const events = await service.events(TENANT, first.handoff.no);
    expect(events.find((e) => e.type === 'robot.resolved')?.data).toMatchObject({ role: 'paralegal', receiverId: lee });
  });

  it('gives the deal and its records to the least loaded member of a department role', async () => {
    const f = dealWithRelations(2);
    const dept = 3;
    const busy = sandbox.portal.addUser({ departmentIds: [dept] }).id;
    for (let n = 0; n < 20; n += 1) sandbox.portal.addItem('deals', { ownerId: busy });
    const members = sandbox.portal.users.filter((u) => u.active && u.departmentIds.includes(dept)).map((u) => u.id);
    const loads = members.map((id) => [id, sandbox.portal.itemIdsOf('deals', id, true).length] as const);
    const least = [...loads].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]?.[0];
    await roles.setRole(TENANT, {
      name: 'intake',
      holder: { type: 'department', departmentId: dept },
      updatedAt: clock.now(),
      updatedBy: 'test',
    });

    await robots.start(request(f.deal, { type: 'role', name: 'intake' }, ['activities']));
    await scheduler.runDue(service.jobs);

    expect(sandbox.portal.ownerOf('deals', f.deal)).toBe(least);
    expect(sandbox.portal.ownerOf('activities', f.call)).toBe(least);
  });

  it('fails the handoff with a clear error when the role is not defined', async () => {
    const f = dealWithRelations(2);

    const { handoff } = await robots.start(request(f.deal, { type: 'role', name: 'attorney' }, ['tasks']));
    await scheduler.runDue(service.jobs);

    const view = await service.get(TENANT, handoff.no);
    expect(view.handoff.status).toBe('failed');
    expect(view.handoff.error).toBe('unknown_role: Role "attorney" is not defined.');
    expect(sandbox.portal.ownerOf('deals', f.deal)).toBe(2);
  });

  it('creates one handoff for a call delivered twice', async () => {
    const f = dealWithRelations(2);
    const to = toPortalUserId(sandbox.portal.addUser().id);

    const first = await robots.start(request(f.deal, { type: 'user', userId: to }, []), 'robot:token-1');
    const again = await robots.start(request(f.deal, { type: 'user', userId: to }, []), 'robot:token-1');
    await scheduler.runDue(service.jobs);

    expect(again).toMatchObject({ created: false });
    expect(again.handoff.id).toBe(first.handoff.id);
    expect(sandbox.portal.updateCount('deals', f.deal)).toBe(1);
  });

  it('can be undone like any handoff: the deal and its records go back to their original owners', async () => {
    const f = dealWithRelations(2);
    const to = toPortalUserId(sandbox.portal.addUser().id);
    const { handoff } = await robots.start(request(f.deal, { type: 'user', userId: to }, ['contacts', 'tasks']));
    await scheduler.runDue(service.jobs);

    await service.undo(TENANT, handoff.no, { label: 'test' });
    await scheduler.runDue(service.jobs);

    const { portal } = sandbox;
    expect([
      portal.ownerOf('deals', f.deal),
      portal.ownerOf('contacts', f.contact),
      portal.ownerOf('tasks', f.task),
    ]).toEqual([2, 3, 4]);
    expect((await service.get(TENANT, handoff.no)).handoff.status).toBe('returned');
  });

  it('never holds the from-user: two robot runs for deals of one person run side by side', async () => {
    const a = dealWithRelations(5);
    const b = dealWithRelations(5);
    const to = toPortalUserId(sandbox.portal.addUser().id);

    await robots.start(request(a.deal, { type: 'user', userId: to }, ['contacts']));
    await robots.start(request(b.deal, { type: 'user', userId: to }, ['contacts']));
    await scheduler.runDue(service.jobs);

    expect([sandbox.portal.ownerOf('deals', a.deal), sandbox.portal.ownerOf('deals', b.deal)]).toEqual([to, to]);
  });
});
