/**
 * One module shape for every CRM kind through the universal `crm.item.*` API (reference §6.2): the ID cursor is
 * confirmed for crm.item.list, errors carry real codes (NOT_FOUND, ACCESS_DENIED), and an update that changes
 * nothing saves nothing, so re-running a handoff is safe.
 * @module
 */
import type { PortalUserId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { ItemScope } from '../../engine/ports.js';
import type { ListQuery } from '../listing.js';
import type { QueryValue } from '../query-string.js';
import { text, workItemOf } from './row.js';
import type { EntityContext, EntityModule } from './types.js';

export interface CrmItemKindSpec {
  readonly kind: EntityKind;
  readonly entityTypeId: number;
  /** Singular label for untitled items ("Deal #12"). */
  readonly label: string;
  /** Fields that make the item's human title, joined by a space. */
  readonly titleFields: readonly string[];
  /** The filter that keeps open items only ({} when the kind has no state). */
  openFilter(context: EntityContext): Promise<Readonly<Record<string, QueryValue>>>;
  /** A filter applied in every scope (companies leave out the portal's own legal entities). */
  readonly alwaysFilter?: Readonly<Record<string, QueryValue>>;
}

/** Builds the module of a crm.item kind. */
export function createCrmItemModule(spec: CrmItemKindSpec): EntityModule {
  const select = ['id', 'assignedById', ...spec.titleFields];
  const query = (filter: Readonly<Record<string, QueryValue>>): ListQuery => ({
    method: 'crm.item.list',
    params: { entityTypeId: spec.entityTypeId, select },
    filter,
    idKey: 'id',
    ascending: 'ASC',
    rowsKey: 'items',
    rowIdField: 'id',
  });
  return {
    kind: spec.kind,
    async ownerQuery(ownerId: PortalUserId, scope: ItemScope, context: EntityContext) {
      const open = scope === 'open' ? await spec.openFilter(context) : {};
      return query({ assignedById: ownerId, ...spec.alwaysFilter, ...open });
    },
    async scopedQuery(filter, scope, context) {
      const open = scope === 'open' ? await spec.openFilter(context) : {};
      return query({ ...filter, ...spec.alwaysFilter, ...open });
    },
    idsQuery: (itemIds) => query({ '@id': [...itemIds] }),
    updateCommand: (itemId, ownerId) => ({
      method: 'crm.item.update',
      params: { entityTypeId: spec.entityTypeId, id: itemId, fields: { assignedById: ownerId } },
    }),
    toWorkItem: (row) =>
      workItemOf(
        row,
        { id: 'id', owner: 'assignedById' },
        spec.titleFields.map((field) => text(row[field])).join(' '),
        spec.label,
      ),
  };
}

/** Open filter of kinds whose pipelines end in final stages (invoices, smart processes): not in a final stage (§6.3). */
export async function notInFinalStage(
  entityTypeId: number,
  context: EntityContext,
): Promise<Readonly<Record<string, QueryValue>>> {
  const finals = await context.finalStageIds(entityTypeId);
  return finals.length > 0 ? { '!@stageId': [...finals] } : {};
}
