/**
 * crm.item.list / get / update: the universal CRM API (reference §6.2). camelCase fields, numeric ids, rows under
 * `result.items` / `result.item`, NOT_FOUND and ACCESS_DENIED as HTTP 400.
 * @module
 */
import type { EntityKind } from '../../../engine/kinds.js';
import { badRequest } from '../api-error.js';
import { CRM_ENTITY_TYPE_IDS, crmItemFields, renderRow } from '../fields.js';
import { intParam, listParam, type Params, recordParam, requiredInt } from '../params.js';
import type { SandboxPortal } from '../portal.js';
import { runList } from '../query.js';
import { applyUpdate, findItem, type UpdateErrors } from '../updates.js';
import { type MethodHandler, pageResult } from './context.js';
import { itemSource } from './sources.js';

/** The entity kind of an entityTypeId, or a 400 the way crm.item answers unknown types. */
export function kindOfEntityType(portal: SandboxPortal, entityTypeId: number): EntityKind {
  for (const [kind, id] of Object.entries(CRM_ENTITY_TYPE_IDS)) {
    if (id === entityTypeId) return kind as EntityKind;
  }
  if (portal.spaTypes.some((t) => t.entityTypeId === entityTypeId)) return `spa:${entityTypeId}`;
  if (entityTypeId === 5) throw badRequest('ENTITY_TYPE_NOT_SUPPORTED', 'Entity type 5 is not supported');
  throw badRequest('NOT_FOUND', 'Smart process not found');
}

const ERRORS: UpdateErrors = {
  notFound: () => badRequest('NOT_FOUND', 'Element not found'),
  denied: () => badRequest('ACCESS_DENIED', 'Access denied'),
  badOwner: () =>
    badRequest('CRM_FIELD_ERROR_VALUE_NOT_VALID', 'Invalid value of the field "Responsible person" (assignedById)'),
  badStage: () => badRequest('CRM_FIELD_ERROR_VALUE_NOT_VALID', 'Invalid value of the field "Stage" (stageId)'),
};

function target(portal: SandboxPortal, params: Params) {
  const entityTypeId = requiredInt(params, 'entityTypeId');
  const kind = kindOfEntityType(portal, entityTypeId);
  return { kind, fields: crmItemFields(kind, portal.stages, entityTypeId) };
}

export const crmItemList: MethodHandler = ({ portal }, params) => {
  const { kind, fields } = target(portal, params);
  const page = runList(itemSource(portal, kind), {
    filter: recordParam(params, 'filter'),
    order: recordParam(params, 'order'),
    start: intParam(params, 'start') ?? 0,
    fields,
    idField: 'id',
    ownerField: 'assignedById',
  });
  const select = listParam(params, 'select');
  return pageResult({ items: page.rows.map((item) => renderRow(item, fields, select, 'id')) }, page);
};

export const crmItemGet: MethodHandler = ({ portal }, params) => {
  const { kind, fields } = target(portal, params);
  const item = findItem(portal, kind, requiredInt(params, 'id'), ERRORS);
  return { result: { item: renderRow(item, fields, undefined, 'id') } };
};

export const crmItemUpdate: MethodHandler = ({ portal, userId }, params) => {
  const { kind, fields } = target(portal, params);
  const changes = recordParam(params, 'fields');
  const item = applyUpdate(
    portal,
    kind,
    requiredInt(params, 'id'),
    { owner: changes.assignedById, title: changes.title, stageId: changes.stageId },
    userId,
    ERRORS,
  );
  return { result: { item: renderRow(item, fields, undefined, 'id') } };
};
