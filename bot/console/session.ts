/**
 * The console session: a signed cookie (no server-side table) naming the tenant, the portal user and an expiry,
 * HttpOnly so page scripts never see it. Every state-changing request must also carry the session's CSRF token
 * (an HMAC of the session id, rendered into the page) and come from our own origin; SameSite on the cookie is the
 * first line, the token and the origin check the second.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import { sameSecret } from '../same-secret.js';
import type { ConsoleKeys } from './keys.js';
import { type ConsoleClaims, parseSignedToken, toSignedToken } from './signed-token.js';

export const SESSION_COOKIE = 'handoff_console';
/** A working day: long enough not to interrupt, short enough that a stolen cookie dies soon (no revocation list). */
export const SESSION_TTL_MS = 8 * 60 * 60_000;
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  readonly tenantId: TenantId;
  readonly portalUserId: PortalUserId;
  readonly label: string;
  readonly expiresAt: Date;
  /** The token POSTs must send in `X-CSRF-Token`. */
  readonly csrfToken: string;
}

export function csrfTokenOf(sessionId: string, keys: Pick<ConsoleKeys, 'csrf'>): string {
  return createHmac('sha256', keys.csrf).update(sessionId).digest('base64url');
}

function toSession(claims: ConsoleClaims, keys: ConsoleKeys): ConsoleSession {
  return {
    tenantId: claims.t,
    portalUserId: claims.u,
    label: claims.l,
    expiresAt: new Date(claims.exp),
    csrfToken: csrfTokenOf(claims.sid ?? '', keys),
  };
}

/**
 * How the cookie travels. `top-level`: the page opened from a link (SameSite=Lax: sent on our own requests and
 * on navigation to us, not on other sites' POSTs). `embedded`: the page inside the Bitrix24 portal's frame, a
 * third-party context where only `SameSite=None; Secure; Partitioned` cookies are sent — which needs https; on
 * plain http (a loopback test) it falls back to Lax.
 */
export type CookieContext = 'top-level' | 'embedded';

/** Starts a session for the person a link or the portal vouched for; sets the cookie and returns the session. */
export function startSession(
  c: Context,
  who: { readonly tenantId: TenantId; readonly portalUserId: PortalUserId; readonly label: string },
  options: {
    readonly keys: ConsoleKeys;
    readonly now: Date;
    readonly secure: boolean;
    readonly context: CookieContext;
  },
): ConsoleSession {
  const claims: ConsoleClaims = {
    v: 1,
    t: who.tenantId,
    u: who.portalUserId,
    l: who.label.slice(0, 200),
    exp: options.now.getTime() + SESSION_TTL_MS,
    sid: randomBytes(16).toString('base64url'),
  };
  const embedded = options.context === 'embedded' && options.secure;
  setCookie(c, SESSION_COOKIE, toSignedToken(claims, options.keys.session), {
    path: '/app',
    httpOnly: true,
    secure: options.secure,
    sameSite: embedded ? 'None' : 'Lax',
    ...(embedded ? { partitioned: true } : {}),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return toSession(claims, options.keys);
}

/** The session of this request, or null (no cookie, a forged one, an expired one). */
export function readSession(c: Context, keys: ConsoleKeys, now: Date): ConsoleSession | null {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined) return null;
  const parsed = parseSignedToken(cookie, keys.session, now);
  return parsed.ok && parsed.claims.sid !== undefined ? toSession(parsed.claims, keys) : null;
}

/** Constant-time comparison of the CSRF token a request sent with the session's. */
export function isSameCsrfToken(given: string | undefined, session: ConsoleSession): boolean {
  return given !== undefined && sameSecret(given, session.csrfToken);
}

/**
 * Whether a state-changing request comes from our own pages: the browser's `Sec-Fetch-Site` (when sent) is
 * same-origin, and `Origin` (when sent) is one of ours. Browsers send at least one of them on every POST.
 */
export function isOwnOrigin(c: Context, ownOrigins: readonly string[]): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = c.req.header('origin');
  if (origin !== undefined && !ownOrigins.includes(origin)) return false;
  return site !== undefined || origin !== undefined;
}
