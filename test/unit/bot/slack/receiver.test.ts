import { App } from '@slack/bolt';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createEventDedupe } from '../../../../bot/slack/event-dedupe.js';
import { HonoReceiver } from '../../../../bot/slack/receiver.js';
import { signSlackBody } from '../../../../bot/slack/verify.js';
import type { Logger } from '../../../../engine/ports.js';

const secret = 'receiver-secret';
const warnings: string[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (_o, msg) => void warnings.push(msg),
  error() {},
  child: () => logger,
};

function setup(register: (app: App) => void) {
  const clock = { now: () => new Date() };
  const receiver = new HonoReceiver({
    signingSecret: secret,
    clock,
    logger,
    dedupe: createEventDedupe({ clock }),
    ackTimeoutMs: 100,
  });
  const app = new App({
    receiver,
    token: 'xoxb-x',
    botId: 'B1',
    botUserId: 'U1',
    clientOptions: { retryConfig: { retries: 0 } },
  });
  register(app);
  const routes = new Hono();
  routes.post('/slack/events', (c) => receiver.handle(c));
  return (body: string) => {
    const ts = Math.floor(Date.now() / 1000);
    return routes.request('/slack/events', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackBody(secret, ts, body),
      },
    });
  };
}

const command = (text: string) =>
  new URLSearchParams({
    command: '/handoff',
    text,
    team_id: 'T1',
    user_id: 'U2',
    channel_id: 'C1',
    trigger_id: 't',
    response_url: 'http://127.0.0.1:9/x',
  }).toString();

describe('HonoReceiver', () => {
  it('answers with what the listener acks and lets the listener keep working after the response', async () => {
    let finished = false;
    let release: () => void = () => {};
    const send = setup((app) =>
      app.command('/handoff', async ({ ack }) => {
        await ack('on it');
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        finished = true;
      }),
    );

    const response = await send(command('help'));

    expect(await response.text()).toBe('on it');
    expect(finished).toBe(false);
    release();
    await expect.poll(() => finished).toBe(true);
  });

  it('sends view_submission response_actions back as JSON', async () => {
    const send = setup((app) =>
      app.view('cb', async ({ ack }) => {
        await ack({ response_action: 'errors', errors: { to: 'Pick someone else.' } });
      }),
    );
    const payload = {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U2' },
      view: { id: 'V1', callback_id: 'cb', state: { values: {} } },
    };

    const response = await send(`payload=${encodeURIComponent(JSON.stringify(payload))}`);

    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ response_action: 'errors', errors: { to: 'Pick someone else.' } });
  });

  it('answers on time even when a listener never acks, and says so in the log', async () => {
    const send = setup((app) => app.command('/handoff', async () => new Promise<void>(() => {})));

    const response = await send(command('help'));

    expect(response.status).toBe(200);
    expect(warnings).toContain('slack request not acknowledged in time');
  });
});
