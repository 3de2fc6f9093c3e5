import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../engine/ids.js';
import { PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

const DAY = 86_400_000;

async function reply(text: string, user: string = PEOPLE.admin.slack): Promise<string> {
  const before = world.slack.responses.length;
  const response = await world.command(text, { user });
  expect(response.status).toBe(200);
  await expect.poll(() => world.slack.responses.length).toBeGreaterThan(before);
  return JSON.stringify(world.slack.responses.at(-1)?.body ?? {});
}

/** A vacation as an HR system creates it (API path), Anna covered by Bob. */
async function vacation(externalId: string, startInDays: number, endInDays: number) {
  const now = Date.now();
  const { view } = await world.vacations.create({
    tenantId: world.tenantId,
    externalId,
    employeeId: toPortalUserId(PEOPLE.anna.portal),
    backup: { type: 'user', userId: toPortalUserId(PEOPLE.bob.portal) },
    startAt: new Date(now + startInDays * DAY),
    endAt: new Date(now + endInDays * DAY),
    kinds: ['deals'],
    initiator: { label: 'api-key:hr' },
  });
  return view.handoff.handoff.no;
}

/** The texts of the DMs a person got, in order. */
function dms(person: { slack: string }): string[] {
  return world.slack
    .callsOf('chat.postMessage')
    .filter((c) => c.args.channel === person.slack)
    .map((c) => String(c.args.text));
}

describe('/handoff vacation: moving and cancelling in Slack', () => {
  it('extends, moves the start, and cancels a vacation before it starts; the record follows', async () => {
    const no = await vacation('slack-1', 2, 9);

    const extended = await reply(`vacation H-${no} until in 12 days`);
    const moved = await reply(`vacation H-${no} from in 3 days`);
    const cancelled = await reply(`vacation cancel H-${no}`);

    expect(extended).toContain(`H-${no} moved`);
    expect(moved).toContain(`H-${no} moved`);
    expect(cancelled).toContain(`H-${no} is cancelled: it had not started`);
    const { vacation: record, handoff } = await world.vacations.get(world.tenantId, { externalId: 'slack-1' });
    expect(record.state).toBe('cancelled');
    expect(record.endAt.getTime() - Date.now()).toBeGreaterThan(11 * DAY);
    expect(record.startAt.getTime() - Date.now()).toBeGreaterThan(2 * DAY);
    expect(handoff.handoff.status).toBe('cancelled');
    await world.settle();
    const anna = dms(PEOPLE.anna).filter((t) => t.startsWith(`H-${no}:`));
    const bob = dms(PEOPLE.bob).filter((t) => t.startsWith(`H-${no}:`));
    expect(anna).toEqual([
      expect.stringMatching(/while you are away from .+ until .+, Chloe Fischer will cover your work/),
      expect.stringContaining('the dates of your absence changed'),
      expect.stringContaining('the dates of your absence changed'),
      expect.stringContaining('the cover for your absence'),
    ]);
    expect(bob).toEqual([
      expect.stringContaining("you will cover Boris Adams's work from"),
      expect.stringMatching(/the dates you cover Boris Adams changed: now .+ \(was .+\)/),
      expect.stringContaining('the dates you cover Boris Adams changed'),
      expect.stringContaining("you no longer cover Boris Adams's work"),
    ]);
  });

  it('shortens a started vacation to now: everything comes back', async () => {
    const no = await vacation('slack-2', 0, 9);
    await expect
      .poll(async () => (await world.service.get(world.tenantId, no)).handoff.status, { timeout: 15_000 })
      .toBe('return_scheduled');

    const answer = await reply(`vacation H-${no} until now`);
    await world.settle();

    expect(answer).toContain(`H-${no} is over: everything is coming back now`);
    await expect
      .poll(async () => (await world.service.get(world.tenantId, no)).handoff.status, { timeout: 15_000 })
      .toBe('returned');
    expect((await world.vacations.get(world.tenantId, { handoffNo: no })).vacation.state).toBe('active');
  });

  it('refuses to move the start of a started one, and refuses someone who may not', async () => {
    const no = await vacation('slack-3', 0, 9);
    await expect
      .poll(async () => (await world.service.get(world.tenantId, no)).handoff.status, { timeout: 15_000 })
      .toBe('return_scheduled');

    const started = await reply(`vacation H-${no} from in 2 days`);
    const stranger = await reply(`vacation H-${no} until in 3 days`, PEOPLE.eve.slack);

    expect(started).toContain('has already started');
    expect(stranger).toContain(':warning:');
    const { vacation: record } = await world.vacations.get(world.tenantId, { handoffNo: no });
    expect(record.endAt.getTime() - Date.now()).toBeGreaterThan(8 * DAY);
    await world.vacations.cancel(world.tenantId, { handoffNo: no }, { label: 'test' });
    await world.settle();
  });
});
