import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

const mention = (p: { slack: string }) => `<@${p.slack}|someone>`;

async function reply(text: string, user: string = PEOPLE.admin.slack): Promise<string> {
  const before = world.slack.responses.length;
  const response = await world.command(text, { user });
  expect(response.status).toBe(200);
  await expect.poll(() => world.slack.responses.length).toBeGreaterThan(before);
  return JSON.stringify(world.slack.responses.at(-1)?.body ?? {});
}

describe('/handoff hr: HR people may hand off anyone’s work', () => {
  it('Eve may not hand off Anna’s work until a portal admin adds her; only admins manage the list', async () => {
    const plan = `${mention(PEOPLE.anna)} to ${mention(PEOPLE.bob)} until next monday 9am only deals`;
    const before = await reply(plan, PEOPLE.eve.slack);
    const notAdmin = await reply(`hr add ${mention(PEOPLE.eve)}`, PEOPLE.bob.slack);

    const added = await reply(`hr add ${mention(PEOPLE.eve)}`);
    const listed = await reply('hr list', PEOPLE.eve.slack);
    const after = await reply(plan, PEOPLE.eve.slack);

    expect(before).toContain(':warning:');
    expect(notAdmin).toContain(':warning:');
    expect(added).toContain(`<@${PEOPLE.eve.slack}> is now an HR person`);
    expect(listed).toContain(`<@${PEOPLE.eve.slack}>`);
    expect(after).not.toContain(':warning:');
    expect(after).toContain('handoff:start');

    const removed = await reply(`hr remove ${mention(PEOPLE.eve)}`);
    const refused = await reply(plan, PEOPLE.eve.slack);
    expect(removed).toContain('is no longer an HR person');
    expect(refused).toContain(':warning:');
    expect(await world.hrPeople.listHrPeople(world.tenantId)).toEqual([]);
  });
});
