/**
 * Participant DMs after a large handoff are not held behind the thread's item summaries: each channel keeps its own
 * pace (≥ the post gap between two posts), and DMs, being other channels, go out as soon as the handoff ends.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_ID, PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

const POST_GAP_MS = 600;
const DEALS = 800;
/** Department 3 of the sandbox seed ("Support"): Bob (3) and portal users 5, 6, 9, 12, all active. */
const SUPPORT = 3;
const POLL = { timeout: 20_000, interval: 50 } as const;

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld({
    postGapMs: POST_GAP_MS,
    sandbox: { seed: { bulk: [{ userId: PEOPLE.anna.portal, kind: 'deals', count: DEALS }] } },
  });
  // Slack accounts for the department's other members, matched to the portal by e-mail like everyone else.
  for (const user of world.sandbox.portal.users) {
    if (user.id > 4 && user.departmentIds.includes(SUPPORT) && user.email !== undefined) {
      world.slack.addUser({ id: `USUPPORT${user.id}`, name: user.name, email: user.email, tz: 'UTC' });
    }
  }
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

describe('posts after a large handoff', () => {
  it('DMs every participant before the last thread summary, and each channel keeps its gap', async () => {
    await world.command(`<@${PEOPLE.anna.slack}> to dept ${SUPPORT} only deals`);
    await expect.poll(() => world.slack.responses.length, POLL).toBe(1);
    const start = buttonsOf(world.slack.responses[0]?.body.blocks).find((b) => b.action_id.startsWith('handoff:start'));
    expect(start).toBeDefined();

    await world.interaction({
      type: 'block_actions',
      user: { id: PEOPLE.admin.slack },
      channel: { id: CHANNEL_ID },
      container: { type: 'message', is_ephemeral: true },
      response_url: world.slack.responseUrl('start'),
      trigger_id: 'trigger-start',
      actions: [{ type: 'button', action_id: start?.action_id, value: start?.value, block_id: 'b', action_ts: '1' }],
    });
    await expect
      .poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status, POLL)
      .toBe('completed');
    await world.settle();

    const posts = world.slack.callsOf('chat.postMessage');
    const inChannel = posts.filter((c) => c.args.channel === CHANNEL_ID);
    const thread = inChannel.filter((c) => c.args.thread_ts !== undefined);
    const dms = posts.filter((c) => /^U/.test(String(c.args.channel)));
    const at = (call: (typeof posts)[number] | undefined) => (call === undefined ? -1 : posts.indexOf(call));
    const lastSummary = at(thread.at(-1));
    const firstDm = Math.min(...dms.map(at));
    const lastDm = Math.max(...dms.map(at));

    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual([]);
    // Anna, Bob and the four other members of the department, one digest each.
    expect(new Set(dms.map((c) => c.args.channel)).size).toBe(6);
    expect(dms).toHaveLength(6);
    // The thread still had summaries to post when the handoff ended; the DMs did not wait for them.
    expect(lastDm).toBeLessThan(lastSummary);
    expect(thread.filter((c) => at(c) > firstDm && at(c) < lastDm).length).toBeLessThanOrEqual(1);
    // Per channel: ≥ the gap between two posts (arrival times at the fake, so allow for loopback jitter).
    const gaps = inChannel.slice(1).map((c, i) => c.at - (inChannel[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(POST_GAP_MS * 0.8);
    expect(world.slack.unknown).toEqual([]);
  });
});
