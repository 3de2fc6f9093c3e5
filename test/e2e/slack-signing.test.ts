import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackBody } from '../../bot/slack/verify.js';
import { PEOPLE, SIGNING_SECRET, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('Slack request signing and delivery on loopback', () => {
  it.each([
    ['a bad signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['a missing signature', { signature: '' }],
    ['a stale timestamp (6 min old)', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['a future timestamp (6 min ahead)', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
  ])('refuses %s with 401 and does nothing', async (_name, options) => {
    world.slack.clear();

    const response = await world.command('', options);

    expect(response.status).toBe(401);
    expect(world.slack.calls).toEqual([]);
    expect(world.slack.responses).toEqual([]);
  });

  it('accepts the same request correctly signed and opens the dialog', async () => {
    world.slack.clear();

    const response = await world.command('');

    expect(response.status).toBe(200);
    await expect.poll(() => world.slack.callsOf('views.open').length).toBe(1);
    expect(world.slack.unknown).toEqual([]);
  });

  it('answers url_verification with its challenge and ssl_check with 200', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'chal-123', token: 'x' });
    const ts = Math.floor(Date.now() / 1000);

    const challenge = await world.post(body, 'application/json', {
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackBody(SIGNING_SECRET, ts, body),
    });
    const ssl = await world.post('ssl_check=1&token=x', 'application/x-www-form-urlencoded', {});

    expect(await challenge.json()).toEqual({ challenge: 'chal-123' });
    expect(ssl.status).toBe(200);
  });

  it('handles a retried Events API delivery once (dedupe on event_id)', async () => {
    world.slack.clear();
    const event = { type: 'app_home_opened', user: PEOPLE.anna.slack, channel: 'D0ANNA', tab: 'home', event_ts: '1.0' };

    const first = await world.event(event, { eventId: 'Ev0RETRY1' });
    const retry = await world.event(event, { eventId: 'Ev0RETRY1', retryNum: 1 });
    const other = await world.event(event, { eventId: 'Ev0OTHER2' });

    expect([first.status, retry.status, other.status]).toEqual([200, 200, 200]);
    await expect.poll(() => world.slack.callsOf('views.publish').length).toBe(2);
    await world.settle();
    expect(world.slack.callsOf('views.publish')).toHaveLength(2);
  });
});
