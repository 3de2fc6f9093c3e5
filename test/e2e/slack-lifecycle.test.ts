import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_ID, PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

interface Button {
  action_id: string;
  value?: string;
}
type Blocks = { type: string; elements?: Button[] }[];

const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks as Blocks | undefined) ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

function press(button: Button | undefined, container: Record<string, unknown>) {
  return world.interaction({
    type: 'block_actions',
    user: { id: PEOPLE.admin.slack },
    channel: { id: CHANNEL_ID },
    container,
    response_url: world.slack.responseUrl(`press-${Math.random()}`),
    trigger_id: 'trigger-press',
    actions: [{ type: 'button', action_id: button?.action_id, value: button?.value, block_id: 'b', action_ts: '1' }],
  });
}

async function previewAndStart(text: string): Promise<void> {
  const before = world.slack.responses.length;
  await world.command(text);
  await expect.poll(() => world.slack.responses.length).toBeGreaterThan(before);
  const start = buttonsOf(world.slack.responses.at(-1)?.body.blocks).find((b) =>
    b.action_id.startsWith('handoff:start'),
  );
  expect(start).toBeDefined();
  await press(start, { type: 'message', is_ephemeral: true });
}

const dmsTo = (slackUserId: string) =>
  world.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === slackUserId);

describe('a temporary handoff from start to return', () => {
  it('DMs the initiator the progress when the bot cannot post in the channel, and each participant once per phase', async () => {
    world.slack.override('chat.postMessage', { kind: 'error', error: 'not_in_channel' });

    await previewAndStart(`<@${PEOPLE.anna.slack}> to <@${PEOPLE.bob.slack}> until in 2 weeks only tasks`);
    await expect
      .poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status)
      .toBe('return_scheduled');
    await world.settle();

    const [view] = await world.service.list(world.tenantId);
    expect(view?.handoff.surfaceState?.['slack.channel']).toBe(`D${PEOPLE.admin.slack.slice(1)}`);
    expect(dmsTo(PEOPLE.anna.slack)).toHaveLength(1);
    expect(dmsTo(PEOPLE.bob.slack)).toHaveLength(1);
    expect(String(dmsTo(PEOPLE.bob.slack)[0]?.args.text)).toMatch(/moved to you until .*America\/New_York/);

    const returnNow = buttonsOf(world.slack.callsOf('chat.update').at(-1)?.args.blocks).find((b) =>
      b.action_id.startsWith('handoff:return_now'),
    );
    expect(returnNow?.value).toBe('H-1');
    const tasksBefore = world.owned('tasks', PEOPLE.bob.portal).length;
    await press(returnNow, { type: 'message', is_ephemeral: false });
    await expect.poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status).toBe('returned');
    await world.settle();

    expect(world.owned('tasks', PEOPLE.bob.portal).length).toBeLessThan(tasksBefore);
    expect(dmsTo(PEOPLE.anna.slack)).toHaveLength(2);
    expect(dmsTo(PEOPLE.bob.slack)).toHaveLength(2);
    expect(String(dmsTo(PEOPLE.anna.slack)[1]?.args.text)).toMatch(/came back to you/);
    // The progress message stayed one message, edited in place through both phases.
    expect(new Set(world.slack.callsOf('chat.update').map((c) => c.args.ts)).size).toBe(1);
  });

  it('sends no DMs when quiet', async () => {
    const before = [dmsTo(PEOPLE.anna.slack).length, dmsTo(PEOPLE.bob.slack).length];

    await previewAndStart(`<@${PEOPLE.anna.slack}> to <@${PEOPLE.bob.slack}> only contacts quiet`);
    await expect.poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status).toBe('completed');
    await world.settle();

    expect([dmsTo(PEOPLE.anna.slack).length, dmsTo(PEOPLE.bob.slack).length]).toEqual(before);
    expect((await world.service.list(world.tenantId)).map((v) => v.handoff.plan.options.notify)).toEqual([false, true]);
  });

  it('publishes App Home with the user’s handoffs, their status and the buttons their state allows', async () => {
    world.slack.clear();

    await world.event(
      { type: 'app_home_opened', user: PEOPLE.anna.slack, tab: 'home', channel: 'D1', event_ts: '1' },
      { eventId: 'EvHOME1' },
    );
    await expect.poll(() => world.slack.callsOf('views.publish').length).toBe(1);

    const view = world.slack.callsOf('views.publish')[0]?.args.view as { type: string; blocks: unknown };
    const text = JSON.stringify(view.blocks);
    expect(view.type).toBe('home');
    expect(text).toContain('H-1');
    expect(text).toContain('H-2');
    expect(text).toContain('returned');
    expect(buttonsOf(view.blocks).some((b) => b.action_id.startsWith('handoff:undo'))).toBe(true);
  });

  it('a Home tab button acts, answers in the DM and publishes the tab again', async () => {
    const home = world.slack.callsOf('views.publish').at(-1)?.args.view as { blocks: unknown };
    const undo = buttonsOf(home.blocks).find((b) => b.action_id.startsWith('handoff:undo'));
    world.slack.clear();

    await press(undo, { type: 'view', view_id: 'VH1' });

    await expect.poll(() => world.slack.callsOf('views.publish').length).toBe(1);
    expect(dmsTo(PEOPLE.admin.slack)).toHaveLength(1);
    await expect.poll(async () => (await world.service.get(world.tenantId, 2)).handoff.status).toBe('returned');
  });

  it('answers help and status with their replies', async () => {
    for (const text of ['help', 'status H-1', 'history']) {
      const before = world.slack.responses.length;
      await world.command(text);
      await expect.poll(() => world.slack.responses.length).toBe(before + 1);
      expect(JSON.stringify(world.slack.responses.at(-1)?.body)).not.toContain(':warning:');
    }
    expect(JSON.stringify(world.slack.responses.at(-2)?.body)).toContain('H-1');
  });
});
