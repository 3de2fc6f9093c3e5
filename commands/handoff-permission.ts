/**
 * Who may hand off whose work: a portal admin, an HR person of the tenant (issue 12, storage/hr-people-store.ts), a
 * head of one of the from-user's departments, or the from-user for themself. Anyone else is told who can (the
 * heads, by name). Every surface asks it (Slack, Bitrix24 chat, the console), so none decides on its own.
 * @module
 */
import type { PortalUserId } from '../engine/ids.js';
import type { Head, PortalUser, WorkSystem } from '../engine/ports.js';

export type Permission =
  | { readonly ok: true; readonly as: 'self' | 'admin' | 'hr' | 'head' }
  | { readonly ok: false; readonly heads: readonly Head[] };

/**
 * Decides whether `actor` may hand off the work of `fromUserId`.
 * @example await checkHandoffPermission(workSystem, actor, toPortalUserId(12)) // { ok: true, as: 'head' }
 */
export async function checkHandoffPermission(
  workSystem: Pick<WorkSystem, 'headsOf'>,
  actor: PortalUser,
  fromUserId: PortalUserId,
  options: { readonly hr?: boolean } = {},
): Promise<Permission> {
  if (actor.id === fromUserId) return { ok: true, as: 'self' };
  if (actor.isAdmin) return { ok: true, as: 'admin' };
  if (options.hr === true) return { ok: true, as: 'hr' };
  const heads = await workSystem.headsOf(fromUserId);
  if (heads.some((h) => h.user.id === actor.id)) return { ok: true, as: 'head' };
  return { ok: false, heads };
}
