/**
 * A way for people to talk to the installed bot in the sandbox demo without a real portal (the CLI's
 * `handoff sandbox-chat` calls these): write to the bot as a portal user, press a button, read your dialog and
 * notifications. Each call posts the same events a portal would (app-events.ts) and answers with what the bot wrote.
 *   POST /sandbox/chat  { "as": 1, "text": "[USER=2]Anna[/USER] to [USER=3]Ben[/USER]" }
 *   POST /sandbox/press { "as": 1, "message": 12, "button": "Start" }
 *   GET  /sandbox/chat?as=1
 * @module
 */
import { Hono } from 'hono';
import { pressButton, sendToBot } from './app-events.js';
import type { SandboxBotMessage } from './im-state.js';
import type { SandboxPortal } from './portal.js';

export interface ChatMessageView {
  readonly id: number;
  readonly from: 'bot' | 'you';
  readonly text: string;
  readonly buttons: readonly string[];
  readonly edits: number;
}

function view(message: SandboxBotMessage): ChatMessageView {
  return {
    id: message.id,
    from: message.botId === undefined ? 'you' : 'bot',
    text: message.message,
    buttons: message.keyboard
      .map((b, i) => (b.TYPE === 'NEWLINE' || message.blocked.has(i) ? undefined : b.TEXT))
      .filter((t): t is string => typeof t === 'string'),
    edits: message.edits,
  };
}

function userOf(portal: SandboxPortal, value: unknown): number | string {
  const id = Number(value);
  if (!Number.isInteger(id) || !portal.directory.users.has(id)) return `"as" must be a portal user id`;
  return id;
}

export function createChatRoutes(portal: SandboxPortal): Hono {
  const routes = new Hono();
  const notReady = () => (portal.im.bots.size === 0 ? 'The Handoff bot is not installed in this sandbox yet.' : null);

  routes.get('/sandbox/chat', (c) => {
    const as = userOf(portal, c.req.query('as'));
    if (typeof as === 'string') return c.json({ error: as }, 400);
    return c.json({
      messages: portal.im.dialog(String(as)).map(view),
      notifications: portal.im.notifications
        .filter((n) => n.toUserId === as)
        .map((n) => ({ id: n.id, text: n.message })),
    });
  });

  routes.post('/sandbox/chat', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { as?: unknown; text?: unknown };
    const as = userOf(portal, body.as);
    if (typeof as === 'string') return c.json({ error: as }, 400);
    if (typeof body.text !== 'string' || body.text.trim() === '') return c.json({ error: '"text" is required' }, 400);
    const problem = notReady();
    if (problem) return c.json({ error: problem }, 409);
    const last = Math.max(0, ...portal.im.dialog(String(as)).map((m) => m.id));
    const answer = await sendToBot(portal, { fromUserId: as, text: body.text });
    return c.json({
      status: answer.status,
      messages: portal.im
        .dialog(String(as))
        .filter((m) => m.id > last)
        .map(view),
    });
  });

  routes.post('/sandbox/press', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { as?: unknown; message?: unknown; button?: unknown };
    const as = userOf(portal, body.as);
    if (typeof as === 'string') return c.json({ error: as }, 400);
    const messageId = Number(body.message);
    const button = typeof body.button === 'string' ? body.button : Number(body.button);
    const last = Math.max(0, ...portal.im.dialog(String(as)).map((m) => m.id));
    try {
      const answer = await pressButton(portal, { messageId, button, userId: as });
      return c.json({
        status: answer.status,
        messages: portal.im
          .dialog(String(as))
          .filter((m) => m.id > last)
          .map(view),
      });
    } catch (err) {
      return c.json({ error: err instanceof Error ? err.message.replace(/^sandbox: /, '') : 'failed' }, 400);
    }
  });

  return routes;
}
