/**
 * Socket Mode end to end: bot/main.ts createRuntime in sandbox mode with SLACK_APP_TOKEN + SLACK_BOT_TOKEN, the
 * fake Web API handing out the fake Socket Mode server's URL. A slash command and a Start press arrive as envelopes
 * on the socket; the acks come back on it, the preview at the response_url, and the Agenda job moves the deals in
 * the sandbox portal. Closing the runtime closes the socket (code 1000) and leaves nothing behind.
 * @module
 */
import { createHook } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxUser } from '../../bitrix24/sandbox/index.js';
import { toConfig } from '../../bot/config.js';
import { createPinoLogger } from '../../bot/logger.js';
import { createRuntime, type Runtime } from '../../bot/main.js';
import { type FakeSocketMode, startFakeSocketMode } from '../fakes/slack-socket-mode.js';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../fakes/slack-web-api.js';
import { type Button, buttonsOf, type Person, POLL } from './support/slack-runtime.js';

const APP_TOKEN = 'xapp-1-A0SOCKET-0123456789-abcdef';
const BOT_TOKEN = 'xoxb-socket-e2e-0123456789';
const TEAM_ID = 'T0SOCKET';
const CHANNEL_ID = 'C0SOCKET';

/** Sockets and servers that would keep the test process alive. */
function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Timers the Socket Mode client creates (pings, pong deadline, close handshake, reconnect), found by the creating
 * stack; `live()` lists those neither fired nor cleared that would hold the process open. Agenda keeps a timer of its
 * own after a job (JobProcessor's lock check), so counting every timer in the process would test Agenda, not us.
 */
function trackSocketModeTimers(): { live(): string[]; stop(): void } {
  type Timer = { hasRef(): boolean; _destroyed?: boolean };
  const timers = new Map<number, { where: string; timer: Timer }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (!stack.includes('@slack/socket-mode')) return;
      const where = stack.split('\n').find((line) => line.includes('@slack/socket-mode')) ?? '';
      timers.set(id, { where: where.trim(), timer: resource as Timer });
    },
    destroy(id) {
      timers.delete(id);
    },
  }).enable();
  return {
    // Node runs destroy hooks later; a cleared timer is marked `_destroyed` at once.
    live: () => [...timers.values()].filter((t) => !t.timer._destroyed && t.timer.hasRef()).map((t) => t.where),
    stop: () => void hook.disable(),
  };
}

/** A config like a developer's for the sandbox demo in Socket Mode, pointed at the fakes. */
function socketModeEnv(web: FakeSlackWebApi, databasePath: string): Record<string, string> {
  return {
    SANDBOX: '1',
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: web.apiUrl,
    DATABASE_PATH: databasePath,
    BITRIX24_RATE_BURST: '1000',
    BITRIX24_RATE_PER_SECOND: '1000',
  };
}

const silentLogger = () => createPinoLogger('silent', { write: () => undefined });

describe('the production runtime when Slack refuses the app token', () => {
  it('fails start-up with an error naming SLACK_APP_TOKEN, without the token, and opens no socket', async () => {
    const [web, socket] = await Promise.all([startFakeSlackWebApi(), startFakeSocketMode()]);
    web.useSocketMode(socket.url);
    web.override('apps.connections.open', { kind: 'error', error: 'invalid_auth' });
    const dir = mkdtempSync(join(tmpdir(), 'handoff-socket-mode-'));
    try {
      const started = createRuntime(toConfig(socketModeEnv(web, join(dir, 'handoff.db'))), {
        logger: silentLogger(),
        processEveryMs: 50,
        sandboxItemsPerUser: 2,
      });

      const error = await started.then(
        (r) => r.close().then(() => undefined),
        (err: unknown) => err,
      );

      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain('SLACK_APP_TOKEN');
      expect(message).toContain('invalid_auth');
      expect(message).not.toContain(APP_TOKEN);
      expect(web.callsOf('apps.connections.open')).toHaveLength(1);
      expect(socket.connectionCount()).toBe(0);
    } finally {
      await Promise.all([socket.close(), web.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the production runtime in Socket Mode (sandbox portal)', () => {
  let web: FakeSlackWebApi;
  let socket: FakeSocketMode;
  let dir: string;
  let runtime: Runtime;
  let admin: Person;
  let from: Person;
  let to: Person;
  let socketModeTimers: ReturnType<typeof trackSocketModeTimers>;
  let counter = 0;
  let fakesClosed = false;

  beforeAll(async () => {
    socketModeTimers = trackSocketModeTimers();
    [web, socket] = await Promise.all([startFakeSlackWebApi(), startFakeSocketMode()]);
    web.useSocketMode(socket.url);
    dir = mkdtempSync(join(tmpdir(), 'handoff-socket-mode-'));
    const config = toConfig(socketModeEnv(web, join(dir, 'handoff.db')));
    expect(config.slack.mode).toBe('socket');
    runtime = await createRuntime(config, {
      logger: silentLogger(),
      processEveryMs: 50,
      sandboxItemsPerUser: 8,
    });

    const portal = runtime.sandbox?.portal;
    if (portal === undefined) throw new Error('SANDBOX=1 should start the sandbox portal');
    const people = portal.users.filter((u) => u.active && u.userType === 'employee');
    const adminUser = people.find((u) => u.id === 1 && u.isAdmin);
    const fromUser = people.find((u) => !u.isAdmin && portal.itemIdsOf('deals', u.id, true).length > 0);
    const toUser = people.find((u) => !u.isAdmin && u.id !== fromUser?.id);
    if (!adminUser || !fromUser || !toUser) throw new Error('the sandbox seed lacks an admin or two active employees');
    // Slack users the fake's users.info knows, matched to portal users by e-mail.
    const toPerson = (u: SandboxUser): Person => {
      const slack = `U${String(u.id).padStart(8, '0')}`;
      web.addUser({ id: slack, name: `${u.name} ${u.lastName}`, email: u.email, tz: 'Europe/Berlin' });
      return { slack, portal: u.id };
    };
    admin = toPerson(adminUser);
    from = toPerson(fromUser);
    to = toPerson(toUser);
  });

  afterAll(async () => {
    socketModeTimers?.stop();
    await runtime?.close();
    if (!fakesClosed) await Promise.all([socket?.close(), web?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const owned = (kind: 'deals' | 'tasks', portalUserId: number, open: boolean) =>
    (runtime.sandbox?.portal.itemIdsOf(kind, portalUserId, open) ?? []).sort((a, b) => a - b);

  function slashCommand(text: string): { envelopeId: string; responseId: string } {
    counter += 1;
    const responseId = `socket-cmd-${counter}`;
    const envelopeId = socket.send('slash_commands', {
      token: 'verification-token-unused-in-socket-mode',
      team_id: TEAM_ID,
      team_domain: 'socket',
      channel_id: CHANNEL_ID,
      channel_name: 'general',
      user_id: admin.slack,
      user_name: 'admin',
      command: '/handoff',
      text,
      api_app_id: 'A0FAKE',
      is_enterprise_install: 'false',
      response_url: web.responseUrl(responseId),
      trigger_id: `trigger-socket-${counter}`,
    });
    return { envelopeId, responseId };
  }

  function press(button: Button): { envelopeId: string; responseId: string } {
    counter += 1;
    const responseId = `socket-press-${counter}`;
    const envelopeId = socket.send('interactive', {
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'socket' },
      api_app_id: 'A0FAKE',
      token: 'verification-token-unused-in-socket-mode',
      user: { id: admin.slack, team_id: TEAM_ID },
      channel: { id: CHANNEL_ID, name: 'general' },
      container: { type: 'message', channel_id: CHANNEL_ID, is_ephemeral: true, message_ts: '1.000001' },
      response_url: web.responseUrl(responseId),
      trigger_id: `trigger-socket-press-${counter}`,
      actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '1' }],
    });
    return { envelopeId, responseId };
  }

  const responseTo = (id: string) => web.responses.find((r) => r.id === id)?.body;
  const status = async () => (await runtime.service.list(runtime.tenantId))[0]?.handoff.status;

  it('opens the socket with the app token and checks the bot token; no HTTP events route', async () => {
    expect(socketModeTimers.live().length).toBeGreaterThan(0);

    const opens = web.callsOf('apps.connections.open');
    const checks = web.callsOf('auth.test');

    expect(opens.map((c) => [c.authorization, c.outcome])).toEqual([[`Bearer ${APP_TOKEN}`, 'ok']]);
    expect(checks.map((c) => c.authorization)).toEqual([`Bearer ${BOT_TOKEN}`]);
    expect(socket.openCount()).toBe(1);
    expect((await runtime.app.request('/slack/events', { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('acks a /handoff envelope, previews at the response_url, and Start moves exactly the from-user’s open deals', async () => {
    const fromOpen = owned('deals', from.portal, true);
    const fromClosed = owned('deals', from.portal, false);
    const fromTasks = owned('tasks', from.portal, true);
    const toOpenBefore = owned('deals', to.portal, true);

    const command = slashCommand(`<@${from.slack}> to <@${to.slack}> only deals`);

    await expect.poll(() => socket.ackOf(command.envelopeId), POLL).toBeDefined();
    await expect.poll(() => responseTo(command.responseId), POLL).toBeDefined();
    const preview = responseTo(command.responseId);
    const start = buttonsOf(preview?.blocks).find((b) => b.action_id.startsWith('handoff:start'));
    expect(start, JSON.stringify(preview)).toBeDefined();
    expect(owned('deals', from.portal, true)).toEqual(fromOpen);
    expect(await runtime.service.list(runtime.tenantId)).toEqual([]);

    const pressed = press(start as Button);

    await expect.poll(() => socket.ackOf(pressed.envelopeId), POLL).toBeDefined();
    await expect.poll(status, POLL).toBe('completed');
    expect(fromOpen.length).toBeGreaterThan(0);
    expect(owned('deals', from.portal, true)).toEqual([]);
    expect(owned('deals', to.portal, true)).toEqual([...toOpenBefore, ...fromOpen].sort((a, b) => a - b));
    expect(owned('deals', from.portal, false)).toEqual(fromClosed);
    expect(owned('tasks', from.portal, true)).toEqual(fromTasks);
    await expect.poll(() => responseTo(pressed.responseId), POLL).toBeDefined();
    expect(JSON.stringify(responseTo(pressed.responseId))).toContain('H-1');
    // The progress message (Web API, bot token) reaches its final state, so close() has no paced edit left to flush.
    const done = `${fromOpen.length}/${fromOpen.length} items`;
    await expect.poll(() => String(web.callsOf('chat.update').at(-1)?.args.text ?? ''), POLL).toContain(done);
    expect(web.callsOf('chat.update').every((c) => c.authorization === `Bearer ${BOT_TOKEN}`)).toBe(true);
    expect(socket.unexpected).toEqual([]);
    expect(web.unknown).toEqual([]);
  });

  it('close() waits for a normal close of the socket, does not reconnect, and leaves no sockets, servers or timers', async () => {
    await runtime.close();

    // close() resolved after the client's cleanup: its ping, pong and close-handshake timers are gone already.
    expect(socketModeTimers.live()).toEqual([]);
    // It closed with a close frame and waited for the server's (no force-termination): the server saw code 1000.
    await expect.poll(() => socket.closed.map((c) => c.code), POLL).toEqual([1000]);
    await Promise.all([socket.close(), web.close()]);
    fakesClosed = true;
    // None of this file's servers or sockets is left (vitest talks to this worker over IPC, not TCP).
    await expect.poll(liveHandles, POLL).toEqual({});
    expect(socket.connectionCount()).toBe(1);
    expect(web.callsOf('apps.connections.open')).toHaveLength(1);
  });
});
