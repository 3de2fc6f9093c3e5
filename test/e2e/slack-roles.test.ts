/**
 * Role commands from Slack: `/handoff role set …` by a portal admin, refused for anyone else, `/handoff roles`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

async function reply(text: string, user: string = PEOPLE.admin.slack): Promise<string> {
  const before = world.slack.responses.length;
  const response = await world.command(text, { user });
  expect(response.status).toBe(200);
  await expect.poll(() => world.slack.responses.length).toBeGreaterThan(before);
  return JSON.stringify(world.slack.responses.at(-1)?.body ?? {});
}

describe('/handoff role …', () => {
  it('lets a portal admin set a role, refuses anyone else, and lists roles', async () => {
    const empty = await reply('roles');
    const refused = await reply(`role set paralegal <@${PEOPLE.bob.slack}|bob>`, PEOPLE.anna.slack);
    const set = await reply(`role set Paralegal <@${PEOPLE.bob.slack}|bob>`);
    const listed = await reply('roles', PEOPLE.anna.slack);

    expect(empty).toContain('No roles yet');
    expect(refused).toContain('Only a portal admin can change roles.');
    expect(set).toContain('Role paralegal is now held by');
    expect(listed).toContain('paralegal');
  });

  it('names a bad role name', async () => {
    const answer = await reply(`role set 9lives <@${PEOPLE.bob.slack}|bob>`);

    expect(answer).toContain('isn');
    expect(answer).toContain('9lives');
  });
});
