/**
 * The items of one portal: a Map per entity kind, an ascending id list for full scans, and an owner index for
 * "items of user A after id N". Ids come from one sequence per kind, like a real portal's tables.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import { OwnerIndex } from './owner-index.js';

/** The mutable record behind every API shape of an item. */
export interface StoredItem {
  readonly kind: EntityKind;
  readonly id: number;
  title: string;
  ownerId: number;
  /** Stage/status id (tasks: REAL_STATUS as a string, activities: STATUS '1' waiting / '2' done). */
  stageId: string;
  categoryId: number;
  readonly createdBy: number;
  readonly createdAt: number;
  updatedAt: number;
  updatedBy: number;
  isMyCompany: boolean;
  /** Activities: the CRM item they are bound to (OWNER_TYPE_ID, OWNER_ID); 0 otherwise. */
  bindingTypeId: number;
  bindingId: number;
  updateCount: number;
  manualChanges: number;
  /** CRM relations (reference §7): contacts and company of a deal or lead, parents of quotes and invoices, task bindings. */
  links?: ItemLinks;
}

/** How an item relates to others, as the API shows it (sandbox/relations.ts seeds them). */
export interface ItemLinks {
  /** Deals and leads: `contactIds` (crm.item) and the rows of `crm.deal.contact.items.get`. */
  contactIds?: number[];
  /** Deals and leads: `companyId` (0 means none). */
  companyId?: number;
  /** Quotes: `dealId` / `leadId`; invoices: `parentId2` / `parentId1` (the parent's entityTypeId picks the field). */
  parents?: Record<number, number>;
  /** Tasks: `UF_CRM_TASK` values such as `D_12` or `L_4` (reference §6.6). */
  crm?: string[];
}

export type NewStoredItem = Omit<StoredItem, 'id' | 'kind' | 'updateCount' | 'manualChanges'>;

class KindTable {
  readonly items = new Map<number, StoredItem>();
  /** Every id ever created, ascending (deleted ones are skipped on read). */
  readonly allIds: number[] = [];
  readonly owners = new OwnerIndex();
  nextId = 1;
}

export class ItemStore {
  private readonly tables = new Map<EntityKind, KindTable>();

  private table(kind: EntityKind): KindTable {
    let table = this.tables.get(kind);
    if (!table) {
      table = new KindTable();
      this.tables.set(kind, table);
    }
    return table;
  }

  kinds(): EntityKind[] {
    return [...this.tables.keys()];
  }

  add(kind: EntityKind, fields: NewStoredItem): StoredItem {
    const table = this.table(kind);
    const item: StoredItem = { ...fields, kind, id: table.nextId, updateCount: 0, manualChanges: 0 };
    table.nextId += 1;
    table.items.set(item.id, item);
    table.allIds.push(item.id);
    table.owners.add(item.ownerId, item.id);
    return item;
  }

  get(kind: EntityKind, id: number): StoredItem | undefined {
    return this.tables.get(kind)?.items.get(id);
  }

  delete(kind: EntityKind, id: number): boolean {
    const table = this.tables.get(kind);
    const item = table?.items.get(id);
    if (!table || !item) return false;
    table.items.delete(id);
    table.owners.remove(item.ownerId);
    return true;
  }

  /** Changes the owner and keeps the index right. Does not count updates: callers decide what counts. */
  setOwner(item: StoredItem, ownerId: number): void {
    if (item.ownerId === ownerId) return;
    const table = this.table(item.kind);
    table.owners.remove(item.ownerId);
    item.ownerId = ownerId;
    table.owners.add(ownerId, item.id);
  }

  count(kind: EntityKind): number {
    return this.tables.get(kind)?.items.size ?? 0;
  }

  /** Every live item of a kind in ascending id order. */
  all(kind: EntityKind): StoredItem[] {
    return [...(this.tables.get(kind)?.items.values() ?? [])];
  }

  /** Ascending candidate ids of every item of the kind; may include deleted ids (callers look each one up). */
  allIds(kind: EntityKind): readonly number[] {
    return this.tables.get(kind)?.allIds ?? [];
  }

  /** Ascending candidate ids of the owner's items; may include stale ids (callers check the owner). */
  idsOfOwner(kind: EntityKind, ownerId: number): readonly number[] {
    const table = this.tables.get(kind);
    if (!table) return [];
    return table.owners.idsOf(ownerId, (id) => table.items.get(id)?.ownerId === ownerId);
  }
}
