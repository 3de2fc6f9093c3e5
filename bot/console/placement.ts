/**
 * The console opened as the app's page inside Bitrix24: the portal POSTs `AUTH_ID` (the viewer's access token),
 * `member_id` and `DOMAIN`. Nothing in that form is trusted as it stands: `member_id` picks the tenant, and the
 * token is checked by calling the tenant's own stored portal address (never the `DOMAIN` sent) with it
 * (`user.current`, reference §8). A token the portal accepts names the viewer; anything else is refused.
 * @module
 */
import { z } from 'zod';
import { type PortalUserId, type TenantId, toPortalUserId } from '../../engine/ids.js';
import type { Logger } from '../../engine/ports.js';
import type { TenantStore } from '../../storage/tenant-store.js';

export interface PlacementForm {
  readonly authId: string;
  readonly memberId: string;
  /** `DOMAIN` as sent (query or form); compared with the tenant's domain when present. */
  readonly domain?: string;
}

export type PlacementCheck =
  | { readonly ok: true; readonly tenantId: TenantId; readonly portalUserId: PortalUserId; readonly name: string }
  | { readonly ok: false; readonly reason: 'missing' | 'unknown_portal' | 'not_an_app_install' | 'refused' };

export interface PlacementDeps {
  readonly tenants: Pick<TenantStore, 'findByPortalMemberId'>;
  readonly fetch: typeof fetch;
  readonly logger: Logger;
  /** How long the portal has to answer (default 5 s). */
  readonly timeoutMs?: number;
}

const CurrentUser = z.object({
  result: z.object({
    ID: z.union([z.string(), z.number()]),
    NAME: z.string().optional(),
    LAST_NAME: z.string().optional(),
  }),
});

/** Reads the placement fields from the portal's form body and query (Bitrix24 puts DOMAIN in the query). */
export function parsePlacementForm(
  form: Readonly<Record<string, unknown>>,
  query: Readonly<Record<string, string | undefined>>,
): PlacementForm | null {
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : undefined);
  const authId = text(form.AUTH_ID);
  const memberId = text(form.member_id) ?? text(query.member_id);
  const domain = text(form.DOMAIN) ?? text(query.DOMAIN);
  if (authId === undefined || memberId === undefined) return null;
  return domain === undefined ? { authId, memberId } : { authId, memberId, domain };
}

/** Checks a placement form against the tenant's portal. Never throws. */
export async function verifyPlacement(form: PlacementForm, deps: PlacementDeps): Promise<PlacementCheck> {
  const tenant = await deps.tenants.findByPortalMemberId(form.memberId);
  if (tenant === null) return { ok: false, reason: 'unknown_portal' };
  const portal = tenant.portal;
  if (portal?.type !== 'oauth') return { ok: false, reason: 'not_an_app_install' };
  if (form.domain !== undefined && form.domain.toLowerCase() !== portal.domain.toLowerCase()) {
    return { ok: false, reason: 'refused' };
  }
  const endpoint = portal.clientEndpoint ?? `https://${portal.domain}/rest/`;
  try {
    const response = await deps.fetch(`${endpoint.replace(/\/?$/, '/')}user.current`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ auth: form.authId }),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 5_000),
      redirect: 'manual',
    });
    if (!response.ok) return { ok: false, reason: 'refused' };
    const parsed = CurrentUser.safeParse(await response.json());
    if (!parsed.success) return { ok: false, reason: 'refused' };
    const { ID, NAME, LAST_NAME } = parsed.data.result;
    const name = [NAME, LAST_NAME].filter((part) => part !== undefined && part !== '').join(' ');
    return { ok: true, tenantId: tenant.id, portalUserId: toPortalUserId(ID), name: name || `user #${ID}` };
  } catch (err) {
    // The token never reaches the log: only the tenant and the failure.
    deps.logger.warn({ err, tenantId: tenant.id }, 'console placement check failed');
    return { ok: false, reason: 'refused' };
  }
}
