/** Webhook and OAuth auth, expired tokens, the refresh endpoint, and the 302 after a domain move. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import { post } from './http.js';

let clock = Date.UTC(2026, 5, 1);
let sandbox: RunningSandbox;
const oauth = { clientId: 'app.test', clientSecret: 'secret', accessTokenTtlMs: 60_000 };

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false, oauth, now: () => clock, seed: { users: 4 } });
});

afterAll(async () => {
  await sandbox.close();
});

async function refresh(refreshToken: string, clientSecret = oauth.clientSecret) {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: oauth.clientId,
    client_secret: clientSecret,
    refresh_token: refreshToken,
  });
  const response = await fetch(`${sandbox.url}/oauth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('webhook auth', () => {
  it('answers the webhook user and refuses a wrong code with 401 NO_AUTH_FOUND', async () => {
    const ok = await post(sandbox.webhookUrl, 'user.current');
    const wrong = await post(`${sandbox.url}/rest/1/wrongcode/`, 'user.current');

    expect(ok.json.result).toMatchObject({ ID: '1' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('NO_AUTH_FOUND');
  });

  it('answers 404 ERROR_METHOD_NOT_FOUND for unknown methods', async () => {
    const answer = await post(sandbox.webhookUrl, 'crm.nothing.list');

    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe('ERROR_METHOD_NOT_FOUND');
  });
});

describe('OAuth', () => {
  it('accepts auth in the body or the query and runs as the token user', async () => {
    const tokens = sandbox.portal.issueTokens(2);

    const inBody = await post(tokens.client_endpoint, 'profile', { auth: tokens.access_token });
    const inQuery = await post(tokens.client_endpoint, `user.current.json?auth=${tokens.access_token}`);
    const missing = await post(tokens.client_endpoint, 'profile');

    expect(inBody.json.result).toMatchObject({ ID: '2' });
    expect(inQuery.json.result).toMatchObject({ ID: '2' });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toBe('NO_AUTH_FOUND');
  });

  it('answers 401 expired_token after the TTL, and a refresh rotates both tokens', async () => {
    const tokens = sandbox.portal.issueTokens();
    clock += 61_000;

    const expired = await post(tokens.client_endpoint, 'profile', { auth: tokens.access_token });
    const renewed = await refresh(tokens.refresh_token);
    const again = await post(tokens.client_endpoint, 'profile', { auth: renewed.json.access_token });
    const reused = await refresh(tokens.refresh_token);

    expect(expired.status).toBe(401);
    expect(expired.json.error).toBe('expired_token');
    expect(renewed.status).toBe(200);
    expect(renewed.json).toMatchObject({ expires_in: 60, member_id: expect.any(String), user_id: 1 });
    expect(renewed.json.refresh_token).not.toBe(tokens.refresh_token);
    expect(again.status).toBe(200);
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(sandbox.portal.stats().refreshes).toBeGreaterThanOrEqual(1);
  });

  it('expires every issued token on demand and refuses a wrong client secret', async () => {
    const tokens = sandbox.portal.issueTokens();
    sandbox.portal.expireAccessTokens();

    const expired = await post(tokens.client_endpoint, 'profile', { auth: tokens.access_token });
    const badClient = await refresh(tokens.refresh_token, 'wrong');

    expect(expired.json.error).toBe('expired_token');
    expect(badClient.status).toBe(401);
    expect(badClient.json.error).toBe('invalid_client');
  });
});

describe('domain move', () => {
  it('answers 302 from the old base to the new one, which then works', async () => {
    const oldBase = sandbox.webhookUrl;
    const newBase = sandbox.portal.moveDomain();

    const moved = await post(oldBase, 'profile.json?x=1');
    const followed = await post(moved.location ?? '', '', {});

    expect(moved.status).toBe(302);
    expect(moved.location).toBe(`${newBase}/rest/1/sandboxcode12345/profile.json?x=1`);
    expect(followed.status).toBe(200);
    expect(followed.json.result).toMatchObject({ ID: '1' });
    expect(sandbox.portal.webhookUrl.startsWith(newBase)).toBe(true);
  });
});
