/**
 * Reading rows of Bitrix24 list answers: ids and user ids arrive as numbers (crm.item) or strings (legacy, tasks),
 * titles may be missing (reference §1, §13).
 * @module
 */
import { PortalUserId } from '../../engine/ids.js';
import type { WorkItem } from '../../engine/ports.js';

/** A positive integer from a number or a numeric string, else undefined. */
export function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Builds a WorkItem from the row's id, owner and title fields; null when the id or owner is missing. */
export function workItemOf(
  row: Readonly<Record<string, unknown>>,
  fields: { readonly id: string; readonly owner: string },
  title: string,
  fallbackLabel: string,
): WorkItem | null {
  const itemId = positiveInt(row[fields.id]);
  const owner = PortalUserId.safeParse(row[fields.owner]);
  if (itemId === undefined || !owner.success) return null;
  const text = title.replace(/\s+/g, ' ').trim();
  return { itemId, ownerId: owner.data, title: text === '' ? `${fallbackLabel} #${itemId}` : text.slice(0, 250) };
}

/** A string field, or '' when absent. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
