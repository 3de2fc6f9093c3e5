/**
 * Signed, expiring tokens for the web console: the link a chat bot sends (`/handoff console`) and the session
 * cookie it is exchanged for. `<base64url JSON>.<base64url HMAC-SHA256>`, each kind under its own key
 * (keys.ts), so a link can never be replayed as a session or the other way round. Pure: the caller passes `now`.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PortalUserId, TenantId } from '../../engine/ids.js';

/** Who a token speaks for: one portal user of one tenant, until `exp`. */
export const ConsoleClaims = z.object({
  v: z.literal(1),
  /** tenant */
  t: TenantId,
  /** portal user id */
  u: PortalUserId,
  /** label for the audit trail, e.g. "slack:U123 (Maria)" */
  l: z.string().max(200),
  /** expiry, epoch ms */
  exp: z.number().int().positive(),
  /** session id (sessions only): keys the CSRF token */
  sid: z.string().max(64).optional(),
});
export type ConsoleClaims = z.infer<typeof ConsoleClaims>;

export type TokenProblem = 'malformed' | 'bad_signature' | 'expired';

/** Longest token accepted: a few hundred bytes in practice; anything longer is not ours. */
const MAX_TOKEN_LENGTH = 2048;

function signatureOf(body: string, key: string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

/**
 * Signs claims.
 * @example toSignedToken({ v: 1, t, u, l: 'slack:U1 (Maria)', exp: now + 600_000 }, keys.link)
 */
export function toSignedToken(claims: ConsoleClaims, key: string): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${signatureOf(body, key).toString('base64url')}`;
}

/** Checks the signature (constant time), then the shape, then the expiry. Never throws. */
export function parseSignedToken(
  token: string,
  key: string,
  now: Date,
): { ok: true; claims: ConsoleClaims } | { ok: false; problem: TokenProblem } {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, problem: 'malformed' };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = signatureOf(body, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'bad_signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const parsed = ConsoleClaims.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'malformed' };
  if (parsed.data.exp <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, claims: parsed.data };
}
