/**
 * Field maps: how each API family names and types an item's fields (reference §1 "value types", §6, §13).
 * crm.item: camelCase, numbers. Legacy crm.* and crm.activity: UPPER_CASE, strings. tasks: UPPER_CASE filter keys,
 * camelCase string values in responses. The same maps drive filters, ordering and `select`.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import type { FieldMap, Getter } from './filter.js';
import type { StoredItem } from './item-store.js';
import type { StageCatalog } from './stages.js';

/** Bitrix24 datetime as the REST API prints it. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const yn = (value: boolean): 'Y' | 'N' => (value ? 'Y' : 'N');

export const CRM_ENTITY_TYPE_IDS: Readonly<Record<string, number>> = {
  leads: 1,
  deals: 2,
  contacts: 3,
  companies: 4,
  quotes: 7,
  invoices: 31,
};

function splitName(title: string): [string, string] {
  const space = title.indexOf(' ');
  return space < 0 ? [title, ''] : [title.slice(0, space), title.slice(space + 1)];
}

/** crm.item.* fields of one kind (camelCase, numeric ids). */
export function crmItemFields(kind: EntityKind, stages: StageCatalog, entityTypeId: number): FieldMap<StoredItem> {
  const fields: Record<string, Getter<StoredItem>> = {
    id: (i) => i.id,
    entityTypeId: () => entityTypeId,
    assignedById: (i) => i.ownerId,
    createdBy: (i) => i.createdBy,
    updatedBy: (i) => i.updatedBy,
    createdTime: (i) => isoDate(i.createdAt),
    updatedTime: (i) => isoDate(i.updatedAt),
    opened: () => 'Y',
  };
  if (kind === 'contacts') {
    fields.name = (i) => splitName(i.title)[0];
    fields.lastName = (i) => splitName(i.title)[1];
  } else {
    fields.title = (i) => i.title;
  }
  if (kind === 'companies') fields.isMyCompany = (i) => yn(i.isMyCompany);
  if (kind !== 'contacts' && kind !== 'companies') {
    fields.stageId = (i) => i.stageId;
    fields.categoryId = (i) => i.categoryId;
  }
  if (kind === 'leads' || kind === 'deals') fields.stageSemanticId = (i) => stages.semanticOf(kind, i.stageId);
  if (kind === 'deals' || kind === 'quotes') fields.closed = (i) => yn(!stages.isOpen(kind, i.stageId));
  Object.assign(fields, crmRelationFields(kind));
  return fields;
}

/** The relation fields of crm.item (reference §7): contactIds/companyId on deals and leads, parent ids on children. */
function crmRelationFields(kind: EntityKind): Record<string, Getter<StoredItem>> {
  if (kind === 'deals' || kind === 'leads') {
    return { contactIds: (i) => i.links?.contactIds ?? [], companyId: (i) => i.links?.companyId ?? 0 };
  }
  const parent = (typeId: number) => (i: StoredItem) => i.links?.parents?.[typeId] ?? 0;
  if (kind === 'quotes') return { dealId: parent(2), leadId: parent(1) };
  if (kind === 'invoices') return { parentId1: parent(1), parentId2: parent(2) };
  return {};
}

/** Legacy crm.{lead,deal,contact,company,quote}.* fields (UPPER_CASE, every value a string). */
export function legacyCrmFields(kind: EntityKind, stages: StageCatalog): FieldMap<StoredItem> {
  const fields: Record<string, Getter<StoredItem>> = {
    ID: (i) => String(i.id),
    ASSIGNED_BY_ID: (i) => String(i.ownerId),
    CREATED_BY_ID: (i) => String(i.createdBy),
    MODIFY_BY_ID: (i) => String(i.updatedBy),
    DATE_CREATE: (i) => isoDate(i.createdAt),
    DATE_MODIFY: (i) => isoDate(i.updatedAt),
    OPENED: () => 'Y',
  };
  if (kind === 'contacts') {
    fields.NAME = (i) => splitName(i.title)[0];
    fields.LAST_NAME = (i) => splitName(i.title)[1];
  } else {
    fields.TITLE = (i) => i.title;
  }
  if (kind === 'leads') {
    fields.STATUS_ID = (i) => i.stageId;
    fields.STATUS_SEMANTIC_ID = (i) => stages.semanticOf(kind, i.stageId);
  }
  if (kind === 'deals') {
    fields.STAGE_ID = (i) => i.stageId;
    fields.STAGE_SEMANTIC_ID = (i) => stages.semanticOf(kind, i.stageId);
    fields.CATEGORY_ID = (i) => String(i.categoryId);
    fields.IS_RECURRING = () => 'N';
  }
  if (kind === 'quotes') fields.STATUS_ID = (i) => i.stageId;
  if (kind === 'deals' || kind === 'quotes') fields.CLOSED = (i) => yn(!stages.isOpen(kind, i.stageId));
  if (kind === 'companies') fields.IS_MY_COMPANY = (i) => yn(i.isMyCompany);
  return fields;
}

/** crm.activity.* fields (UPPER_CASE strings). STATUS 1 waiting, 2 done; COMPLETED follows it. */
export const ACTIVITY_FIELDS: FieldMap<StoredItem> = {
  ID: (i) => String(i.id),
  OWNER_ID: (i) => String(i.bindingId),
  OWNER_TYPE_ID: (i) => String(i.bindingTypeId),
  TYPE_ID: () => '2',
  PROVIDER_ID: () => 'VOXIMPLANT_CALL',
  PROVIDER_TYPE_ID: () => 'CALL',
  SUBJECT: (i) => i.title,
  COMPLETED: (i) => yn(i.stageId !== '1'),
  STATUS: (i) => i.stageId,
  RESPONSIBLE_ID: (i) => String(i.ownerId),
  AUTHOR_ID: (i) => String(i.createdBy),
  EDITOR_ID: (i) => String(i.updatedBy),
  CREATED: (i) => isoDate(i.createdAt),
  LAST_UPDATED: (i) => isoDate(i.updatedAt),
  START_TIME: (i) => isoDate(i.createdAt),
  END_TIME: (i) => isoDate(i.createdAt + 3_600_000),
  DEADLINE: (i) => isoDate(i.createdAt + 86_400_000),
};

/** tasks.task.list filter and order keys (UPPER_CASE). */
export const TASK_FILTER_FIELDS: FieldMap<StoredItem> = {
  ID: (i) => i.id,
  TITLE: (i) => i.title,
  RESPONSIBLE_ID: (i) => i.ownerId,
  CREATED_BY: (i) => i.createdBy,
  REAL_STATUS: (i) => Number(i.stageId),
  STATUS: (i) => Number(i.stageId),
  GROUP_ID: () => 0,
  CREATED_DATE: (i) => isoDate(i.createdAt),
  CHANGED_DATE: (i) => isoDate(i.updatedAt),
  DEADLINE: (i) => isoDate(i.createdAt + 7 * 86_400_000),
  UF_CRM_TASK: (i) => i.links?.crm ?? [],
};

/** tasks.task.* response keys (camelCase strings) and the UPPER_CASE select name of each. */
export const TASK_RESPONSE_FIELDS: Readonly<Record<string, [string, Getter<StoredItem>]>> = {
  ID: ['id', (i) => String(i.id)],
  TITLE: ['title', (i) => i.title],
  RESPONSIBLE_ID: ['responsibleId', (i) => String(i.ownerId)],
  CREATED_BY: ['createdBy', (i) => String(i.createdBy)],
  REAL_STATUS: ['status', (i) => i.stageId],
  STATUS: ['subStatus', (i) => i.stageId],
  GROUP_ID: ['groupId', () => '0'],
  CREATED_DATE: ['createdDate', (i) => isoDate(i.createdAt)],
  CHANGED_DATE: ['changedDate', (i) => isoDate(i.updatedAt)],
  CLOSED_DATE: ['closedDate', (i) => (Number(i.stageId) === 5 ? isoDate(i.updatedAt) : null)],
  DEADLINE: ['deadline', (i) => isoDate(i.createdAt + 7 * 86_400_000)],
  UF_CRM_TASK: ['ufCrmTask', (i) => i.links?.crm ?? []],
};

/**
 * Picks the selected fields of a row; `*` or no select gives every field. The id field always comes back.
 * @example renderRow(item, fields, ['ID', 'ASSIGNED_BY_ID'], 'ID')
 */
export function renderRow<T>(
  item: T,
  fields: FieldMap<T>,
  select: readonly string[] | undefined,
  idField: string,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const all = !select || select.length === 0 || select.includes('*');
  const wanted = all ? Object.keys(fields) : [idField, ...select];
  for (const name of wanted) {
    const get = fields[name];
    if (get) row[name] = get(item);
  }
  return row;
}
