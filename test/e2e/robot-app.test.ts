/**
 * The robot in the real composition (createRuntime as a Bitrix24 app, SQLite, Agenda): a sandbox portal installs
 * Handoff (the robot is registered by the install's installers), a role is defined through /api/v1/roles, and the
 * portal's robot calls move a deal and its chosen records to whoever holds the role; uninstalling drops the robot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installApp, sendToBot, uninstallApp } from '../../bitrix24/sandbox/app-events.js';
import { bindTask, linkItem, type RunningSandbox } from '../../bitrix24/sandbox/index.js';
import { ROBOT_CODE } from '../../bot/bitrix24-chat/robot-definition.js';
import { runCli } from '../../bot/cli/run-cli.js';
import { toTenantId } from '../../engine/ids.js';
import { type AppWorld, startAppWorld, startPortal } from './support/bitrix24-app-world.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function eventFor(sandbox: RunningSandbox, eventToken: string, app: AppWorld) {
  await expect
    .poll(() => sandbox.portal.robots.events.find((e) => e.eventToken === eventToken), {
      timeout: 20_000,
      message: `no bizproc.event.send for the robot call; log:\n${app.logTail(40)}`,
    })
    .toBeDefined();
  return sandbox.portal.robots.events.find((e) => e.eventToken === eventToken);
}

describe('the robot in the Bitrix24 app', () => {
  it('is registered at install, hands a deal to the role holder of the day, and goes with uninstall', async () => {
    const sandbox = await startPortal('member-robot', 3);
    cleanups.push(() => sandbox.close());
    const app = await startAppWorld(sandbox.url);
    cleanups.push(() => app.close());
    const tenantId = toTenantId('b24-member-robot');
    const { portal } = sandbox;

    const installed = await installApp(portal, { handlerUrl: `${app.url}/bitrix24/install` });
    expect(installed.status, installed.body).toBe(200);
    expect(portal.robots.robots.get(ROBOT_CODE)?.handler).toBe(`${app.url}/bitrix24/robot`);

    const { key } = await app.runtime.apiKeys.createApiKey(tenantId, 'e2e');
    const kim = portal.addUser().id;
    const put = await fetch(`${app.url}/api/v1/roles/paralegal`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ holder: { type: 'user', id: kim } }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.json()).toMatchObject({ name: 'paralegal', holder: { type: 'user', id: kim } });

    const deal = portal.addItem('deals', { ownerId: 2, title: 'Jones petition' });
    const contact = portal.addItem('contacts', { ownerId: 3 });
    linkItem(portal, 'deals', deal, { contactIds: [contact] });
    const task = portal.addItem('tasks', { ownerId: 2 });
    bindTask(portal, task, [{ kind: 'deals', id: deal }]);
    const delivery = await portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: deal },
      properties: { role: 'paralegal', moveTasks: 'Y', moveContacts: 'N', moveActivities: 'N' },
    });
    expect(delivery.status).toBe(200);
    const event = await eventFor(sandbox, delivery.eventToken, app);

    expect([portal.ownerOf('deals', deal), portal.ownerOf('tasks', task), portal.ownerOf('contacts', contact)]).toEqual(
      [kim, kim, 3],
    );
    expect(event?.logMessage).toMatch(/^Handoff H-\d+ \(deal \d+ → user \d+\): moved 2, skipped 0, failed 0\.$/);
    const history = await fetch(`${app.url}/api/v1/handoffs`, { headers: { authorization: `Bearer ${key}` } });
    const listed = (await history.json()) as { handoffs: { source?: unknown; status: string }[] };
    expect(listed.handoffs[0]).toMatchObject({
      status: 'completed',
      source: { type: 'robot', document: { kind: 'deals', id: deal }, role: 'paralegal' },
    });

    // The role changes hands in chat (a portal admin); the next robot call goes to the new holder.
    const lee = portal.addUser().id;
    const leeUser = portal.users.find((u) => u.id === lee);
    const notAdmin = portal.users.find((u) => u.active && !u.isAdmin)?.id ?? 2;
    await sendToBot(portal, { fromUserId: notAdmin, text: `role set paralegal [USER=${lee}]x[/USER]` });
    await sendToBot(portal, {
      fromUserId: 1,
      text: `/handoff role set paralegal [USER=${lee}]${leeUser?.name} ${leeUser?.lastName}[/USER]`,
    });
    const said = portal.im
      .dialog(String(notAdmin))
      .concat(portal.im.dialog('1'))
      .filter((m) => m.botId !== undefined)
      .map((m) => m.message);
    expect(said.some((m) => m.includes('Only a portal admin can change roles.'))).toBe(true);
    expect(said.some((m) => m.includes('Role paralegal is now held by'))).toBe(true);
    const next = portal.addItem('deals', { ownerId: 2 });
    const nextCall = await portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: next },
      properties: { role: 'paralegal' },
    });
    await eventFor(sandbox, nextCall.eventToken, app);
    expect(portal.ownerOf('deals', next)).toBe(lee);

    const forged = await portal.robots.trigger({
      code: ROBOT_CODE,
      document: { kind: 'deals', id: deal },
      properties: { role: 'paralegal' },
      applicationToken: 'not-the-installed-token',
    });
    expect(forged.status).toBe(401);

    // The demo's way in: `handoff sandbox-robot` asks the sandbox to run the robot on a deal.
    const cliDeal = portal.addItem('deals', { ownerId: 2 });
    const out: string[] = [];
    const code = await runCli(['sandbox-robot', '--deal', String(cliDeal), '--to', String(kim), '--with', 'document'], {
      fetch: globalThis.fetch,
      stdout: { write: (chunk: string) => out.push(chunk) > 0 },
      stderr: { write: (chunk: string) => out.push(chunk) > 0 },
      env: { HANDOFF_SANDBOX_URL: sandbox.url },
    });
    expect(code, out.join('')).toBe(0);
    expect(out.join('')).toMatch(/^Handoff H-\d+ \(deal \d+ → user \d+\): moved 1, skipped 0, failed 0\.\n$/);
    expect(portal.ownerOf('deals', cliDeal)).toBe(kim);

    // A handoff that failed (no such role) exits 1 with the workflow's line on stderr, not 0 as if it had worked.
    const refusedDeal = portal.addItem('deals', { ownerId: 2 });
    const [stdout, stderr]: [string[], string[]] = [[], []];
    const refused = await runCli(['sandbox-robot', '--deal', String(refusedDeal), '--role', 'no-such-role'], {
      fetch: globalThis.fetch,
      stdout: { write: (chunk: string) => stdout.push(chunk) > 0 },
      stderr: { write: (chunk: string) => stderr.push(chunk) > 0 },
      env: { HANDOFF_SANDBOX_URL: sandbox.url },
    });
    expect(refused, stderr.join('')).toBe(1);
    expect(stdout.join('')).toBe('');
    expect(stderr.join('')).toMatch(/Handoff H-\d+ failed for deal \d+: Role "no-such-role" is not defined/);
    expect(portal.ownerOf('deals', refusedDeal)).toBe(2);

    expect((await uninstallApp(portal)).status).toBe(200);
    expect(portal.robots.robots.size).toBe(0);
  });
});
