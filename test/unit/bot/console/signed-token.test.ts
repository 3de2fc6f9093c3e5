import { describe, expect, it } from 'vitest';
import { createConsoleKeys } from '../../../../bot/console/keys.js';
import { createConsoleLinkIssuer } from '../../../../bot/console/links.js';
import { type ConsoleClaims, parseSignedToken, toSignedToken } from '../../../../bot/console/signed-token.js';
import { toPortalUserId, toTenantId } from '../../../../engine/ids.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const keys = createConsoleKeys(Buffer.alloc(32, 1));
const claims: ConsoleClaims = {
  v: 1,
  t: toTenantId('t1'),
  u: toPortalUserId(12),
  l: 'slack:U1 (Maria)',
  exp: NOW.getTime() + 60_000,
};

describe('console signed tokens', () => {
  it('round-trips tenant, user, label and expiry', () => {
    const token = toSignedToken(claims, keys.link);

    const parsed = parseSignedToken(token, keys.link, NOW);

    expect(parsed).toEqual({ ok: true, claims });
  });

  it.each([
    [
      'a changed body',
      (t: string) => `${Buffer.from(JSON.stringify({ ...claims, u: 1 })).toString('base64url')}.${t.split('.')[1]}`,
      'bad_signature',
    ],
    ['a changed signature', (t: string) => `${t.slice(0, -2)}AA`, 'bad_signature'],
    ['no signature', (t: string) => t.split('.')[0] ?? '', 'malformed'],
    ['two dots', (t: string) => `${t}.x`, 'malformed'],
    ['an empty token', () => '', 'malformed'],
    ['a huge token', () => 'a'.repeat(5000), 'malformed'],
  ])('refuses %s', (_name, tamper, problem) => {
    const token = tamper(toSignedToken(claims, keys.link));

    expect(parseSignedToken(token, keys.link, NOW)).toEqual({ ok: false, problem });
  });

  it('refuses an expired token, and a link used as a session (each purpose has its own key)', () => {
    const token = toSignedToken(claims, keys.link);

    expect(parseSignedToken(token, keys.link, new Date(claims.exp))).toEqual({ ok: false, problem: 'expired' });
    expect(parseSignedToken(token, keys.session, NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(new Set([keys.link, keys.session, keys.csrf]).size).toBe(3);
  });

  it('keys follow the root: another ENCRYPTION_KEY signs differently', () => {
    const other = createConsoleKeys(Buffer.alloc(32, 2));

    expect(parseSignedToken(toSignedToken(claims, other.link), keys.link, NOW)).toEqual({
      ok: false,
      problem: 'bad_signature',
    });
  });

  it('issues links to /app/login under PUBLIC_URL that expire after 15 minutes', () => {
    const issue = createConsoleLinkIssuer({ keys, baseUrl: 'https://handoff.example.com', clock: { now: () => NOW } });

    const link = issue({ tenantId: claims.t, portalUserId: claims.u, label: claims.l });

    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe('https://handoff.example.com/app/login');
    expect(link.expiresAt.toISOString()).toBe('2026-12-01T09:15:00.000Z');
    const parsed = parseSignedToken(url.searchParams.get('token') ?? '', keys.link, NOW);
    expect(parsed.ok && parsed.claims).toMatchObject({ t: 't1', u: 12, exp: link.expiresAt.getTime() });
  });
});
