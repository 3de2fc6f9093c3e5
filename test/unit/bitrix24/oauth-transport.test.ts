import { describe, expect, it, vi } from 'vitest';
import { OAuthSession } from '../../../bitrix24/oauth.js';
import { createFakeFetch, fakeClient, silentLogger } from './fake-portal-fetch.js';

function session(fetch: typeof globalThis.fetch, onTokens = vi.fn()) {
  return new OAuthSession(
    {
      clientId: 'app.id',
      clientSecret: 'client-s3cret',
      oauthUrl: 'https://oauth.example.test',
      accessToken: 'old-access',
      refreshToken: 'old-refresh',
      onTokens,
    },
    { fetch, now: () => 0, logger: silentLogger, timeoutMs: 1000 },
  );
}

describe('OAuthSession', () => {
  it('refreshes once for concurrent callers and rotates the refresh token', async () => {
    const { fetch, calls } = createFakeFetch(() => ({
      body: { access_token: 'new-access', refresh_token: 'new-refresh', expires_in: 3600 },
    }));
    const onTokens = vi.fn();
    const oauth = session(fetch, onTokens);

    const tokens = await Promise.all([
      oauth.refresh('old-access'),
      oauth.refresh('old-access'),
      oauth.refresh('old-access'),
    ]);
    const late = await oauth.refresh('old-access');

    expect(tokens).toEqual(['new-access', 'new-access', 'new-access']);
    expect(late).toBe('new-access');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://oauth.example.test/oauth/token/');
    expect(calls[0]?.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'old-refresh' });
    expect(onTokens).toHaveBeenCalledWith({
      accessToken: 'new-access',
      refreshToken: 'new-refresh',
      expiresAt: new Date(3_600_000),
    });
  });

  it('turns a dead refresh token into a permanent PortalError without secrets', async () => {
    const { fetch } = createFakeFetch(() => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired' },
    }));

    const error = await session(fetch)
      .refresh('old-access')
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'invalid_grant', retryable: false });
    expect(String((error as Error).message)).not.toMatch(/s3cret|old-refresh/);
  });
});

describe('client transport', () => {
  it('sends auth in the JSON body, refreshes on expired_token and retries once', async () => {
    const tokens = createFakeFetch(() => ({ body: { access_token: 'a2', refresh_token: 'r2' } }));
    const oauth = session(tokens.fetch);
    const portal = createFakeFetch((call) =>
      call.body.auth === 'a2'
        ? { body: { result: { ID: '1' } } }
        : {
            status: 401,
            body: { error: 'expired_token', error_description: 'The access token provided has expired.' },
          },
    );
    const client = fakeClient(portal.fetch, { session: oauth, endpoint: 'https://acme.bitrix24.com/rest/' });

    const answer = await client.call('profile');

    expect(answer.result).toEqual({ ID: '1' });
    expect(portal.calls.map((c) => c.body.auth)).toEqual(['old-access', 'a2']);
    expect(portal.calls[0]?.url).toBe('https://acme.bitrix24.com/rest/profile');
  });

  it('re-POSTs to Location on a 302 and keeps the new base', async () => {
    const portal = createFakeFetch((call) =>
      call.url.startsWith('https://old.bitrix24.com/')
        ? { status: 302, body: '', headers: { location: call.url.replace('old.', 'new.') } }
        : { body: { result: call.body } },
    );
    const client = fakeClient(portal.fetch, { endpoint: 'https://old.bitrix24.com/rest/1/s3cr3t/' });

    const first = await client.call('user.get', { ID: 7 });
    await client.call('profile');

    expect(first.result).toEqual({ ID: 7 });
    expect(portal.calls.map((c) => c.url)).toEqual([
      'https://old.bitrix24.com/rest/1/s3cr3t/user.get',
      'https://new.bitrix24.com/rest/1/s3cr3t/user.get',
      'https://new.bitrix24.com/rest/1/s3cr3t/profile',
    ]);
    expect(client.maskedEndpoint).toBe('https://new.bitrix24.com/rest/1/***/');
  });

  it('refuses a redirect that downgrades to plain http off loopback', async () => {
    const portal = createFakeFetch(() => ({
      status: 302,
      body: '',
      headers: { location: 'http://evil.example/rest/1/s3cr3t/profile' },
    }));

    await expect(fakeClient(portal.fetch).call('profile')).rejects.toMatchObject({
      code: 'HTTP_302',
      retryable: false,
    });
    expect(portal.calls).toHaveLength(1);
  });

  it('retries a network error a capped number of times and never puts the URL in the error', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED https://acme.bitrix24.com/rest/1/s3cr3t/'), {
      code: 'ECONNREFUSED',
    });
    const portal = createFakeFetch(() => new TypeError('fetch failed', { cause }));

    const error = await fakeClient(portal.fetch, { retry: { serverErrorRetries: 2 } })
      .call('profile')
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(String((error as Error).message)).not.toContain('s3cr3t');
    expect(portal.calls).toHaveLength(3);
  });

  it('reads a gateway HTML page as a retryable HTTP error', async () => {
    const portal = createFakeFetch((_, i) =>
      i === 0 ? { status: 502, body: '<html>Bad gateway</html>' } : { body: { result: true } },
    );

    expect((await fakeClient(portal.fetch).call('profile')).result).toBe(true);
    expect(portal.calls).toHaveLength(2);
  });
});
