/**
 * Links from the console to an item in the portal (the Changed Entities title links): the portal's own detail
 * pages, by kind. CRM kinds open `/crm/type/<entityTypeId>/details/<id>/` (the universal card, which also serves
 * leads, deals, contacts and companies); tasks open the task view; activities have no page of their own and link
 * nowhere.
 * @module
 */
import { CRM_ENTITY_TYPE_IDS, isCrmStaticKind } from '../../bitrix24/entities/crm-types.js';
import { type EntityKind, isSpaKind, spaEntityTypeId } from '../../engine/kinds.js';

const LEGACY_PATHS: Partial<Record<EntityKind, string>> = {
  leads: 'lead',
  deals: 'deal',
  contacts: 'contact',
  companies: 'company',
};

/**
 * The item's page in the portal, or null when it has none (activities) or the portal's address is unknown.
 * @example itemUrl('https://acme.bitrix24.com', 'deals', 42, 7) // https://acme.bitrix24.com/crm/deal/details/42/
 */
export function itemUrl(portalBase: string | null, kind: EntityKind, itemId: number, ownerId: number): string | null {
  if (portalBase === null) return null;
  if (kind === 'tasks') return `${portalBase}/company/personal/user/${ownerId}/tasks/task/view/${itemId}/`;
  const legacy = LEGACY_PATHS[kind];
  if (legacy !== undefined) return `${portalBase}/crm/${legacy}/details/${itemId}/`;
  const typeId = isSpaKind(kind)
    ? spaEntityTypeId(kind)
    : isCrmStaticKind(kind)
      ? CRM_ENTITY_TYPE_IDS[kind]
      : undefined;
  return typeId === undefined ? null : `${portalBase}/crm/type/${typeId}/details/${itemId}/`;
}
