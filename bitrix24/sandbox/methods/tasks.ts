/**
 * tasks.task.list / get / update (reference §6.6): UPPER_CASE filter, order and select keys; camelCase string
 * values in `result.tasks` / `result.task`; default order ID descending; ERROR_CORE when the responsible user does
 * not exist, "100" when `fields` is empty.
 * @module
 */
import { badRequest, SandboxApiError } from '../api-error.js';
import { TASK_FILTER_FIELDS, TASK_RESPONSE_FIELDS } from '../fields.js';
import type { StoredItem } from '../item-store.js';
import { intParam, isRecord, listParam, type Params, param, recordParam } from '../params.js';
import { runList } from '../query.js';
import { applyUpdate, findItem, type UpdateErrors } from '../updates.js';
import { type MethodHandler, pageResult } from './context.js';
import { itemSource } from './sources.js';

const ERRORS: UpdateErrors = {
  notFound: () => badRequest('ERROR_CORE', 'Task not found or not accessible'),
  denied: () => badRequest('ACCESS_DENIED', 'Access denied'),
  badOwner: () => badRequest('ERROR_CORE', 'The user specified in the Responsible field was not found'),
};

function renderTask(item: StoredItem, select: readonly string[] | undefined): Record<string, unknown> {
  const all = !select || select.length === 0 || select.includes('*');
  const names = all ? Object.keys(TASK_RESPONSE_FIELDS) : ['ID', ...select.map((s) => s.toUpperCase())];
  const row: Record<string, unknown> = {};
  for (const name of names) {
    const entry = TASK_RESPONSE_FIELDS[name];
    if (entry) row[entry[0]] = entry[1](item);
  }
  return row;
}

function taskIdParam(params: Params): number {
  const n = intParam(params, 'taskId') ?? intParam(params, 'id');
  if (n === undefined) throw badRequest('ERROR_CORE', 'Wrong task ID');
  return n;
}

export const taskList: MethodHandler = ({ portal }, params) => {
  const page = runList(itemSource(portal, 'tasks'), {
    filter: recordParam(params, 'filter'),
    order: recordParam(params, 'order'),
    start: intParam(params, 'start') ?? 0,
    fields: TASK_FILTER_FIELDS,
    idField: 'ID',
    ownerField: 'RESPONSIBLE_ID',
    defaultDescending: true,
  });
  const select = listParam(params, 'select');
  return pageResult({ tasks: page.rows.map((item) => renderTask(item, select)) }, page);
};

export const taskGet: MethodHandler = ({ portal }, params) => {
  const item = findItem(portal, 'tasks', taskIdParam(params), ERRORS);
  return { result: { task: renderTask(item, listParam(params, 'select')) } };
};

export const taskUpdate: MethodHandler = ({ portal, userId }, params) => {
  const id = taskIdParam(params);
  const fields = param(params, 'fields');
  if (!isRecord(fields) || Object.keys(fields).length === 0) {
    throw new SandboxApiError(400, '100', 'Invalid value for "fields"<br>');
  }
  const item = applyUpdate(portal, 'tasks', id, { owner: fields.RESPONSIBLE_ID, title: fields.TITLE }, userId, ERRORS);
  return { result: { task: renderTask(item, undefined) } };
};
