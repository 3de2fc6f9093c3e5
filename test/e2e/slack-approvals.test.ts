import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../engine/errors.js';
import { toPortalUserId } from '../../engine/ids.js';
import { PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld({ approvals: true });
});
afterAll(async () => {
  await world?.close();
});

const mention = (p: { slack: string }) => `<@${p.slack}|someone>`;

interface Button {
  action_id: string;
  value: string;
}

function buttonsIn(body: unknown): Button[] {
  const blocks = (body as { blocks?: { type: string; elements?: Button[] }[] } | undefined)?.blocks ?? [];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

async function reply(send: () => Promise<Response>): Promise<string> {
  const before = world.slack.responses.length;
  const response = await send();
  expect(response.status).toBe(200);
  await expect.poll(() => world.slack.responses.length).toBeGreaterThan(before);
  return JSON.stringify(world.slack.responses.at(-1)?.body ?? {});
}

function press(button: Button, user: string) {
  return world.interaction({
    type: 'block_actions',
    user: { id: user },
    channel: { id: 'D0DM' },
    container: { type: 'message', is_ephemeral: false, channel_id: 'D0DM' },
    response_url: world.slack.responseUrl(`press-${Math.random()}`),
    trigger_id: 'trigger-press',
    actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '1' }],
  });
}

/** The DMs posted to a Slack user, oldest first. */
const dmsTo = (slackUser: string) =>
  world.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === slackUser);

/** Eve (nobody's head) asks to cover Anna's deals; returns the buttons the approver got. */
async function eveAsks(): Promise<Button[]> {
  const preview = await reply(() =>
    world.command(`${mention(PEOPLE.anna)} to ${mention(PEOPLE.eve)} until next monday 9am only deals`, {
      user: PEOPLE.eve.slack,
    }),
  );
  expect(preview).toContain('approves it first');
  const ask = buttonsIn(world.slack.responses.at(-1)?.body).find((b) =>
    b.action_id.startsWith('handoff:request_approval'),
  );
  expect(ask).toBeDefined();
  expect(buttonsIn(world.slack.responses.at(-1)?.body).some((b) => b.action_id.startsWith('handoff:start'))).toBe(
    false,
  );
  const before = dmsTo(PEOPLE.admin.slack).length;
  const sent = await reply(() => press(ask as Button, PEOPLE.eve.slack));
  expect(sent).toContain('for approval');
  await expect.poll(() => dmsTo(PEOPLE.admin.slack).length, { timeout: 15_000 }).toBeGreaterThan(before);
  return buttonsIn(dmsTo(PEOPLE.admin.slack).at(-1)?.args);
}

describe('approvals in Slack', () => {
  it('a colleague’s request goes to the head; approved, it starts as asked and the requester hears of it', async () => {
    const annaDeals = world.owned('deals', PEOPLE.anna.portal);
    const buttons = await eveAsks();
    const approve = buttons.find((b) => b.action_id.startsWith('handoff:approve')) as Button;
    expect(buttons.map((b) => b.action_id.split(':')[1])).toEqual(['approve', 'decline']);
    expect(await world.service.list(world.tenantId)).toEqual([]);

    const stranger = await reply(() => press(approve, PEOPLE.bob.slack));
    const approved = await reply(() => press(approve, PEOPLE.admin.slack));
    const twice = await reply(() => press(approve, PEOPLE.admin.slack));
    await world.settle();

    expect(stranger).toContain(':warning:');
    expect(approved).toContain('Approved: H-');
    expect(twice).toContain('already approved');
    const [view] = await world.service.list(world.tenantId);
    expect(view?.handoff.plan.initiator.label).toContain(PEOPLE.eve.slack);
    const events = await world.service.events(world.tenantId, view?.handoff.no ?? 0);
    expect(events.find((e) => e.type === 'handoff.approved')).toMatchObject({
      actor: expect.stringContaining(PEOPLE.admin.slack),
      data: { requestedBy: expect.stringContaining(PEOPLE.eve.slack) },
    });
    expect(annaDeals.length).toBeGreaterThan(0);
    await expect.poll(() => world.owned('deals', PEOPLE.anna.portal), { timeout: 15_000 }).toEqual([]);
    expect(world.owned('deals', PEOPLE.eve.portal)).toEqual(expect.arrayContaining(annaDeals));
    expect(dmsTo(PEOPLE.eve.slack).map((c) => String(c.args.text))).toContainEqual(
      expect.stringContaining('approved your request'),
    );
    await world.service.returnNow(world.tenantId, view?.handoff.no ?? 0, { label: 'test' });
    await world.settle();
  });

  it('approved after the receiver went away: refused naming the backup, nothing moves, the request stays open and the requester hears why', async () => {
    await expect.poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status).toBe('returned');
    const before = (await world.service.list(world.tenantId)).length;
    const annaDeals = world.owned('deals', PEOPLE.anna.portal);
    const buttons = await eveAsks();
    const approve = buttons.find((b) => b.action_id.startsWith('handoff:approve')) as Button;
    // Between asking and the approval, Eve goes on vacation; Bob covers for her.
    const { view: away } = await world.service.create({
      tenantId: world.tenantId,
      initiator: { label: 'test' },
      fromUserId: toPortalUserId(PEOPLE.eve.portal),
      to: { type: 'user', userId: toPortalUserId(PEOPLE.bob.portal) },
      kinds: ['deals'],
      when: { mode: 'temporary', returnAt: new Date(Date.now() + 3 * 86_400_000) },
      options: { allItems: false, dryRun: false, forceReturn: false, notify: false, sweep: false },
    });
    await world.settle();
    await expect
      .poll(async () => (await world.service.get(world.tenantId, away.handoff.no)).handoff.status)
      .toBe('return_scheduled');

    const refused = await reply(() => press(approve, PEOPLE.admin.slack));

    expect(refused).toContain(':warning:');
    expect(refused).toContain('away');
    expect(refused).toContain(`H-${away.handoff.no}`);
    expect(await world.service.list(world.tenantId)).toHaveLength(before + 1);
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual(annaDeals);
    expect(await world.approvals.getApproval(world.tenantId, approve.value)).toMatchObject({ status: 'pending' });
    await expect
      .poll(() => dmsTo(PEOPLE.eve.slack).map((c) => String(c.args.text)))
      .toContainEqual(expect.stringContaining('could not approve'));

    // Still open: once Eve is back it can be approved (or declined).
    await world.service.returnNow(world.tenantId, away.handoff.no, { label: 'test' });
    await world.settle();
    await expect
      .poll(async () => (await world.service.get(world.tenantId, away.handoff.no)).handoff.status)
      .toBe('returned');
    const approved = await reply(() => press(approve, PEOPLE.admin.slack));
    expect(approved).toContain('Approved: H-');
    await world.settle();
    const [latest] = await world.service.list(world.tenantId);
    await world.service.returnNow(world.tenantId, latest?.handoff.no ?? 0, { label: 'test' });
    await world.settle();
  });

  it('approved while another handoff of the same person began meanwhile: refused naming it, both told, nothing moves', async () => {
    const before = (await world.service.list(world.tenantId)).length;
    const buttons = await eveAsks();
    const approve = buttons.find((b) => b.action_id.startsWith('handoff:approve')) as Button;
    const { view: other } = await world.service.create({
      tenantId: world.tenantId,
      initiator: { label: 'test' },
      fromUserId: toPortalUserId(PEOPLE.anna.portal),
      to: { type: 'user', userId: toPortalUserId(PEOPLE.bob.portal) },
      kinds: ['deals'],
      when: { mode: 'temporary', returnAt: new Date(Date.now() + 30 * 86_400_000) },
      options: { allItems: false, dryRun: false, forceReturn: false, notify: false, sweep: false },
    });
    await world.settle();

    const refused = await reply(() => press(approve, PEOPLE.admin.slack));

    expect(refused).toContain(':warning:');
    expect(refused).toContain(`H-${other.handoff.no}`);
    expect(await world.service.list(world.tenantId)).toHaveLength(before + 1);
    await expect
      .poll(() => dmsTo(PEOPLE.eve.slack).map((c) => String(c.args.text)))
      .toContainEqual(expect.stringContaining(`H-${other.handoff.no}`));
    await world.service.returnNow(world.tenantId, other.handoff.no, { label: 'test' });
    await world.settle();
    await expect
      .poll(async () => (await world.service.get(world.tenantId, other.handoff.no)).handoff.status)
      .toBe('returned');
  });

  it('declined, nothing moves and the requester is told', async () => {
    await expect
      .poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status, { timeout: 15_000 })
      .toBe('returned');
    const before = (await world.service.list(world.tenantId)).length;
    const buttons = await eveAsks();
    const decline = buttons.find((b) => b.action_id.startsWith('handoff:decline')) as Button;

    const declined = await reply(() => press(decline, PEOPLE.admin.slack));

    expect(declined).toContain('Declined.');
    expect(await world.service.list(world.tenantId)).toHaveLength(before);
    expect(dmsTo(PEOPLE.eve.slack).map((c) => String(c.args.text))).toContainEqual(
      expect.stringContaining('declined your request'),
    );
    const approval = await world.approvals.getApproval(world.tenantId, decline.value);
    expect(approval).toMatchObject({ status: 'declined', decidedBy: expect.stringContaining(PEOPLE.admin.slack) });
  });

  it('approved on a full disk: the approver is told it has not started, nothing moves; Approve again starts it once', async () => {
    const before = (await world.service.list(world.tenantId)).length;
    const annaDeals = world.owned('deals', PEOPLE.anna.portal);
    const buttons = await eveAsks();
    const approve = buttons.find((b) => b.action_id.startsWith('handoff:approve')) as Button;
    // The database takes the approval's decision, then has no room for the handoff (as SQLITE_FULL is reported).
    const full = vi
      .spyOn(world.store, 'createHandoff')
      .mockRejectedValueOnce(
        new StoreError('The database is full: the disk (or its size limit) has no room left.', 'storage_full'),
      );

    const refused = await reply(() => press(approve, PEOPLE.admin.slack));
    full.mockRestore();

    expect(refused).toContain('has not started');
    expect(refused).toContain('Press Approve again');
    expect(await world.service.list(world.tenantId)).toHaveLength(before);
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual(annaDeals);
    await expect
      .poll(() => dmsTo(PEOPLE.eve.slack).map((c) => String(c.args.text)))
      .toContainEqual(expect.stringContaining('has not started yet'));

    const approved = await reply(() => press(approve, PEOPLE.admin.slack));
    const twice = await reply(() => press(approve, PEOPLE.admin.slack));
    await world.settle();

    expect(approved).toContain('Approved: H-');
    expect(twice).toContain('already approved');
    expect(await world.service.list(world.tenantId)).toHaveLength(before + 1);
    const [latest] = await world.service.list(world.tenantId);
    expect(await world.approvals.getApproval(world.tenantId, approve.value)).toMatchObject({
      status: 'approved',
      handoffId: latest?.handoff.id,
    });
    await world.service.returnNow(world.tenantId, latest?.handoff.no ?? 0, { label: 'test' });
    await world.settle();
  });
});
