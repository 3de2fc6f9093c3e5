import { describe, expect, it } from 'vitest';
import { maskUrl, parsePortalConfig, parseWebhookUrl, toPortalConfig } from '../../../bitrix24/portal-config.js';

describe('portal configuration', () => {
  it('accepts an https webhook and normalises the trailing slash', () => {
    expect(parseWebhookUrl('https://acme.bitrix24.com/rest/1/abc123')).toEqual({
      ok: true,
      value: 'https://acme.bitrix24.com/rest/1/abc123/',
    });
  });

  it('accepts http on loopback only', () => {
    expect(parseWebhookUrl('http://127.0.0.1:8080/rest/1/code/').ok).toBe(true);
    expect(parseWebhookUrl('http://localhost/rest/1/code/').ok).toBe(true);
    const remote = parseWebhookUrl('http://acme.bitrix24.com/rest/1/code/');
    expect(remote).toEqual({ ok: false, problem: 'webhook URL must use https (http only for loopback)' });
  });

  it.each([
    ['not a url', 'is not a valid URL'],
    ['https://acme.bitrix24.com/rest/', 'must look like'],
    ['https://acme.bitrix24.com/rest/0/s3cr3t/', 'must look like'],
    ['https://acme.bitrix24.com/rest/1/s3cr3t/?x=1', 'query'],
  ])('rejects %s with a message naming the problem, not the value', (url, problem) => {
    const parsed = parseWebhookUrl(url);

    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem);
      expect(parsed.problem).not.toContain('s3cr3t');
    }
  });

  it('toPortalConfig throws an Error naming the variable', () => {
    expect(() => toPortalConfig({ kind: 'webhook', url: 'ftp://x/rest/1/secretcode/' })).toThrow(
      /BITRIX24_WEBHOOK_URL must use https/,
    );
    expect(() => toPortalConfig({ kind: 'webhook', url: 'ftp://x/rest/1/secretcode/' })).not.toThrow(/secretcode/);
  });

  it('checks an OAuth configuration field by field', () => {
    const base = {
      kind: 'oauth' as const,
      clientEndpoint: 'https://acme.bitrix24.com/rest',
      accessToken: 'a',
      refreshToken: 'r',
      clientId: 'id',
      clientSecret: 's',
      oauthUrl: 'https://oauth.bitrix.info',
      onTokens: () => undefined,
    };

    expect(parsePortalConfig(base)).toMatchObject({
      ok: true,
      value: { clientEndpoint: 'https://acme.bitrix24.com/rest/' },
    });
    expect(parsePortalConfig({ ...base, clientSecret: ' ' })).toEqual({
      ok: false,
      problem: 'BITRIX24_CLIENT_SECRET is empty',
    });
    expect(parsePortalConfig({ ...base, oauthUrl: 'http://oauth.example' })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('BITRIX24_OAUTH_URL'),
    });
  });

  it('masks the webhook code wherever a URL is printed', () => {
    expect(maskUrl('https://acme.bitrix24.com/rest/1/abc123/crm.deal.list?auth=tok')).toBe(
      'https://acme.bitrix24.com/rest/1/***/crm.deal.list',
    );
  });
});
