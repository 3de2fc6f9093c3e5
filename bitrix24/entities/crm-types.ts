/**
 * Bitrix24's CRM entityTypeIds of the static kinds (reference §6.2): one table for the entity modules, the robot's
 * related records and the console's links to item pages. Smart processes carry theirs in the kind (`spa:<id>`).
 * @module
 */
import type { StaticKind } from '../../engine/kinds.js';

export const CRM_ENTITY_TYPE_IDS = {
  leads: 1,
  deals: 2,
  contacts: 3,
  companies: 4,
  quotes: 7,
  invoices: 31,
} as const satisfies Partial<Record<StaticKind, number>>;

export type CrmStaticKind = keyof typeof CRM_ENTITY_TYPE_IDS;

/** Whether a static kind lives in the CRM (tasks and activities do not). */
export function isCrmStaticKind(kind: string): kind is CrmStaticKind {
  return Object.hasOwn(CRM_ENTITY_TYPE_IDS, kind);
}
