import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../bot/cli/run-cli.js';
import { type ApiHarness, createApiHarness } from './api-harness.js';

/** Chat-grammar phrases that must not reach an API or CLI reader (they cannot type them there). */
const CHAT_WORDS = /`(until|starting|all-items|help|history|cancel H-\d+|status H-\d+|to dept \d+|to @someone)[` ]/;

describe('API and CLI errors speak their own surface', () => {
  let h: ApiHarness;

  beforeEach(async () => {
    h = await createApiHarness();
  });

  it('accepts a date-only returnAt, read at 09:00 in the from-user’s zone', async () => {
    h.portalA.addUser(13, { name: 'Kyiv Person', email: 'kyiv@acme.com', timeZone: 'Europe/Kyiv' });
    h.portalA.addItems('deals', 13, 1);

    const utc = await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 12 }, to: { type: 'user', id: 34 }, returnAt: '2027-01-05' },
    });
    const kyiv = await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 13 }, to: { type: 'user', id: 34 }, returnAt: '2027-01-05' },
    });

    expect(utc.status).toBe(201);
    expect(utc.body.returnAt).toBe('2027-01-05T09:00:00.000Z');
    expect(kyiv.status).toBe(201);
    expect(kyiv.body.returnAt).toBe('2027-01-05T07:00:00.000Z');
  });

  it.each([
    ['2026-01-05', 'date_past'],
    ['2026-02-31', 'invalid_input'],
  ])('a bad date-only returnAt %s names the field (%s) and changes nothing', async (returnAt, code) => {
    const { status, body } = await h.call('POST', '/api/v1/handoffs', {
      body: { from: { id: 12 }, to: { type: 'user', id: 34 }, returnAt },
    });

    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code, field: 'returnAt' });
    expect(body.error.message).toMatch(/^returnAt: /);
    expect((await h.call('GET', '/api/v1/handoffs')).body.handoffs).toEqual([]);
  });

  it('a return beyond the horizon is worded, not an internal reason, in API words', async () => {
    const { status, body } = await h.call('POST', '/api/v1/handoffs/preview', {
      body: { from: { id: 12 }, to: { type: 'user', id: 34 }, returnAt: '2029-01-01T00:00:00Z' },
    });

    expect(status).toBe(400);
    expect(body.error.message).toBe('`returnAt` is more than a year ahead. Give a date within a year.');
    expect(JSON.stringify(body)).not.toContain('beyond_horizon');
  });

  it.each([
    [{ from: { id: 12 }, to: { type: 'user', id: 34 }, returnAt: '2026-01-01T00:00:00Z' }, /`returnAt` is in the past/],
    [{ from: { id: 12 }, to: { type: 'user', id: 34 }, kinds: ['quotes'] }, /./],
    [{ from: { id: 12 }, to: { type: 'head' } }, /"to": \{ "type": "user"/],
    [{ from: { email: 'nobody@acme.com' }, to: { type: 'user', id: 34 } }, /GET \/api\/v1\/people\?query=/],
  ])('API answer %# names JSON fields and routes, not chat words', async (plan, words) => {
    const { status, body } = await h.call('POST', '/api/v1/handoffs/preview', { body: plan });

    expect(status).toBe(400);
    expect(body.error.message).toMatch(words);
    expect(body.error.message).not.toMatch(CHAT_WORDS);
  });

  describe('the CLI', () => {
    let server: ServerType;
    let url: string;

    beforeEach(async () => {
      url = await new Promise<string>((resolve) => {
        server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
          resolve(`http://127.0.0.1:${info.port}`),
        );
      });
    });

    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    async function cli(argv: string[]) {
      let stderr = '';
      const code = await runCli(argv, {
        fetch: globalThis.fetch,
        stdout: { write: () => true },
        stderr: {
          write: (chunk: string) => {
            stderr += chunk;
            return true;
          },
        },
        env: { HANDOFF_URL: url, HANDOFF_API_KEY: h.keyA },
        timeZone: 'UTC',
      });
      return { code, stderr };
    }

    it.each([
      [['preview', '--from', '12', '--to', '34', '--until', 'yesterday'], /--until: /],
      [
        ['preview', '--from', '12', '--to', '34', '--until', '2029-06-01T00:00:00Z'],
        /--until is more than a year ahead/,
      ],
      [['preview', '--from', '12', '--to', 'head'], /--to <user id or e-mail>/],
      [['preview', '--from', 'nobody@acme.com', '--to', '34'], /--from: no portal user .*handoff people <name>/],
      [['status', 'H-7'], /`handoff history` lists the recent ones/],
    ])('%j names flags and commands, not chat words', async (argv, words) => {
      const { code, stderr } = await cli(argv);

      expect(code).toBe(1);
      expect(stderr).toMatch(words);
      expect(stderr).not.toMatch(CHAT_WORDS);
      expect(stderr).not.toContain('beyond_horizon');
    });
  });
});
