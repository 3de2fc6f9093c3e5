/**
 * Tasks through tasks.task.* (reference §6.6): UPPER_CASE request keys, camelCase string answers in
 * `result.tasks`. Open means not completed: REAL_STATUS 1–4 plus 6 (deferred, still the person's work), written
 * as two conditions on one field because the tasks filter has no NOT IN.
 * @module
 */
import type { ListQuery } from '../listing.js';
import type { QueryValue } from '../query-string.js';
import { text, workItemOf } from './row.js';
import type { EntityModule } from './types.js';

const COMPLETED = 5;
const DECLINED = 7;

function query(filter: Readonly<Record<string, QueryValue>>): ListQuery {
  return {
    method: 'tasks.task.list',
    params: { select: ['ID', 'TITLE', 'RESPONSIBLE_ID'] },
    filter,
    idKey: 'ID',
    ascending: 'asc',
    rowsKey: 'tasks',
    rowIdField: 'id',
  };
}

export const tasks: EntityModule = {
  kind: 'tasks',
  async ownerQuery(ownerId, scope) {
    const open = scope === 'open' ? { '!REAL_STATUS': COMPLETED, '<REAL_STATUS': DECLINED } : {};
    return query({ RESPONSIBLE_ID: ownerId, ...open });
  },
  async scopedQuery(filter, scope) {
    const open = scope === 'open' ? { '!REAL_STATUS': COMPLETED, '<REAL_STATUS': DECLINED } : {};
    return query({ ...filter, ...open });
  },
  // An array value is IN for the tasks filter too.
  idsQuery: (itemIds) => query({ ID: [...itemIds] }),
  updateCommand: (itemId, ownerId) => ({
    method: 'tasks.task.update',
    params: { taskId: itemId, fields: { RESPONSIBLE_ID: ownerId } },
  }),
  toWorkItem: (row) => workItemOf(row, { id: 'id', owner: 'responsibleId' }, text(row.title), 'Task'),
};
