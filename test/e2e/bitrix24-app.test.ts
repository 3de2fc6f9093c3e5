/**
 * The Bitrix24 app end to end over real HTTP on loopback: sandbox portals install Handoff (ONAPPINSTALL with
 * tokens), talk to its chat bot with form-encoded events, press keyboard buttons (ONIMCOMMANDADD), and uninstall
 * it; a forged event is refused with 401 and changes nothing; two portals installed at once stay apart.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installApp, joinBot, pressButton, sendToBot, uninstallApp } from '../../bitrix24/sandbox/app-events.js';
import type { SandboxBotMessage } from '../../bitrix24/sandbox/im-state.js';
import { encodeQuery, type RunningSandbox } from '../../bitrix24/sandbox/index.js';
import { runCli } from '../../bot/cli/run-cli.js';
import { toTenantId } from '../../engine/ids.js';
import { type EntityKind, STATIC_KINDS } from '../../engine/kinds.js';
import { SqliteTenantStore } from '../../storage/sqlite-tenant-store.js';
import { type AppWorld, startAppWorld, startPortal } from './support/bitrix24-app-world.js';
import { waitFor } from './support/handoff-api.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function portal(memberId: string, seed: number): Promise<RunningSandbox> {
  const sandbox = await startPortal(memberId, seed);
  cleanups.push(() => sandbox.close());
  return sandbox;
}

async function world(oauthUrl: string): Promise<AppWorld> {
  const w = await startAppWorld(oauthUrl);
  cleanups.push(() => w.close());
  return w;
}

function botMessages(sandbox: RunningSandbox, dialogId: string): SandboxBotMessage[] {
  return sandbox.portal.im.dialog(dialogId).filter((m) => m.botId !== undefined);
}

function openItems(sandbox: RunningSandbox, userId: number): number {
  const kinds: EntityKind[] = [
    ...STATIC_KINDS,
    ...sandbox.portal.spaTypes.map((t) => `spa:${t.entityTypeId}` as const),
  ];
  return kinds.reduce((sum, kind) => sum + sandbox.portal.itemIdsOf(kind, userId, true).length, 0);
}

const mention = (sandbox: RunningSandbox, id: number) => {
  const user = sandbox.portal.users.find((u) => u.id === id);
  return `[USER=${id}]${user?.name} ${user?.lastName}[/USER]`;
};

describe('Bitrix24 app', () => {
  it('installs into two portals, refuses forged events, and hands work over from the chat bot in each', async () => {
    const a = await portal('member-a', 1);
    const b = await portal('member-b', 2);
    const app = await world(a.url);
    const wait = { timeoutMs: 30_000, intervalMs: 50, detail: () => app.logTail() };
    const tenantA = toTenantId('b24-member-a');
    const tenantB = toTenantId('b24-member-b');

    // Install: the bot is registered with handlers under PUBLIC_URL, tokens stored encrypted.
    const installedA = await installApp(a.portal, { handlerUrl: `${app.url}/bitrix24/install` });
    const installedB = await installApp(b.portal, { handlerUrl: `${app.url}/bitrix24/install` });
    expect(installedA.status, installedA.body).toBe(200);
    expect(installedB.status, installedB.body).toBe(200);
    const [botA] = [...a.portal.im.bots.values()];
    expect(botA?.handlers.messageAdd).toBe(`${app.url}/bitrix24/events`);
    expect(b.portal.im.bots.size).toBe(1);
    expect(a.portal.im.eventHandlers.get('ONAPPUNINSTALL')).toBe(`${app.url}/bitrix24/events`);
    const storedA = await app.runtime.tenants.getTenant(tenantA);
    expect(storedA?.app).toMatchObject({ memberId: 'member-a', botId: botA?.id });
    expect(storedA?.portal?.type).toBe('oauth');
    expect((await app.runtime.tenants.getTenant(tenantB))?.app?.memberId).toBe('member-b');
    const dbText = readFileSync(app.databasePath).toString('latin1') + readWal(app.databasePath);
    expect(dbText).not.toContain(a.portal.im.app?.applicationToken ?? 'missing');
    expect(dbText).not.toMatch(/sbx[ar][0-9a-f]{32}/);

    // A reinstall keeps the same tenant and bot.
    expect((await installApp(a.portal, { handlerUrl: `${app.url}/bitrix24/install` })).status).toBe(200);
    expect(a.portal.im.bots.size).toBe(1);
    expect((await app.runtime.tenants.listTenants()).map((t) => t.id)).toEqual([
      'b24-member-a',
      'b24-member-b',
      'default',
    ]);

    // A forged event (wrong application token): 401, nothing answered, nothing stored.
    const forged = await sendToBot(a.portal, { fromUserId: 1, text: 'help', applicationToken: 'forged-token' });
    expect(forged.status).toBe(401);
    expect(botMessages(a, '1')).toHaveLength(0);
    const forgedUninstall = await uninstallApp(a.portal, { applicationToken: 'forged-token' });
    expect(forgedUninstall.status).toBe(401);
    expect((await app.runtime.tenants.getTenant(tenantA))?.portal?.type).toBe('oauth');

    // Chat: the admin (user 1) asks to hand user 2's work to user 3 in portal A, and user 3's to user 4 in B.
    const fromA = 2;
    const fromB = 3;
    const movingA = openItems(a, fromA);
    expect(movingA).toBeGreaterThan(0);
    expect(openItems(b, fromB)).toBeGreaterThan(0);
    const [askA, askB] = await Promise.all([
      sendToBot(a.portal, { fromUserId: 1, text: `/handoff ${mention(a, fromA)} to ${mention(a, 3)}` }),
      sendToBot(b.portal, { fromUserId: 1, text: `${mention(b, fromB)} to ${mention(b, 4)}` }),
    ]);
    expect(askA.status, askA.body).toBe(200);
    expect(askB.status, askB.body).toBe(200);
    const [reviewA] = botMessages(a, '1');
    const [reviewB] = botMessages(b, '1');
    expect(reviewA?.message).toContain(`What (${movingA} items)`);
    expect(reviewA?.keyboard.map((k) => k.TEXT)).toEqual(['Start', 'Dismiss']);
    expect(reviewB?.keyboard.map((k) => k.TEXT)).toEqual(['Start', 'Dismiss']);

    // Someone else cannot start the admin's preview.
    const stranger = await pressButton(a.portal, { messageId: reviewA?.id ?? 0, button: 'Dismiss', userId: 5 });
    expect(stranger.status).toBe(200);
    expect(a.portal.im.messages.get(reviewA?.id ?? 0)?.keyboard).toHaveLength(2);
    expect(botMessages(a, '1').at(-1)?.message).toMatch(/Only the person who asked/);

    // Start in both portals at once.
    const [startA, startB] = await Promise.all([
      pressButton(a.portal, { messageId: reviewA?.id ?? 0, button: 'Start', userId: 1 }),
      pressButton(b.portal, { messageId: reviewB?.id ?? 0, button: 'Start', userId: 1 }),
    ]);
    expect(startA.status, startA.body).toBe(200);
    expect(startB.status, startB.body).toBe(200);

    await waitFor(
      'both handoffs to move every item',
      () => (openItems(a, fromA) === 0 && openItems(b, fromB) === 0 ? true : undefined),
      wait,
    );
    const progressA = await waitFor(
      'the progress message in A to be edited to completed',
      () => botMessages(a, '1').find((m) => m.edits > 0 && /H-1\[\/B\] · completed/.test(m.message)),
      wait,
    );
    await app.runtime.bitrix24Idle?.();
    const summaries = botMessages(a, '1').filter((m) => /^\[I\]H-1: \d+ items/.test(m.message));
    const notifiedA = await waitFor(
      'digests in A',
      () => {
        const to = new Set(a.portal.im.notifications.map((n) => n.toUserId));
        return to.has(fromA) && to.has(3) ? a.portal.im.notifications : undefined;
      },
      wait,
    );

    expect(openItems(a, 3)).toBeGreaterThanOrEqual(movingA);
    expect(progressA.keyboard.map((k) => k.TEXT)).toContain('Undo');
    expect(summaries.reduce((n, m) => n + Number(/H-1: (\d+) items/.exec(m.message)?.[1]), 0)).toBe(movingA);
    expect(notifiedA.find((n) => n.toUserId === fromA)?.message).toMatch(/H-1: \d+ of your items moved to/);
    expect(notifiedA.every((n) => n.kind === 'personal' && n.fromUserId === 1)).toBe(true);
    // The preview's buttons went once Start was pressed.
    expect(a.portal.im.messages.get(reviewA?.id ?? 0)?.keyboard).toEqual([]);

    // Apart: each portal has its own H-1, its own items and its own messages.
    expect(b.portal.im.notifications.every((n) => [fromB, 4].includes(n.toUserId))).toBe(true);
    expect(a.portal.im.notifications.some((n) => n.toUserId === 4)).toBe(false);
    expect((await app.runtime.service.list(tenantA)).map((v) => v.handoff.no)).toEqual([1]);
    expect((await app.runtime.service.list(tenantB)).map((v) => v.handoff.no)).toEqual([1]);
    expect(openItems(b, fromA)).toBeGreaterThan(0);

    // Uninstall forgets the tokens; the old application token is refused afterwards.
    const token = a.portal.im.app?.applicationToken ?? '';
    expect((await uninstallApp(a.portal)).status).toBe(200);
    const gone = await app.runtime.tenants.getTenant(tenantA);
    expect(gone?.portal).toBeUndefined();
    expect(gone?.app).toEqual({ memberId: 'member-a', domain: new URL(a.url).host });
    a.portal.im.app = { handlerUrl: `${app.url}/bitrix24/install`, applicationToken: token, userId: 1 };
    a.portal.im.addBot({
      code: 'handoff_bot',
      type: 'B',
      name: 'x',
      handlers: { messageAdd: `${app.url}/bitrix24/events` },
    });
    expect((await sendToBot(a.portal, { fromUserId: 1, text: 'help' })).status).toBe(401);
    // Uninstalled, the portal's tenant still keeps its address: another server with its member_id is refused.
    const impostor = await portal('member-a', 9);
    expect((await installApp(impostor.portal, { handlerUrl: `${app.url}/bitrix24/install` })).status).toBe(409);
    expect((await app.runtime.tenants.getTenant(tenantA))?.portal).toBeUndefined();
    // B still works.
    expect((await sendToBot(b.portal, { fromUserId: 1, text: 'status H-1' })).status).toBe(200);
  }, 90_000);

  it('stores the rotated tokens when an expired access token is refreshed, and keeps answering', async () => {
    const a = await portal('member-r', 3);
    const app = await world(a.url);
    const tenantId = toTenantId('b24-member-r');
    expect((await installApp(a.portal, { handlerUrl: `${app.url}/bitrix24/install` })).status).toBe(200);
    const before = (await app.runtime.tenants.getTenant(tenantId))?.portal;
    a.portal.expireAccessTokens();

    const asked = await sendToBot(a.portal, { fromUserId: 1, text: 'help' });
    const repeated = await sendToBot(a.portal, { fromUserId: 1, text: 'help', repeatOf: asked.messageId });

    const after = (await app.runtime.tenants.getTenant(tenantId))?.portal;
    expect(asked.status, asked.body).toBe(200);
    expect(botMessages(a, '1').at(-1)?.message).toContain('/handoff');
    // A repeated delivery of the same message is answered once.
    expect(repeated.status).toBe(200);
    expect(botMessages(a, '1')).toHaveLength(1);
    expect(a.portal.stats().refreshes).toBe(1);
    expect(before?.type === 'oauth' && after?.type === 'oauth').toBe(true);
    if (before?.type !== 'oauth' || after?.type !== 'oauth') return;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    // The stored refresh token is the live one: the portal accepts it (the old one died with the rotation).
    const again = await fetch(`${a.url}/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'local.sandbox.app',
        client_secret: 'sandboxsecret',
        refresh_token: after.refreshToken,
      }),
    });
    expect(again.status).toBe(200);
  }, 60_000);

  it('lets a newcomer talk to the bot from the CLI (handoff sandbox-chat) and press its buttons', async () => {
    const a = await portal('member-c', 4);
    const app = await world(a.url);
    expect((await installApp(a.portal, { handlerUrl: `${app.url}/bitrix24/install` })).status).toBe(200);
    const chat = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['sandbox-chat', '--as', '1', ...argv], {
        fetch: globalThis.fetch,
        stdout: { write: (t: string) => out.push(t) > 0 },
        stderr: { write: (t: string) => err.push(t) > 0 },
        env: { HANDOFF_SANDBOX_URL: a.url },
      });
      return { code, stdout: out.join(''), stderr: err.join('') };
    };

    // Opening the chat with the bot shows the grammar.
    expect((await joinBot(a.portal, { userId: 1 })).status).toBe(200);
    expect(botMessages(a, '1').at(-1)?.message).toContain('[B]');
    expect(botMessages(a, '1').at(-1)?.message).toMatch(/to @/);
    const asked = await chat('@2 to @3 only deals');
    const id = /--press (\d+):Start/.exec(asked.stdout)?.[1];
    const started = await chat('--press', `${id}:Start`);
    await waitFor('the deals to move', () => (a.portal.itemIdsOf('deals', 2, true).length === 0 ? true : undefined), {
      timeoutMs: 30_000,
      detail: () => app.logTail(),
    });
    const unknownButton = await chat('--press', `${id}:Nope`);

    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toMatch(/Move .*'s open deals to /);
    expect(asked.stdout).toContain('buttons: [Start] [Dismiss]');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('H-1 has started.');
    expect(unknownButton.code).toBe(1);
    expect(unknownButton.stderr).toContain('no button Nope');
  }, 60_000);

  it('answers `console` in the chat with a link that signs the speaker into the web console', async () => {
    const a = await portal('member-d', 5);
    const app = await world(a.url);
    expect((await installApp(a.portal, { handlerUrl: `${app.url}/bitrix24/install` })).status).toBe(200);
    const out: string[] = [];
    const err: string[] = [];

    const code = await runCli(['sandbox-chat', '--as', '1', 'console'], {
      fetch: globalThis.fetch,
      stdout: { write: (t: string) => out.push(t) > 0 },
      stderr: { write: (t: string) => err.push(t) > 0 },
      env: { HANDOFF_SANDBOX_URL: a.url },
    });
    const link = new RegExp(`(${app.url}/app/login\\?token=[A-Za-z0-9_.%-]+)`).exec(out.join(''))?.[1];
    const login = await fetch(link ?? `${app.url}/app/login`, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(`${app.url}/app`, { headers: { cookie } });

    expect(code, err.join('')).toBe(0);
    expect(link, out.join('')).toBeDefined();
    expect(login.status).toBe(303);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Transfer Setup');
  }, 60_000);

  it('refuses bad installs without storing anything, and asks before an Undo', async () => {
    const a = await portal('member-s', 5);
    const app = await world(a.url);
    const installUrl = `${app.url}/bitrix24/install`;
    const tenantId = toTenantId('b24-member-s');
    const form = (auth: Record<string, string>) =>
      fetch(installUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeQuery({ event: 'ONAPPINSTALL', auth }),
      });
    const auth = {
      access_token: 'forged-access',
      refresh_token: 'forged-refresh',
      domain: new URL(a.url).host,
      client_endpoint: `${a.url}/rest/`,
      member_id: 'member-s',
      application_token: 'app-token',
    };

    const json = await fetch(installUrl, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const missing = await form({ ...auth, application_token: '' });
    const forgedTokens = await form(auth);
    const notAdmin = await installApp(a.portal, { handlerUrl: installUrl, userId: 2 });
    const elsewhere = await form({ ...auth, client_endpoint: 'http://127.0.0.1:9/rest/' });
    const huge = await oversizedStatus(installUrl, 300_000);
    expect([json.status, missing.status, forgedTokens.status, notAdmin.status]).toEqual([400, 400, 401, 401]);
    expect([elsewhere.status, huge.status]).toEqual([400, 413]);
    expect(await missing.text()).toContain('auth[application_token]');
    expect(await app.runtime.tenants.getTenant(tenantId)).toBeNull();
    expect(a.portal.im.bots.size).toBe(0);

    expect((await installApp(a.portal, { handlerUrl: installUrl })).status).toBe(200);
    const impostor = await portal('member-s', 6);
    const hijack = await installApp(impostor.portal, { handlerUrl: installUrl });
    const kept = (await app.runtime.tenants.getTenant(tenantId))?.portal;
    expect(hijack.status).toBe(409);
    expect(kept?.type === 'oauth' && kept.clientEndpoint).toBe(`${a.url}/rest/`);

    // A finished handoff's Undo asks first; Yes gives the deals back.
    const deals = a.portal.itemIdsOf('deals', 2, true);
    await sendToBot(a.portal, { fromUserId: 1, text: '@2 to @3 only deals' });
    const review = botMessages(a, '1').at(-1);
    await pressButton(a.portal, { messageId: review?.id ?? 0, button: 'Start', userId: 1 });
    const wait = { timeoutMs: 30_000, detail: () => app.logTail() };
    const progress = await waitFor(
      'the Undo button on the finished progress message',
      () => botMessages(a, '1').find((m) => m.keyboard.some((k) => k.TEXT === 'Undo')),
      wait,
    );
    await pressButton(a.portal, { messageId: progress.id, button: 'Undo', userId: 1 });
    const question = botMessages(a, '1').at(-1);
    expect(question?.message).toContain('Undo H-1?');
    expect(question?.keyboard.map((k) => k.TEXT)).toEqual(['Undo', 'Keep']);
    expect(a.portal.itemIdsOf('deals', 3, true)).toEqual(expect.arrayContaining(deals));

    await pressButton(a.portal, { messageId: question?.id ?? 0, button: 'Undo', userId: 1 });
    await waitFor(
      'the deals to come back',
      () => (deals.every((id) => a.portal.ownerOf('deals', id) === 2) ? true : undefined),
      wait,
    );
    expect(a.portal.im.messages.get(question?.id ?? 0)?.keyboard).toEqual([]);

    // Permissions as in Slack, with the speaker's own admin flag (not the installer's).
    const otherAdmin = a.portal.addUser({ isAdmin: true, departmentIds: [1] }).id;
    const nobody = a.portal.addUser({ departmentIds: [1] }).id;
    await sendToBot(a.portal, { fromUserId: otherAdmin, text: '@2 to @3 only tasks' });
    await sendToBot(a.portal, { fromUserId: nobody, text: '@2 to @3 only tasks' });
    expect(
      botMessages(a, String(otherAdmin))
        .at(-1)
        ?.keyboard.map((k) => k.TEXT),
    ).toEqual(['Start', 'Dismiss']);
    // Someone who may not start it may ask the from-user's head instead (issue 12 approvals).
    const refused = botMessages(a, String(nobody)).at(-1);
    expect(refused?.message).toMatch(/head \(or HR\) approves it first/);
    expect(refused?.keyboard.map((k) => k.TEXT)).toEqual(['Ask for approval', 'Dismiss']);
  }, 60_000);

  it('an install or reinstall on a read-only database answers 503 saying so, stores nothing, and installing again repairs it', async () => {
    const original = SqliteTenantStore.prototype.updateTenant;
    // Spied before the runtime starts (the store-fault wrapper keeps the method it first sees); passes through.
    const updateTenant = vi.spyOn(SqliteTenantStore.prototype, 'updateTenant');
    cleanups.push(async () => updateTenant.mockRestore());
    const a = await portal('member-ro', 7);
    const app = await world(a.url);
    const installUrl = `${app.url}/bitrix24/install`;
    const tenantId = toTenantId('b24-member-ro');

    app.sqlite.pragma('query_only = ON');
    const first = await installApp(a.portal, { handlerUrl: installUrl });
    app.sqlite.pragma('query_only = OFF');
    expect(first.status, first.body).toBe(503);
    expect(first.body).toContain('read-only');
    expect(await app.runtime.tenants.getTenant(tenantId)).toBeNull();
    expect(a.portal.im.bots.size).toBe(0);

    expect((await installApp(a.portal, { handlerUrl: installUrl })).status).toBe(200);
    expect(a.portal.im.bots.size).toBe(1);

    app.sqlite.pragma('query_only = ON');
    const again = await installApp(a.portal, { handlerUrl: installUrl });
    app.sqlite.pragma('query_only = OFF');
    expect(again.status, again.body).toBe(503);
    expect(again.body).toContain('read-only');

    // Full as the tenant's new tokens are written (the tenant row itself had room): a 503, not "bound elsewhere".
    updateTenant.mockRejectedValueOnce(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    const tokensNotStored = await installApp(a.portal, { handlerUrl: installUrl });
    expect(tokensNotStored.status, tokensNotStored.body).toBe(503);
    expect(tokensNotStored.body).toContain('The database is full');

    // Tokens stored, then full as the bot's id is stored (the bot registered in the portal): 503, not "the portal
    // refused"; installing again finds the bot by its code.
    updateTenant
      .mockImplementationOnce(original)
      .mockRejectedValueOnce(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    const botNotStored = await installApp(a.portal, { handlerUrl: installUrl });
    expect(botNotStored.status, botNotStored.body).toBe(503);
    expect(botNotStored.body).toContain('The database is full');

    // A reinstall with room repairs whatever was half-done: one bot, the tenant with its tokens.
    expect((await installApp(a.portal, { handlerUrl: installUrl })).status).toBe(200);
    expect(a.portal.im.bots.size).toBe(1);
    expect((await app.runtime.tenants.getTenant(tenantId))?.portal?.type).toBe('oauth');

    // The chat bot on a read-only database: the preview (a read) works; Start answers in words, nothing moves.
    const deals = a.portal.itemIdsOf('deals', 2, true);
    await sendToBot(a.portal, { fromUserId: 1, text: '@2 to @3 only deals' });
    const review = await waitFor(
      'the preview with its Start button',
      () => botMessages(a, '1').find((m) => m.keyboard.some((k) => k.TEXT === 'Start')),
      { timeoutMs: 20_000, detail: () => app.logTail() },
    );
    const before = botMessages(a, '1').length;
    app.sqlite.pragma('query_only = ON');
    try {
      const pressed = await pressButton(a.portal, { messageId: review.id, button: 'Start', userId: 1 });
      expect(pressed.status).toBe(200);
      const answer = await waitFor(
        'a reply after Start',
        () =>
          botMessages(a, '1')
            .slice(before)
            .find((m) => m.message.includes('database')),
        { timeoutMs: 20_000, detail: () => `${JSON.stringify(botMessages(a, '1').slice(-3))}\n${app.logTail()}` },
      );
      expect(answer.message).toContain("Handoff's database can't be written right now");
    } finally {
      app.sqlite.pragma('query_only = OFF');
    }
    expect(a.portal.itemIdsOf('deals', 2, true)).toEqual(deals);
    expect(await app.runtime.service.list(tenantId)).toEqual([]);
  }, 60_000);
});

/** Announces a form body of `bytes` and sends its first bytes only: the answer comes before the body is read. */
function oversizedStatus(url: string, bytes: number): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(bytes) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
      req.destroy();
    });
    req.on('error', reject);
    req.write('event=ONAPPINSTALL&padding=');
  });
}

function readWal(databasePath: string): string {
  try {
    return readFileSync(`${databasePath}-wal`).toString('latin1');
  } catch {
    return '';
  }
}
