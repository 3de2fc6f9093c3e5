import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

const MIN_EDIT_MS = 300;
const DEALS = 1500;

let world: SlackWorld;
beforeAll(async () => {
  // Enough deals, and a little portal latency, for the transfer to last a few seconds and need several edits.
  world = await startSlackWorld({
    minEditIntervalMs: MIN_EDIT_MS,
    sandbox: { latencyMs: 40, seed: { bulk: [{ userId: PEOPLE.anna.portal, kind: 'deals', count: DEALS }] } },
  });
});
afterAll(async () => {
  await world?.close();
});

interface Button {
  action_id: string;
  value: string;
}

function lastButtons(): Button[] {
  const last = world.slack.responses.at(-1)?.body as { blocks?: { type: string; elements?: Button[] }[] } | undefined;
  return (last?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

describe('progress message under a 429', () => {
  it('keeps its pace through Retry-After, never delays a dialog, batches the thread and always sends the final state', async () => {
    const annaDeals = world.owned('deals', PEOPLE.anna.portal);
    await world.command(`<@${PEOPLE.anna.slack}> to <@${PEOPLE.bob.slack}> only deals`);
    await expect.poll(() => lastButtons().some((b) => b.action_id.startsWith('handoff:start'))).toBe(true);
    const start = lastButtons().find((b) => b.action_id.startsWith('handoff:start'));
    world.slack.override('chat.update', { kind: 'rate_limited', retryAfterSeconds: 1 });

    await world.interaction({
      type: 'block_actions',
      user: { id: PEOPLE.admin.slack },
      channel: { id: 'C0E2E' },
      container: { type: 'message', is_ephemeral: true },
      response_url: world.slack.responseUrl('start'),
      trigger_id: 't',
      actions: [{ type: 'button', action_id: start?.action_id, value: start?.value, block_id: 'b', action_ts: '1' }],
    });
    await expect
      .poll(() => world.slack.callsOf('chat.update').some((c) => c.outcome === 'rate_limited'), { timeout: 15_000 })
      .toBe(true);
    const limitedAt = world.slack.callsOf('chat.update').find((c) => c.outcome === 'rate_limited')?.at ?? 0;
    // A dialog opened during the pause goes out at once, on the interactive client.
    await world.command('');
    await expect.poll(() => world.slack.callsOf('views.open').length).toBe(1);
    await expect
      .poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status, { timeout: 20_000 })
      .toBe('completed');
    await world.settle();

    const updates = world.slack.callsOf('chat.update');
    const afterLimit = updates.filter((c) => c.at > limitedAt);
    const openAt = world.slack.callsOf('views.open')[0]?.at ?? 0;
    expect(afterLimit[0]?.at ?? 0).toBeGreaterThanOrEqual(limitedAt + 1000);
    expect(openAt).toBeLessThan(afterLimit[0]?.at ?? 0);
    // Gaps are measured on arrival at the fake, so allow for loopback jitter; unpaced edits would come every 50 ms.
    const gaps = updates.slice(1).map((c, i) => c.at - (updates[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_EDIT_MS * 0.66);
    expect(updates.length).toBeGreaterThan(2);
    expect(String(updates.at(-1)?.args.text)).toContain('completed');
    expect(String(updates.at(-1)?.args.text)).toContain(`${annaDeals.length}/${annaDeals.length}`);

    const thread = world.slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
    expect(thread.length).toBeGreaterThan(0);
    expect(thread.length).toBeLessThanOrEqual(Math.ceil(annaDeals.length / 50));
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual([]);
  });
});
