/**
 * The robot "Change Related Responsible" end to end over HTTP: the sandbox portal posts robot calls (form-encoded,
 * as the queue server does) to Handoff's handler on loopback; the handoff runs through Agenda on SQLite against the
 * portal, and the workflow step is finished with bizproc.event.send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindActivity, bindTask, linkItem, linkParent } from '../../bitrix24/sandbox/index.js';
import { ROBOT_CODE } from '../../bot/bitrix24-chat/robot-definition.js';
import { toPortalUserId } from '../../engine/ids.js';
import { createRobotWorld, ROBOT_TENANT, type RobotWorld } from './support/robot-world.js';

let world: RobotWorld;

beforeAll(async () => {
  world = await createRobotWorld();
});
afterAll(async () => {
  await world?.close();
});

function dealWithRelations(owner: number) {
  const { portal } = world.sandbox;
  const deal = portal.addItem('deals', { ownerId: owner, title: 'Smith bankruptcy' });
  const contacts = [portal.addItem('contacts', { ownerId: 3 }), portal.addItem('contacts', { ownerId: owner })];
  const company = portal.addItem('companies', { ownerId: owner });
  linkItem(portal, 'deals', deal, { contactIds: contacts, companyId: company });
  const call = portal.addItem('activities', { ownerId: owner });
  const doneCall = portal.addItem('activities', { ownerId: owner, open: false });
  for (const id of [call, doneCall]) bindActivity(portal, id, { kind: 'deals', id: deal });
  const task = portal.addItem('tasks', { ownerId: 4 });
  bindTask(portal, task, [{ kind: 'deals', id: deal }]);
  const quote = portal.addItem('quotes', { ownerId: owner });
  linkParent(portal, 'quotes', quote, { kind: 'deals', id: deal });
  const invoice = portal.addItem('invoices', { ownerId: owner });
  linkParent(portal, 'invoices', invoice, { kind: 'deals', id: deal });
  const otherDeal = portal.addItem('deals', { ownerId: owner });
  const otherTask = portal.addItem('tasks', { ownerId: owner });
  return { deal, contacts, company, call, doneCall, task, quote, invoice, otherDeal, otherTask };
}

/** Waits (bounded) until the portal received the step's event for this token. */
async function eventFor(eventToken: string) {
  await expect
    .poll(() => world.sandbox.portal.robots.events.find((e) => e.eventToken === eventToken), { timeout: 15_000 })
    .toBeDefined();
  return world.sandbox.portal.robots.events.find((e) => e.eventToken === eventToken);
}

const NONE = {
  moveActivities: 'N',
  moveTasks: 'N',
  moveContacts: 'N',
  moveCompany: 'N',
  moveInvoices: 'N',
  moveQuotes: 'N',
} as const;

describe('POST /bitrix24/robot', () => {
  it('is registered in the portal with its properties', () => {
    const robot = world.sandbox.portal.robots.robots.get(ROBOT_CODE);

    expect(robot?.handler).toBe(`${world.url}/bitrix24/robot`);
    expect(Object.keys(robot?.properties ?? {})).toEqual(
      expect.arrayContaining(['newResponsible', 'role', 'moveDocument', 'moveTasks', 'moveQuotes', 'saveHistory']),
    );
    expect(robot?.properties.newResponsible?.Type).toBe('user');
  });

  it('moves the deal and exactly the related records its toggles choose, then sends the summary', async () => {
    const f = dealWithRelations(2);
    const to = world.sandbox.portal.addUser().id;
    const { portal } = world.sandbox;

    const delivery = await portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { ...NONE, newResponsible: to, moveContacts: 'Y', moveTasks: 'Y', moveActivities: 'Y' },
    });
    const event = await eventFor(delivery.eventToken);

    expect(delivery.status).toBe(200);
    const owners = {
      deal: portal.ownerOf('deals', f.deal),
      contacts: f.contacts.map((id) => portal.ownerOf('contacts', id)),
      call: portal.ownerOf('activities', f.call),
      task: portal.ownerOf('tasks', f.task),
    };
    expect(owners).toEqual({ deal: to, contacts: [to, to], call: to, task: to });
    const untouched = {
      doneCall: portal.ownerOf('activities', f.doneCall),
      company: portal.ownerOf('companies', f.company),
      quote: portal.ownerOf('quotes', f.quote),
      invoice: portal.ownerOf('invoices', f.invoice),
      otherDeal: portal.ownerOf('deals', f.otherDeal),
      otherTask: portal.ownerOf('tasks', f.otherTask),
    };
    expect(untouched).toEqual({ doneCall: 2, company: 2, quote: 2, invoice: 2, otherDeal: 2, otherTask: 2 });
    expect(event?.logMessage).toMatch(/^Handoff H-\d+ \(deal \d+ → user \d+\): moved 5, skipped 0, failed 0\.$/);
    expect(event?.returnValues).toMatchObject({ moved: 5, skipped: 0, failed: 0 });
  });

  it('records the robot handoff with its document and the original owners', async () => {
    const f = dealWithRelations(2);
    const to = world.sandbox.portal.addUser().id;

    const delivery = await world.sandbox.portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { ...NONE, newResponsible: to, moveCompany: 'Y' },
    });
    await eventFor(delivery.eventToken);

    const [view] = await world.service.list(ROBOT_TENANT, { limit: 1 });
    expect(view?.handoff.plan.source).toMatchObject({ type: 'robot', document: { kind: 'deals', itemId: f.deal } });
    expect(view?.handoff.status).toBe('completed');
    const items = await world.service.items(ROBOT_TENANT, view?.handoff.no ?? 0);
    expect(items.map((i) => [i.kind, i.itemId, i.originalOwnerId, i.newOwnerId])).toEqual([
      ['companies', f.company, 2, to],
      ['deals', f.deal, 2, to],
    ]);
  });

  it('refuses a forged call with 401 and does nothing', async () => {
    const f = dealWithRelations(2);
    const to = world.sandbox.portal.addUser().id;
    const before = (await world.service.list(ROBOT_TENANT, { limit: 200 })).length;

    const delivery = await world.sandbox.portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { newResponsible: to },
      applicationToken: 'forged-token-of-the-same-shape',
    });

    expect(delivery.status).toBe(401);
    expect((await world.service.list(ROBOT_TENANT, { limit: 200 })).length).toBe(before);
    expect(world.sandbox.portal.ownerOf('deals', f.deal)).toBe(2);
  });

  it('runs once when the same call is delivered twice', async () => {
    const f = dealWithRelations(2);
    const to = world.sandbox.portal.addUser().id;
    const call = {
      code: ROBOT_CODE,
      document: { kind: 'deals' as const, id: f.deal },
      properties: { ...NONE, newResponsible: to },
    };

    const first = await world.sandbox.portal.robots.trigger(call);
    const second = await world.sandbox.portal.robots.trigger({ ...call, eventToken: first.eventToken });
    await eventFor(first.eventToken);

    expect([first.status, second.status]).toEqual([200, 200]);
    const runs = (await world.service.list(ROBOT_TENANT, { limit: 200 })).filter(
      (v) => v.handoff.plan.source?.document.itemId === f.deal,
    );
    expect(runs).toHaveLength(1);
    expect(world.sandbox.portal.updateCount('deals', f.deal)).toBe(1);
    expect(world.sandbox.portal.robots.events.filter((e) => e.eventToken === first.eventToken)).toHaveLength(1);
  });

  it('resolves a role when the robot runs: each call goes to whoever holds it then', async () => {
    const a = dealWithRelations(2);
    const b = dealWithRelations(2);
    const kim = world.sandbox.portal.addUser().id;
    const lee = world.sandbox.portal.addUser().id;
    const hold = (userId: number) =>
      world.roles.setRole(ROBOT_TENANT, {
        name: 'paralegal',
        holder: { type: 'user', userId: toPortalUserId(userId) },
        updatedAt: new Date(),
        updatedBy: 'test',
      });
    const call = (deal: number) => ({
      code: ROBOT_CODE,
      document: { kind: 'deals' as const, id: deal },
      properties: { ...NONE, role: 'Paralegal', moveTasks: 'Y' },
    });

    await hold(kim);
    const first = await world.sandbox.portal.robots.trigger(call(a.deal));
    await eventFor(first.eventToken);
    await hold(lee);
    const second = await world.sandbox.portal.robots.trigger(call(b.deal));
    await eventFor(second.eventToken);

    const { portal } = world.sandbox;
    expect([portal.ownerOf('deals', a.deal), portal.ownerOf('tasks', a.task)]).toEqual([kim, kim]);
    expect([portal.ownerOf('deals', b.deal), portal.ownerOf('tasks', b.task)]).toEqual([lee, lee]);
  });

  it('tells the workflow clearly when the role is not defined', async () => {
    const f = dealWithRelations(2);

    const delivery = await world.sandbox.portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { ...NONE, role: 'attorney' },
    });
    const event = await eventFor(delivery.eventToken);

    expect(event?.logMessage).toMatch(/^Handoff H-\d+ failed for deal \d+: Role "attorney" is not defined\. \(moved 0/);
    expect(world.sandbox.portal.ownerOf('deals', f.deal)).toBe(2);
  });

  it('tells the workflow when the robot has no receiver set', async () => {
    const f = dealWithRelations(2);

    const delivery = await world.sandbox.portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { ...NONE },
    });
    const event = await eventFor(delivery.eventToken);

    expect(delivery.status).toBe(200);
    expect(event?.logMessage).toBe('Handoff did not run: Set "New responsible" or a role in the robot settings.');
  });

  it('answers 503 to a call the database cannot store and tells the workflow, so its step does not wait forever', async () => {
    const f = dealWithRelations(2);
    const before = (await world.service.list(ROBOT_TENANT)).length;
    world.sqlite.pragma('query_only = ON');
    let delivery: Awaited<ReturnType<typeof world.sandbox.portal.robots.trigger>>;
    try {
      delivery = await world.sandbox.portal.robots.trigger({
        code: ROBOT_CODE,
        document: { kind: 'deals', id: f.deal },
        properties: { ...NONE, newResponsible: world.sandbox.portal.addUser().id },
      });
    } finally {
      world.sqlite.pragma('query_only = OFF');
    }
    const event = await eventFor(delivery.eventToken);

    expect(delivery.status, `${delivery.body} ${event?.logMessage}`).toBe(503);
    expect(event?.logMessage).toBe(
      "Handoff did not run: The database is read-only: it cannot be written. Nothing was changed; run this step again once Handoff's database has room.",
    );
    expect(world.sandbox.portal.ownerOf('deals', f.deal)).toBe(2);
    expect(await world.service.list(ROBOT_TENANT)).toHaveLength(before);
  });

  it('sends the step its result again when the portal fails bizproc.event.send, so the workflow is not left waiting', async () => {
    const f = dealWithRelations(2);
    const to = world.sandbox.portal.addUser().id;
    // The portal's server fails the first sends (more than the client's own retries of one call).
    world.sandbox.portal.failMethod('bizproc.event.send', 4);

    const delivery = await world.sandbox.portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { ...NONE, newResponsible: to },
    });
    const event = await eventFor(delivery.eventToken);

    expect(delivery.status).toBe(200);
    expect(event?.logMessage).toMatch(/^Handoff H-\d+ \(deal \d+ → user \d+\): moved 1, skipped 0, failed 0\.$/);
    expect(world.sandbox.portal.ownerOf('deals', f.deal)).toBe(to);
  });

  it('sends a refusal again when the portal fails bizproc.event.send', async () => {
    const f = dealWithRelations(2);
    world.sandbox.portal.failMethod('bizproc.event.send', 4);

    const delivery = await world.sandbox.portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: f.deal },
      properties: { ...NONE },
    });
    const event = await eventFor(delivery.eventToken);

    expect(delivery.status).toBe(200);
    expect(event?.logMessage).toBe('Handoff did not run: Set "New responsible" or a role in the robot settings.');
  });
});
