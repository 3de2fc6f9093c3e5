/**
 * CRM activities (calls, meetings, e-mails, to-dos) through crm.activity.* (reference §6.5): open means not
 * COMPLETED. Legacy errors come with an empty code; errors.ts reads the description instead.
 * @module
 */
import type { ListQuery } from '../listing.js';
import type { QueryValue } from '../query-string.js';
import { text, workItemOf } from './row.js';
import type { EntityModule } from './types.js';

function query(filter: Readonly<Record<string, QueryValue>>): ListQuery {
  return {
    method: 'crm.activity.list',
    params: { select: ['ID', 'SUBJECT', 'RESPONSIBLE_ID'] },
    filter,
    idKey: 'ID',
    ascending: 'ASC',
    rowIdField: 'ID',
  };
}

export const activities: EntityModule = {
  kind: 'activities',
  async ownerQuery(ownerId, scope) {
    return query({ RESPONSIBLE_ID: ownerId, ...(scope === 'open' ? { COMPLETED: 'N' } : {}) });
  },
  async scopedQuery(filter, scope) {
    return query({ ...filter, ...(scope === 'open' ? { COMPLETED: 'N' } : {}) });
  },
  idsQuery: (itemIds) => query({ '@ID': [...itemIds] }),
  updateCommand: (itemId, ownerId) => ({
    method: 'crm.activity.update',
    params: { id: itemId, fields: { RESPONSIBLE_ID: ownerId } },
  }),
  toWorkItem: (row) => workItemOf(row, { id: 'ID', owner: 'RESPONSIBLE_ID' }, text(row.SUBJECT), 'Activity'),
};
