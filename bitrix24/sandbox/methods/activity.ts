/**
 * crm.activity.list / get / update (reference §6.5): UPPER_CASE string rows; errors come with an empty code and a
 * text such as "Access denied" or "Activity is not found".
 * @module
 */
import { legacyError } from '../api-error.js';
import { ACTIVITY_FIELDS, renderRow } from '../fields.js';
import { intParam, listParam, recordParam, requiredInt } from '../params.js';
import { runList } from '../query.js';
import { applyUpdate, findItem, type UpdateErrors } from '../updates.js';
import { type MethodHandler, pageResult } from './context.js';
import { itemSource } from './sources.js';

const ERRORS: UpdateErrors = {
  notFound: () => legacyError('Activity is not found.'),
  denied: () => legacyError('Access denied.'),
  badOwner: () => legacyError('Responsible user (RESPONSIBLE_ID) is not found or is not active.'),
};

export const activityList: MethodHandler = ({ portal }, params) => {
  const page = runList(itemSource(portal, 'activities'), {
    filter: recordParam(params, 'filter'),
    order: recordParam(params, 'order'),
    start: intParam(params, 'start') ?? 0,
    fields: ACTIVITY_FIELDS,
    idField: 'ID',
    ownerField: 'RESPONSIBLE_ID',
  });
  const select = listParam(params, 'select');
  return pageResult(
    page.rows.map((item) => renderRow(item, ACTIVITY_FIELDS, select, 'ID')),
    page,
  );
};

export const activityGet: MethodHandler = ({ portal }, params) => {
  const item = findItem(portal, 'activities', requiredInt(params, 'id', ''), ERRORS);
  return { result: renderRow(item, ACTIVITY_FIELDS, undefined, 'ID') };
};

export const activityUpdate: MethodHandler = ({ portal, userId }, params) => {
  const changes = recordParam(params, 'fields');
  applyUpdate(
    portal,
    'activities',
    requiredInt(params, 'id', ''),
    { owner: changes.RESPONSIBLE_ID, title: changes.SUBJECT },
    userId,
    ERRORS,
  );
  return { result: true };
};
