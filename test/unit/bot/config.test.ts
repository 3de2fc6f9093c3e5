import { describe, expect, it } from 'vitest';
import { parseConfig, webhookUrlProblem } from '../../../bot/config.js';

const SECRET = 'abcdef123456secret';

describe('parseConfig', () => {
  it('applies the defaults of the external contract', () => {
    const result = parseConfig({});

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.port).toBe(3000);
    expect(result.value.storage).toEqual({ mode: 'sqlite', databasePath: './data/handoff.db' });
    expect(result.value.rate).toEqual({ burst: 50, perSecond: 2 });
    expect(result.value.slack).toEqual({ mode: 'off' });
    expect(result.value.portal).toEqual({ mode: 'none' });
    expect(result.value.sweepIntervalMs).toBe(15 * 60_000);
  });

  it('reads the sandbox, a single Slack workspace and MongoDB', () => {
    const result = parseConfig({
      SANDBOX: '1',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'shh',
      MONGODB_URL: 'mongodb://127.0.0.1:27017/handoff',
      PORT: '8080',
    });

    expect(result.ok && result.value.portal.mode).toBe('sandbox');
    expect(result.ok && result.value.slack.mode).toBe('token');
    expect(result.ok && result.value.storage.mode).toBe('mongo');
    expect(result.ok && result.value.port).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ ENCRYPTION_KEY: 'c2hvcnQ=' }, 'ENCRYPTION_KEY'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_CLIENT_ID: 'id' }, 'SLACK_CLIENT_SECRET'],
    [
      {
        SLACK_CLIENT_ID: 'a',
        SLACK_CLIENT_SECRET: 'b',
        SLACK_STATE_SECRET: 'c',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
      },
      'exclude each other',
    ],
    [{ SANDBOX: '1', BITRIX24_WEBHOOK_URL: `https://acme.bitrix24.com/rest/1/${SECRET}/` }, 'exclude each other'],
    [{ BITRIX24_WEBHOOK_URL: `http://acme.bitrix24.com/rest/1/${SECRET}/` }, 'BITRIX24_WEBHOOK_URL must use https'],
    [{ BITRIX24_WEBHOOK_URL: 'acme' }, 'BITRIX24_WEBHOOK_URL is not a URL'],
    [{ MONGODB_URL: 'postgres://x' }, 'MONGODB_URL'],
    [{ API_KEY: 'short' }, 'API_KEY'],
    [{ BITRIX24_CLIENT_ID: 'local.app', BITRIX24_CLIENT_SECRET: 'secret' }, 'BITRIX24_CLIENT_ID needs PUBLIC_URL'],
  ])('refuses %j, naming %s', (env, named) => {
    const result = parseConfig(env);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toContain(named);
  });

  it('never echoes a secret value in a problem', () => {
    const result = parseConfig({ BITRIX24_WEBHOOK_URL: `ftp://acme.bitrix24.com/rest/1/${SECRET}/` });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).not.toContain(SECRET);
  });
});

describe('webhookUrlProblem', () => {
  it.each([
    [`https://acme.bitrix24.com/rest/1/${SECRET}/`, undefined],
    [`http://127.0.0.1:4000/rest/1/${SECRET}/`, undefined],
    [`https://acme.bitrix24.com/rest/${SECRET}/`, 'must look like'],
  ])('%s → %s', (url, problem) => {
    const result = webhookUrlProblem(url);

    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});
