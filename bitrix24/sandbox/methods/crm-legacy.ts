/**
 * Legacy crm.{lead,deal,contact,company,quote}.list / get / update (reference §6.4): UPPER_CASE rows with string ids
 * as a bare array, `result: true` on update, and errors with an EMPTY `error` code and the text in
 * `error_description` (reference §1: "crm.deal.update Not found").
 * @module
 */
import type { EntityKind } from '../../../engine/kinds.js';
import { legacyError } from '../api-error.js';
import { legacyCrmFields, renderRow } from '../fields.js';
import { intParam, listParam, type Params, recordParam, requiredInt } from '../params.js';
import { runList } from '../query.js';
import { applyUpdate, findItem, type UpdateErrors } from '../updates.js';
import { type MethodHandler, pageResult } from './context.js';
import { itemSource } from './sources.js';

/** The legacy method family of each kind that has one. */
export const LEGACY_ENTITIES: Readonly<Record<string, EntityKind>> = {
  lead: 'leads',
  deal: 'deals',
  contact: 'contacts',
  company: 'companies',
  quote: 'quotes',
};

const ERRORS: UpdateErrors = {
  notFound: () => legacyError('Not found'),
  denied: () => legacyError('Access denied.'),
  badOwner: () => legacyError('Responsible user (ASSIGNED_BY_ID) is not found or is not active.'),
  badStage: () => legacyError('Stage (STAGE_ID) is not valid.'),
};

/** The id parameter of legacy get/update: `id` or `ID`, possibly a string. */
function idParam(params: Params): number {
  return requiredInt(params, 'id', '');
}

/** list, get and update handlers for one legacy entity. */
export function legacyCrmHandlers(kind: EntityKind): Record<'list' | 'get' | 'update', MethodHandler> {
  const stageKey = kind === 'deals' ? 'STAGE_ID' : 'STATUS_ID';
  return {
    list: ({ portal }, params) => {
      const fields = legacyCrmFields(kind, portal.stages);
      const page = runList(itemSource(portal, kind), {
        filter: recordParam(params, 'filter'),
        order: recordParam(params, 'order'),
        start: intParam(params, 'start') ?? 0,
        fields,
        idField: 'ID',
        ownerField: 'ASSIGNED_BY_ID',
      });
      const select = listParam(params, 'select');
      return pageResult(
        page.rows.map((item) => renderRow(item, fields, select, 'ID')),
        page,
      );
    },
    get: ({ portal }, params) => {
      const item = findItem(portal, kind, idParam(params), ERRORS);
      return { result: renderRow(item, legacyCrmFields(kind, portal.stages), undefined, 'ID') };
    },
    update: ({ portal, userId }, params) => {
      const changes = recordParam(params, 'fields');
      applyUpdate(
        portal,
        kind,
        idParam(params),
        { owner: changes.ASSIGNED_BY_ID, title: changes.TITLE, stageId: changes[stageKey] },
        userId,
        ERRORS,
      );
      return { result: true };
    },
  };
}
