import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedToken } from '../../bot/console/signed-token.js';
import { CONSOLE_KEYS, PEOPLE, type SlackWorld, STRANGER, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

const mention = (p: { slack: string }) => `<@${p.slack}|someone>`;

interface Button {
  action_id: string;
  value: string;
}

/** The buttons of the last response posted to a response_url. */
function lastButtons(): Button[] {
  const last = world.slack.responses.at(-1)?.body as { blocks?: { type: string; elements?: Button[] }[] } | undefined;
  return (last?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

function lastText(): string {
  return JSON.stringify(world.slack.responses.at(-1)?.body ?? {});
}

async function reply(send: () => Promise<Response>): Promise<string> {
  const before = world.slack.responses.length;
  const response = await send();
  expect(response.status).toBe(200);
  await expect.poll(() => world.slack.responses.length).toBeGreaterThan(before);
  return lastText();
}

function press(button: Button, user = PEOPLE.admin.slack) {
  return world.interaction({
    type: 'block_actions',
    user: { id: user },
    channel: { id: 'C0E2E' },
    container: { type: 'message', is_ephemeral: true, channel_id: 'C0E2E' },
    response_url: world.slack.responseUrl(`press-${Math.random()}`),
    trigger_id: 'trigger-press',
    actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '1' }],
  });
}

describe('/handoff text path', () => {
  it.each([
    ['a bad date', `${mention(PEOPLE.anna)} to ${mention(PEOPLE.bob)} until the day after never`],
    ['the same person twice', `${mention(PEOPLE.anna)} to ${mention(PEOPLE.anna)}`],
    ['an unknown user', `${mention(PEOPLE.anna)} to ${mention({ slack: STRANGER })}`],
  ])('answers %s with a clear message and starts nothing', async (_name, text) => {
    const answer = await reply(() => world.command(text));

    expect(answer).toContain(':warning:');
    expect(lastButtons().filter((b) => b.action_id.startsWith('handoff:start'))).toEqual([]);
    expect(await world.service.list(world.tenantId)).toEqual([]);
  });

  it('tells someone not allowed who can, and starts nothing', async () => {
    const answer = await reply(() =>
      world.command(`${mention(PEOPLE.anna)} to ${mention(PEOPLE.bob)}`, { user: PEOPLE.eve.slack }),
    );

    expect(answer).toContain(':warning:');
    expect(lastButtons()).toEqual([]);
    expect(await world.service.list(world.tenantId)).toEqual([]);
  });

  it('previews, changes nothing until Start, then moves exactly Anna’s open deals to Bob, once despite a double press', async () => {
    const annaDeals = world.owned('deals', PEOPLE.anna.portal);
    const annaTasks = world.owned('tasks', PEOPLE.anna.portal);
    const bobDealsBefore = world.owned('deals', PEOPLE.bob.portal);
    expect(annaDeals.length).toBeGreaterThan(0);

    await reply(() =>
      world.command(`${mention(PEOPLE.anna)} to ${mention(PEOPLE.bob)} until next monday 9am only deals`),
    );
    const start = lastButtons().find((b) => b.action_id.startsWith('handoff:start'));
    const dismiss = lastButtons().find((b) => b.action_id.startsWith('handoff:dismiss'));
    expect(start).toBeDefined();
    expect(dismiss).toBeDefined();
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual(annaDeals);
    expect(await world.service.list(world.tenantId)).toEqual([]);

    if (start === undefined) return;
    await Promise.all([press(start), press(start)]);
    await expect.poll(async () => (await world.service.list(world.tenantId)).length).toBe(1);
    await expect
      .poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status)
      .toBe('return_scheduled');
    await world.settle();

    expect(await world.service.list(world.tenantId)).toHaveLength(1);
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual([]);
    expect(world.owned('deals', PEOPLE.bob.portal).sort()).toEqual([...bobDealsBefore, ...annaDeals].sort());
    expect(world.owned('tasks', PEOPLE.anna.portal)).toEqual(annaTasks);
  });

  it('posts one progress message in the channel, edits it in place, and DMs each participant once', async () => {
    const [view] = await world.service.list(world.tenantId);
    const posts = world.slack.callsOf('chat.postMessage');
    const progress = posts.filter((c) => c.args.channel === 'C0E2E' && c.args.thread_ts === undefined);
    const dms = posts.filter((c) => String(c.args.channel).startsWith('U'));

    expect(progress).toHaveLength(1);
    expect(view?.handoff.surfaceState?.['slack.channel']).toBe('C0E2E');
    expect(new Set(world.slack.callsOf('chat.update').map((c) => c.args.ts))).toEqual(
      new Set([view?.handoff.surfaceState?.['slack.ts']]),
    );
    expect(dms.map((c) => c.args.channel).sort()).toEqual([PEOPLE.anna.slack, PEOPLE.bob.slack].sort());
    expect(world.slack.unknown).toEqual([]);
  });

  it('`console` answers only the person who asked with a signed link to the web console, for them', async () => {
    const text = await reply(() => world.command('console'));
    const body = world.slack.responses.at(-1)?.body as { response_type?: string };
    const url = /<(https:\/\/handoff\.example\.com\/app\/login\?token=[^|>]+)\|Open the Handoff console>/.exec(
      text,
    )?.[1];
    const token = new URL(url ?? 'https://x/').searchParams.get('token') ?? '';
    const parsed = parseSignedToken(token, CONSOLE_KEYS.link, new Date());

    expect(body.response_type).toBe('ephemeral');
    expect(parsed.ok && parsed.claims.u).toBe(PEOPLE.admin.portal);
    expect(parsed.ok && parsed.claims.exp - Date.now()).toBeGreaterThan(14 * 60_000);

    const stranger = await reply(() => world.command('console', { user: STRANGER }));
    expect(stranger).toContain(":warning: I don't know who you are in Bitrix24");
  });

  it('`link` lets an admin map a Slack user with no matching e-mail; others are refused', async () => {
    const refused = await reply(() => world.command(`link <@${STRANGER}> 5`, { user: PEOPLE.eve.slack }));
    expect(refused).toContain(':warning:');

    await reply(() => world.command(`link <@${STRANGER}> 5`));
    const preview = await reply(() => world.command(`${mention(PEOPLE.bob)} to <@${STRANGER}> only contacts`));

    expect(preview).not.toContain(':warning:');
    expect(lastButtons().some((b) => b.action_id.startsWith('handoff:start'))).toBe(true);
  });
});
