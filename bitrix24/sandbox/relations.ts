/**
 * CRM relations of the sandbox portal (reference §7): the contacts and company of deals and leads, the deal or lead
 * of quotes and smart invoices, activities bound by OWNER_TYPE_ID/OWNER_ID and tasks bound by UF_CRM_TASK (`D_12`).
 * Seeded deterministically from item ids, so the same seed always gives the same links; tests link items by hand
 * with `linkItem` / `bindActivity`.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import type { ItemLinks, ItemStore, StoredItem } from './item-store.js';

/** The UF_CRM_TASK prefix of a CRM kind (`SYMBOL_CODE_SHORT`, reference §6.2). */
export const CRM_SYMBOL: Readonly<Partial<Record<EntityKind, string>>> = {
  leads: 'L',
  deals: 'D',
  contacts: 'C',
  companies: 'CO',
  quotes: 'Q',
  invoices: 'SI',
};

/** entityTypeId of the kinds that can own activities and children here. */
const OWNER_TYPE_IDS: Readonly<Partial<Record<EntityKind, number>>> = { leads: 1, deals: 2, contacts: 3, companies: 4 };

interface Linkable {
  readonly store: ItemStore;
}

function requireItem(portal: Linkable, kind: EntityKind, id: number): StoredItem {
  const item = portal.store.get(kind, id);
  if (!item) throw new Error(`sandbox: no ${kind} ${id}`);
  return item;
}

/**
 * Sets (merges) an item's relations.
 * @example linkItem(portal, 'deals', 12, { contactIds: [3, 4], companyId: 5 }); linkItem(portal, 'tasks', 7, { crm: ['D_12'] })
 */
export function linkItem(portal: Linkable, kind: EntityKind, id: number, links: ItemLinks): void {
  const item = requireItem(portal, kind, id);
  item.links = { ...item.links, ...links };
}

/** Makes a quote or invoice a child of a deal or lead (quotes: dealId/leadId; invoices: parentId2/parentId1). */
export function linkParent(portal: Linkable, kind: 'quotes' | 'invoices', id: number, parent: ParentRef): void {
  const item = requireItem(portal, kind, id);
  const typeId = OWNER_TYPE_IDS[parent.kind] ?? 0;
  item.links = { ...item.links, parents: { ...item.links?.parents, [typeId]: parent.id } };
}

/** Binds a task to CRM records (UF_CRM_TASK), replacing its bindings. */
export function bindTask(portal: Linkable, taskId: number, to: readonly ParentRef[]): void {
  linkItem(portal, 'tasks', taskId, { crm: to.map((p) => `${CRM_SYMBOL[p.kind] ?? '?'}_${p.id}`) });
}

/** Binds an activity to its owner (OWNER_TYPE_ID / OWNER_ID). */
export function bindActivity(portal: Linkable, activityId: number, owner: ParentRef): void {
  const item = requireItem(portal, 'activities', activityId);
  item.bindingTypeId = OWNER_TYPE_IDS[owner.kind] ?? 0;
  item.bindingId = owner.id;
}

export interface ParentRef {
  readonly kind: EntityKind;
  readonly id: number;
}

function ids(store: ItemStore, kind: EntityKind, keep: (item: StoredItem) => boolean = () => true): number[] {
  return store
    .all(kind)
    .filter(keep)
    .map((i) => i.id);
}

function at(list: readonly number[], index: number): number | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/**
 * Links the seeded items: most deals get one or two contacts and a company, some leads a contact; every quote and
 * invoice a deal (every fifth quote a lead); two tasks in three a deal or a lead binding. Activities keep the deal
 * bindings the item seed gave them.
 */
export function seedRelations(portal: Linkable): void {
  const { store } = portal;
  const deals = ids(store, 'deals');
  const leads = ids(store, 'leads');
  const contacts = ids(store, 'contacts');
  const companies = ids(store, 'companies', (c) => !c.isMyCompany);
  deals.forEach((dealId, k) => {
    const first = at(contacts, k * 2);
    const second = at(contacts, k * 2 + 1);
    const contactIds = [first, k % 3 === 2 ? undefined : second].filter((c): c is number => c !== undefined);
    const companyId = k % 4 === 3 ? 0 : (at(companies, k) ?? 0);
    linkItem(portal, 'deals', dealId, { contactIds, companyId });
  });
  leads.forEach((leadId, k) => {
    const contact = k % 2 === 0 ? at(contacts, k + 1) : undefined;
    linkItem(portal, 'leads', leadId, { contactIds: contact === undefined ? [] : [contact], companyId: 0 });
  });
  ids(store, 'quotes').forEach((quoteId, k) => {
    const parent = k % 5 === 4 ? at(leads, k) : at(deals, k);
    if (parent !== undefined)
      linkParent(portal, 'quotes', quoteId, { kind: k % 5 === 4 ? 'leads' : 'deals', id: parent });
  });
  ids(store, 'invoices').forEach((invoiceId, k) => {
    const parent = at(deals, k * 3);
    if (parent !== undefined) linkParent(portal, 'invoices', invoiceId, { kind: 'deals', id: parent });
  });
  ids(store, 'tasks').forEach((taskId, k) => {
    const deal = at(deals, k * 2);
    const lead = at(leads, k);
    if (k % 3 === 0 && deal !== undefined) bindTask(portal, taskId, [{ kind: 'deals', id: deal }]);
    else if (k % 3 === 1 && lead !== undefined) bindTask(portal, taskId, [{ kind: 'leads', id: lead }]);
  });
}

/** The contact rows of `crm.deal.contact.items.get` / `crm.lead.contact.items.get`, first one primary. */
export function contactItems(item: StoredItem): Record<string, unknown>[] {
  return (item.links?.contactIds ?? []).map((contactId, index) => ({
    CONTACT_ID: contactId,
    SORT: (index + 1) * 10,
    ROLE_ID: 0,
    IS_PRIMARY: index === 0 ? 'Y' : 'N',
  }));
}
