/**
 * The columns of a role holder (engine/roles.ts) as both role stores keep them: a type and the one id it needs.
 * A row that does not read back as a holder fails loudly (corruption), never passes through.
 * @module
 */
import { toPortalUserId } from '../engine/ids.js';
import type { RoleHolder } from '../engine/roles.js';

export interface HolderColumns {
  readonly holderType: string;
  readonly userId: number | null;
  readonly departmentId: number | null;
}

export function toHolderColumns(holder: RoleHolder): HolderColumns {
  return holder.type === 'user'
    ? { holderType: 'user', userId: holder.userId, departmentId: null }
    : { holderType: holder.type, userId: null, departmentId: holder.departmentId };
}

export function fromHolderColumns(row: HolderColumns): RoleHolder {
  if (row.holderType === 'user' && row.userId !== null) return { type: 'user', userId: toPortalUserId(row.userId) };
  if ((row.holderType === 'department' || row.holderType === 'department_head') && row.departmentId !== null) {
    return { type: row.holderType, departmentId: row.departmentId };
  }
  throw new Error(`stored role holder is not valid (type ${row.holderType})`);
}
