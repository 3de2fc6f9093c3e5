/**
 * The proof that a request comes from the portal the app is installed in: `auth[application_token]`, given once at
 * ONAPPINSTALL and sent with every event, bot event and robot call (reference §9). We keep only its SHA-256 and
 * compare hashes in constant time; a request for an unknown portal, without a token or with another one is refused
 * before anything is done. Used by POST /bitrix24/events and (issue 10) POST /bitrix24/robot.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Tenant, TenantStore } from '../../storage/tenant-store.js';
import { type FormRecord, formString } from './form-body.js';

/** SHA-256 (hex) of an application token: what the tenant store keeps. */
export function hashApplicationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `presented` is the token whose hash is stored, in time independent of where they differ. */
export function applicationTokenMatches(storedHash: string | undefined, presented: string | undefined): boolean {
  if (storedHash === undefined || presented === undefined || presented === '') return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export type PortalRequestCheck =
  | { readonly ok: true; readonly tenant: Tenant; readonly memberId: string }
  | {
      readonly ok: false;
      /** For logs only (never the token): `no_member_id`, `unknown_portal`, `not_installed`, `token_mismatch`. */
      readonly reason: 'no_member_id' | 'unknown_portal' | 'not_installed' | 'token_mismatch';
    };

/**
 * Checks a parsed portal request (`auth[member_id]`, `auth[application_token]`) against the installed app of the
 * portal's tenant. Answer 401 to anything not `ok`, and do nothing else.
 * @example const check = await checkPortalRequest(tenants, form); if (!check.ok) return c.json({ error: … }, 401);
 */
export async function checkPortalRequest(tenants: TenantStore, form: FormRecord): Promise<PortalRequestCheck> {
  const memberId = formString(form, 'auth', 'member_id');
  if (memberId === undefined || memberId === '') return { ok: false, reason: 'no_member_id' };
  const tenant = await tenants.findByPortalMemberId(memberId);
  if (tenant === null) return { ok: false, reason: 'unknown_portal' };
  const storedHash = tenant.app?.applicationTokenHash;
  if (storedHash === undefined) return { ok: false, reason: 'not_installed' };
  if (!applicationTokenMatches(storedHash, formString(form, 'auth', 'application_token')))
    return { ok: false, reason: 'token_mismatch' };
  return { ok: true, tenant, memberId };
}
