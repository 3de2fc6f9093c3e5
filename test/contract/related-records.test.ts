import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindActivity,
  bindTask,
  linkItem,
  linkParent,
  type RunningSandbox,
  startSandbox,
} from '../../bitrix24/sandbox/index.js';
import type { Bitrix24WorkSystem } from '../../bitrix24/work-system.js';
import { RELATIONS } from '../../engine/documents.js';
import { sandboxWorkSystem } from './bitrix24-sandbox-world.js';

let sandbox: RunningSandbox;
let system: Bitrix24WorkSystem;

beforeEach(async () => {
  sandbox = await startSandbox({ rate: false, seed: { users: 6, itemsPerUser: 2 } });
  system = sandboxWorkSystem(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

/** A deal of user 2 with two contacts, a company, open and closed activities/tasks, a quote and an invoice. */
function dealWithRelations() {
  const { portal } = sandbox;
  const deal = portal.addItem('deals', { ownerId: 2, title: 'Smith bankruptcy' });
  const contacts = [portal.addItem('contacts', { ownerId: 3 }), portal.addItem('contacts', { ownerId: 2 })];
  const company = portal.addItem('companies', { ownerId: 4 });
  linkItem(portal, 'deals', deal, { contactIds: contacts, companyId: company });
  const openCall = portal.addItem('activities', { ownerId: 2 });
  const doneCall = portal.addItem('activities', { ownerId: 2, open: false });
  for (const id of [openCall, doneCall]) bindActivity(portal, id, { kind: 'deals', id: deal });
  const openTask = portal.addItem('tasks', { ownerId: 5 });
  const doneTask = portal.addItem('tasks', { ownerId: 2, open: false });
  for (const id of [openTask, doneTask]) bindTask(portal, id, [{ kind: 'deals', id: deal }]);
  const quote = portal.addItem('quotes', { ownerId: 2 });
  linkParent(portal, 'quotes', quote, { kind: 'deals', id: deal });
  const invoice = portal.addItem('invoices', { ownerId: 3 });
  linkParent(portal, 'invoices', invoice, { kind: 'deals', id: deal });
  return { deal, contacts, company, openCall, openTask, quote, invoice };
}

describe('Bitrix24WorkSystem.readRelated on the sandbox portal (reference §7)', () => {
  it('reads the deal and exactly its open related records, in two batch requests (plus the invoice stage directory, cached)', async () => {
    const fixture = dealWithRelations();
    sandbox.portal.resetStats();

    const read = await system.readRelated({ kind: 'deals', itemId: fixture.deal }, RELATIONS);

    expect(read.document).toEqual({ itemId: fixture.deal, ownerId: 2, title: 'Smith bankruptcy' });
    const ids = (relation: (typeof RELATIONS)[number]) => read.related.get(relation)?.map((i) => i.itemId);
    expect(ids('contacts')?.sort()).toEqual([...fixture.contacts].sort());
    expect(ids('company')).toEqual([fixture.company]);
    expect(ids('activities')).toEqual([fixture.openCall]);
    expect(ids('tasks')).toEqual([fixture.openTask]);
    expect(ids('quotes')).toEqual([fixture.quote]);
    expect(ids('invoices')).toEqual([fixture.invoice]);
    expect(read.related.get('tasks')?.[0]?.ownerId).toBe(5);
    expect(sandbox.portal.stats()).toMatchObject({ requests: 3, batches: 2 });
  });

  it('reads only the relations asked for', async () => {
    const fixture = dealWithRelations();
    sandbox.portal.resetStats();

    const read = await system.readRelated({ kind: 'deals', itemId: fixture.deal }, ['tasks']);

    expect([...read.related.keys()]).toEqual(['tasks']);
    expect(sandbox.portal.callLog.map((c) => c.method)).toEqual(['crm.item.get', 'tasks.task.list']);
  });

  it('finds a lead’s tasks by L_ binding and its activities by owner type 1', async () => {
    const { portal } = sandbox;
    const lead = portal.addItem('leads', { ownerId: 3 });
    const task = portal.addItem('tasks', { ownerId: 3 });
    bindTask(portal, task, [{ kind: 'leads', id: lead }]);
    const call = portal.addItem('activities', { ownerId: 4 });
    bindActivity(portal, call, { kind: 'leads', id: lead });

    const read = await system.readRelated({ kind: 'leads', itemId: lead }, ['tasks', 'activities']);

    expect(read.related.get('tasks')?.map((i) => i.itemId)).toEqual([task]);
    expect(read.related.get('activities')?.map((i) => i.itemId)).toEqual([call]);
  });

  it('answers a deleted document as null', async () => {
    const deal = sandbox.portal.addItem('deals', { ownerId: 2 });
    sandbox.portal.deleteItem('deals', deal);

    const read = await system.readRelated({ kind: 'deals', itemId: deal }, ['contacts']);

    expect(read.document).toBeNull();
  });

  it('never reads the portal’s own company as a deal’s company', async () => {
    const { portal } = sandbox;
    const mine = portal.addItem('companies', { ownerId: 1, isMyCompany: true });
    const deal = portal.addItem('deals', { ownerId: 2 });
    linkItem(portal, 'deals', deal, { companyId: mine });

    const read = await system.readRelated({ kind: 'deals', itemId: deal }, ['company']);

    expect(read.related.get('company')).toEqual([]);
  });
});

describe('sandbox relations', () => {
  it('are seeded deterministically and answered by crm.deal.contact.items.get', async () => {
    const other = await startSandbox({ rate: false, seed: { users: 6, itemsPerUser: 2 } });
    try {
      const call = async (base: string, method: string, body: unknown) =>
        (await (
          await fetch(`${base}${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json()) as { result: unknown };

      const a = await call(sandbox.webhookUrl, 'crm.deal.contact.items.get', { id: 1 });
      const b = await call(other.webhookUrl, 'crm.deal.contact.items.get', { id: 1 });
      const item = await call(sandbox.webhookUrl, 'crm.item.get', { entityTypeId: 2, id: 1 });

      expect(a.result).toEqual(b.result);
      const rows = a.result as { CONTACT_ID: number; IS_PRIMARY: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]?.IS_PRIMARY).toBe('Y');
      expect((item.result as { item: { contactIds: number[] } }).item.contactIds).toEqual(
        rows.map((r) => r.CONTACT_ID),
      );
    } finally {
      await other.close();
    }
  });
});
