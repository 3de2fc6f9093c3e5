/**
 * The production Slack wiring end to end: bot/main.ts createRuntime in sandbox mode with a bot token (token mode,
 * so start-up runs auth.test), served on 127.0.0.1:0, talking to the recording fake Slack Web API. Signed slash
 * commands, button presses and events go in; the real Agenda job moves items in the sandbox portal; the fake
 * records the progress message, its edits, the DMs and the Home tab.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxUser } from '../../bitrix24/sandbox/index.js';
import { toConfig } from '../../bot/config.js';
import { createPinoLogger } from '../../bot/logger.js';
import { createRuntime, type Runtime } from '../../bot/main.js';
import { signSlackBody } from '../../bot/slack/verify.js';
import type { EntityKind } from '../../engine/kinds.js';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../fakes/slack-web-api.js';
import { type Button, buttonsOf, type Person, POLL } from './support/slack-runtime.js';

const SIGNING_SECRET = 'runtime-e2e-signing-secret-0123';
const BOT_TOKEN = 'xoxb-runtime-e2e-0123456789';
const TEAM_ID = 'T0RUNTIME';
const CHANNEL_ID = 'C0RUNTIME';

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

function serveApp(runtime: Runtime): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

/** A config like production's for the sandbox demo with a single-workspace Slack app pointed at the fake. */
function runtimeEnv(fake: FakeSlackWebApi, databasePath: string): Record<string, string> {
  return {
    SANDBOX: '1',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_PATH: databasePath,
    BITRIX24_RATE_BURST: '1000',
    BITRIX24_RATE_PER_SECOND: '1000',
    HOST: '127.0.0.1',
    PORT: '0',
  };
}

function createMemoryLog() {
  const lines: string[] = [];
  const logger = createPinoLogger('debug', {
    write: (line: string) => {
      lines.push(line.trimEnd());
      if (lines.length > 400) lines.shift();
    },
  });
  return { logger, lines, tail: (n = 30) => lines.slice(-n).join('\n') };
}

describe('the production runtime when Slack refuses the bot token', () => {
  it('fails start-up with an error naming SLACK_BOT_TOKEN, without the token, and leaves nothing running', async () => {
    const fake = await startFakeSlackWebApi();
    const dir = mkdtempSync(join(tmpdir(), 'handoff-runtime-slack-'));
    const log = createMemoryLog();
    fake.override('auth.test', { kind: 'error', error: 'invalid_auth' });
    // Counted first in the file, before other tests' closed servers linger in the list.
    const listening = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const listeningBefore = listening();
    try {
      const started = createRuntime(toConfig(runtimeEnv(fake, join(dir, 'handoff.db'))), {
        logger: log.logger,
        processEveryMs: 50,
        sandboxItemsPerUser: 2,
      });

      const error = await started.then(
        (r) => r.close().then(() => undefined),
        (err: unknown) => err,
      );

      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain('SLACK_BOT_TOKEN');
      expect(message).toContain('invalid_auth');
      expect(message).not.toContain(BOT_TOKEN);
      expect(message).not.toContain(SIGNING_SECRET);
      expect(log.lines.join('\n')).not.toContain(BOT_TOKEN);
      // The sandbox portal it had started is closed again (so is the database, which we cannot count from here).
      await expect.poll(listening, POLL).toBe(listeningBefore);
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the production runtime with Slack (token mode, sandbox portal)', () => {
  let fake: FakeSlackWebApi;
  let dir: string;
  let runtime: Runtime;
  let served: Served;
  let log: ReturnType<typeof createMemoryLog>;
  let admin: Person;
  let from: Person;
  let to: Person;
  let responseCounter = 0;
  /** The deals H-1 moved (the from-user's open deals before it). */
  let movedDeals: number[] = [];

  beforeAll(async () => {
    fake = await startFakeSlackWebApi();
    dir = mkdtempSync(join(tmpdir(), 'handoff-runtime-slack-'));
    log = createMemoryLog();
    runtime = await createRuntime(toConfig(runtimeEnv(fake, join(dir, 'handoff.db'))), {
      logger: log.logger,
      processEveryMs: 50,
      sandboxItemsPerUser: 12,
    });
    served = await serveApp(runtime);

    const portal = runtime.sandbox?.portal;
    if (portal === undefined) throw new Error('SANDBOX=1 should start the sandbox portal');
    const openDeals = (u: SandboxUser) => portal.itemIdsOf('deals', u.id, true).length;
    const people = portal.users.filter((u) => u.active && u.userType === 'employee');
    const adminUser = people.find((u) => u.id === 1 && u.isAdmin);
    const fromUser = people.find((u) => !u.isAdmin && openDeals(u) > 0);
    const toUser = people.find((u) => !u.isAdmin && u.id !== fromUser?.id);
    if (!adminUser || !fromUser || !toUser) throw new Error('the sandbox seed lacks an admin or two active employees');
    const toPerson = (u: SandboxUser, tz: string): Person => {
      const slack = `U${String(u.id).padStart(8, '0')}`;
      fake.addUser({ id: slack, name: `${u.name} ${u.lastName}`, email: u.email, tz });
      return { slack, portal: u.id };
    };
    admin = toPerson(adminUser, 'America/New_York');
    from = toPerson(fromUser, 'Europe/Kyiv');
    to = toPerson(toUser, 'Europe/Berlin');
  });

  afterAll(async () => {
    await served?.close();
    await runtime?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const owned = (kind: EntityKind, portalUserId: number) =>
    runtime.sandbox?.portal.itemIdsOf(kind, portalUserId, true) ?? [];

  function signedPost(body: string, contentType: string, signature?: string): Promise<Response> {
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${served.url}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature ?? signSlackBody(SIGNING_SECRET, timestamp, body),
      },
    });
  }

  function command(text: string, options: { user?: string; signature?: string } = {}): Promise<Response> {
    responseCounter += 1;
    const body = new URLSearchParams({
      team_id: TEAM_ID,
      team_domain: 'runtime',
      channel_id: CHANNEL_ID,
      channel_name: 'general',
      user_id: options.user ?? admin.slack,
      user_name: 'someone',
      command: '/handoff',
      text,
      api_app_id: 'A0RUNTIME',
      response_url: fake.responseUrl(`cmd-${responseCounter}`),
      trigger_id: `trigger-${responseCounter}`,
    }).toString();
    return signedPost(body, 'application/x-www-form-urlencoded', options.signature);
  }

  function press(button: Button | undefined, container: Record<string, unknown>): Promise<Response> {
    responseCounter += 1;
    const payload = {
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'runtime' },
      api_app_id: 'A0RUNTIME',
      user: { id: admin.slack },
      channel: { id: CHANNEL_ID },
      container,
      response_url: fake.responseUrl(`press-${responseCounter}`),
      trigger_id: `trigger-press-${responseCounter}`,
      actions: [{ type: 'button', action_id: button?.action_id, value: button?.value, block_id: 'b', action_ts: '1' }],
    };
    return signedPost(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  }

  /** Sends a command and waits for its answer at the response_url; returns that answer's body. */
  async function reply(text: string): Promise<Record<string, unknown>> {
    const before = fake.responses.length;
    const response = await command(text);
    expect(response.status).toBe(200);
    await expect.poll(() => fake.responses.length, POLL).toBeGreaterThan(before);
    return fake.responses.at(-1)?.body ?? {};
  }

  const dmsTo = (p: Person) => fake.callsOf('chat.postMessage').filter((c) => c.args.channel === p.slack);
  const status = async () => (await runtime.service.list(runtime.tenantId))[0]?.handoff.status;

  it('checked the bot token with auth.test at start-up', () => {
    const [check] = fake.callsOf('auth.test');

    expect(check?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('previews, then on Start the Agenda job moves exactly the from-user’s open deals, with one progress message and one DM each', async () => {
    const fromDeals = owned('deals', from.portal);
    movedDeals = fromDeals;
    const fromTasks = owned('tasks', from.portal);
    const toDealsBefore = owned('deals', to.portal);

    const preview = await reply(`<@${from.slack}> to <@${to.slack}> until next monday 9am only deals`);
    const start = buttonsOf(preview.blocks).find((b) => b.action_id.startsWith('handoff:start'));
    expect(start, JSON.stringify(preview)).toBeDefined();
    expect(owned('deals', from.portal)).toEqual(fromDeals);
    expect(await runtime.service.list(runtime.tenantId)).toEqual([]);

    expect((await press(start, { type: 'message', is_ephemeral: true })).status).toBe(200);
    await expect.poll(status, POLL).toBe('return_scheduled');

    expect(owned('deals', from.portal)).toEqual([]);
    expect(owned('deals', to.portal).sort((a, b) => a - b)).toEqual(
      [...toDealsBefore, ...fromDeals].sort((a, b) => a - b),
    );
    expect(owned('tasks', from.portal)).toEqual(fromTasks);

    const [view] = await runtime.service.list(runtime.tenantId);
    const ts = view?.handoff.surfaceState?.['slack.ts'];
    const progressPosts = fake
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === CHANNEL_ID && c.args.thread_ts === undefined);
    expect(progressPosts).toHaveLength(1);
    expect(view?.handoff.surfaceState?.['slack.channel']).toBe(CHANNEL_ID);
    // The last edit of the one progress message shows the final state (paced: it may come a few seconds later).
    await expect
      .poll(() => String(fake.callsOf('chat.update').at(-1)?.args.text ?? ''), POLL)
      .toBe(`H-1: moved; return scheduled, ${fromDeals.length}/${fromDeals.length} items`);
    expect(new Set(fake.callsOf('chat.update').map((c) => c.args.ts))).toEqual(new Set([ts]));
    await expect.poll(() => [dmsTo(from).length, dmsTo(to).length], POLL).toEqual([1, 1]);
    expect(fake.unknown).toEqual([]);
  });

  it('`/handoff status` shows H-1 and its Return now button brings the deals back to the from-user', async () => {
    expect(movedDeals.length).toBeGreaterThan(0);

    const answer = await reply('status H-1');
    const returnNow = buttonsOf(answer.blocks).find((b) => b.action_id.startsWith('handoff:return_now'));
    expect(JSON.stringify(answer)).toContain('H-1');
    expect(returnNow, JSON.stringify(answer)).toBeDefined();

    expect((await press(returnNow, { type: 'message', is_ephemeral: true })).status).toBe(200);
    await expect.poll(status, POLL).toBe('returned');

    expect(owned('deals', from.portal)).toEqual(movedDeals);
    expect(owned('deals', to.portal).filter((id) => movedDeals.includes(id))).toEqual([]);
    await expect.poll(() => [dmsTo(from).length, dmsTo(to).length], POLL).toEqual([2, 2]);
    // The same progress message, edited in place, ends in the returned state.
    await expect
      .poll(() => String(fake.callsOf('chat.update').at(-1)?.args.text ?? ''), POLL)
      .toMatch(/^H-1: returned, /);
    expect(new Set(fake.callsOf('chat.update').map((c) => c.args.ts)).size).toBe(1);
  });

  it('refuses a request with a bad signature with 401 and calls no Slack method', async () => {
    const callsBefore = fake.calls.length;
    const responsesBefore = fake.responses.length;

    const response = await command(`<@${from.slack}> to <@${to.slack}>`, { signature: `v0=${'0'.repeat(64)}` });

    expect(response.status).toBe(401);
    expect(fake.calls.length).toBe(callsBefore);
    expect(fake.responses.length).toBe(responsesBefore);
  });

  it('publishes the Home tab on app_home_opened', async () => {
    const body = JSON.stringify({
      team_id: TEAM_ID,
      api_app_id: 'A0RUNTIME',
      type: 'event_callback',
      event_id: 'EvRUNTIMEHOME1',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: 'UBOT', is_bot: true }],
      event: { type: 'app_home_opened', user: admin.slack, tab: 'home', channel: 'D1', event_ts: '1' },
    });

    expect((await signedPost(body, 'application/json')).status).toBe(200);

    await expect.poll(() => fake.callsOf('views.publish').length, POLL).toBe(1);
    const publish = fake.callsOf('views.publish')[0];
    expect(publish?.args.user_id).toBe(admin.slack);
    expect((publish?.args.view as { type?: string } | undefined)?.type).toBe('home');
    expect(JSON.stringify(publish?.args.view)).toContain('H-1');
  });
});
