/**
 * crm.type.list (smart-process types under `result.types`), crm.status.list and crm.status.entity.types (stage
 * directories with SEMANTICS, reference §6.3).
 * @module
 */

import { renderRow } from '../fields.js';
import type { FieldMap } from '../filter.js';
import { intParam, listParam, recordParam } from '../params.js';
import { runList } from '../query.js';
import type { SpaType } from '../types.js';
import { type MethodHandler, pageResult } from './context.js';
import { arraySource } from './sources.js';

const yn = (value: boolean): 'Y' | 'N' => (value ? 'Y' : 'N');

const TYPE_FIELDS: FieldMap<SpaType> = {
  id: (t) => t.id,
  entityTypeId: (t) => t.entityTypeId,
  title: (t) => t.title,
  code: () => '',
  isStagesEnabled: (t) => yn(t.isStagesEnabled),
  isCategoriesEnabled: (t) => yn(t.categoryIds.length > 1),
  isObserversEnabled: () => 'Y',
  isAutomationEnabled: () => 'Y',
  isClientEnabled: () => 'Y',
  createdBy: () => 1,
};

export const crmTypeList: MethodHandler = ({ portal }, params) => {
  const page = runList(
    arraySource(portal.spaTypes, (t) => t.id),
    {
      filter: recordParam(params, 'filter'),
      order: recordParam(params, 'order'),
      start: intParam(params, 'start') ?? 0,
      fields: TYPE_FIELDS,
      idField: 'id',
    },
  );
  const select = listParam(params, 'select');
  return pageResult({ types: page.rows.map((t) => renderRow(t, TYPE_FIELDS, select, 'id')) }, page);
};

interface StatusRow {
  readonly id: number;
  readonly entityId: string;
  readonly statusId: string;
  readonly name: string;
  readonly sort: number;
  readonly categoryId: number | null;
  readonly semantics: 'S' | 'F' | null;
}

const STATUS_FIELDS: FieldMap<StatusRow> = {
  ID: (s) => String(s.id),
  ENTITY_ID: (s) => s.entityId,
  STATUS_ID: (s) => s.statusId,
  NAME: (s) => s.name,
  NAME_INIT: (s) => s.name,
  SORT: (s) => String(s.sort),
  SYSTEM: (s) => yn(s.semantics !== null || s.sort === 10),
  CATEGORY_ID: (s) => (s.categoryId === null ? null : String(s.categoryId)),
  COLOR: () => '#39A8EF',
  SEMANTICS: (s) => s.semantics,
};

export const crmStatusList: MethodHandler = ({ portal }, params) => {
  const rows: StatusRow[] = [];
  for (const dir of portal.stages.directories) {
    for (const stage of dir.stages) {
      rows.push({ id: rows.length + 1, entityId: dir.entityId, categoryId: dir.categoryId, ...stage });
    }
  }
  const page = runList(
    arraySource(rows, (s) => s.id),
    {
      filter: recordParam(params, 'filter'),
      order: recordParam(params, 'order'),
      start: intParam(params, 'start') ?? 0,
      fields: STATUS_FIELDS,
      idField: 'ID',
    },
  );
  return pageResult(
    page.rows.map((s) => renderRow(s, STATUS_FIELDS, undefined, 'ID')),
    page,
  );
};

export const crmStatusEntityTypes: MethodHandler = ({ portal }) => ({
  result: portal.stages.directories.map((dir) => ({
    ID: dir.entityId,
    NAME: dir.name,
    ENTITY_TYPE_ID: dir.entityTypeId,
    ...(dir.categoryId === null ? {} : { CATEGORY_ID: dir.categoryId }),
    SEMANTIC_INFO: { FINAL_SUCCESS_FIELD: dir.stages.find((s) => s.semantics === 'S')?.statusId ?? '' },
  })),
});
