/**
 * App Home follows status changes: people involved in a handoff who opened the tab get it re-published when the
 * handoff changes status, at most once per user per interval, the coalesced publish showing the latest state.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

const REFRESH_MS = 2000;
const POLL = { timeout: 15_000, interval: 50 } as const;

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld({ homeRefreshMs: REFRESH_MS });
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

const publishesFor = (slackUserId: string) =>
  world.slack.callsOf('views.publish').filter((c) => c.args.user_id === slackUserId);

const visitRecorded = (slackUserId: string) =>
  world.logger.lines.some((l) => l.msg === 'home visit recorded' && l.obj.slackUserId === slackUserId);

async function status(): Promise<string | undefined> {
  return (await world.service.list(world.tenantId))[0]?.handoff.status;
}

describe('App Home after a status change', () => {
  it('is re-published for the involved people who opened it, coalesced and throttled per user', async () => {
    const viewers = [PEOPLE.anna.slack, PEOPLE.bob.slack, PEOPLE.eve.slack];
    for (const [i, user] of viewers.entries()) {
      await world.event(
        { type: 'app_home_opened', user, tab: 'home', channel: `D${i}`, event_ts: `${i}.0` },
        { eventId: `EvHOMEREFRESH${i}` },
      );
    }
    await expect.poll(() => viewers.every(visitRecorded), POLL).toBe(true);
    expect(world.slack.callsOf('views.publish')).toHaveLength(3);

    // The admin starts a temporary handoff Anna → Bob and returns it at once: four status changes in a row.
    await world.command(`<@${PEOPLE.anna.slack}> to <@${PEOPLE.bob.slack}> until in 2 weeks only tasks`);
    await expect.poll(() => world.slack.responses.length, POLL).toBe(1);
    const start = buttonsOf(world.slack.responses[0]?.body.blocks).find((b) => b.action_id.startsWith('handoff:start'));
    await world.interaction({
      type: 'block_actions',
      user: { id: PEOPLE.admin.slack },
      channel: { id: 'C0E2E' },
      container: { type: 'message', is_ephemeral: true },
      response_url: world.slack.responseUrl('start'),
      trigger_id: 'trigger-start',
      actions: [{ type: 'button', action_id: start?.action_id, value: start?.value, block_id: 'b', action_ts: '1' }],
    });
    await expect.poll(status, POLL).toBe('return_scheduled');
    await world.command('return H-1');
    await expect.poll(status, POLL).toBe('returned');
    for (const user of [PEOPLE.anna.slack, PEOPLE.bob.slack]) {
      await expect
        .poll(() => JSON.stringify(publishesFor(user).at(-1)?.args.view), POLL)
        .toMatch(/H-1\* · [^·]+ · returned/);
    }
    await world.settle();

    for (const user of [PEOPLE.anna.slack, PEOPLE.bob.slack]) {
      const publishes = publishesFor(user);
      const refreshes = publishes.slice(1);
      // running, return_scheduled, returning, returned: fewer publishes than changes, the last one up to date.
      expect(refreshes.length).toBeGreaterThanOrEqual(1);
      expect(refreshes.length).toBeLessThan(4);
      expect(refreshes.every((c) => (c.args.view as { type?: string }).type === 'home')).toBe(true);
      // Throttled from the visit's own publish on; arrival times at the fake, so allow for loopback jitter.
      const gaps = publishes.slice(1).map((c, i) => c.at - (publishes[i]?.at ?? 0));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(REFRESH_MS * 0.8);
    }
    // Eve opened Home but is not involved; the admin is involved but never opened it.
    expect(publishesFor(PEOPLE.eve.slack)).toHaveLength(1);
    expect(publishesFor(PEOPLE.admin.slack)).toHaveLength(0);
    expect(world.slack.unknown).toEqual([]);
  });
});
