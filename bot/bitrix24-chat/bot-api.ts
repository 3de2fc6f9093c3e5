/**
 * The calls the chat bot and its notifier make, as the installed app: imbot.message.add / update and
 * im.notify.personal.add (reference §10). Message adds are never retried after a server fault (not idempotent,
 * §10.1); every call goes through the portal's one rate limiter.
 * @module
 */

import type { Bitrix24Client, RetryOptions } from '../../bitrix24/client.js';
import type { TenantId } from '../../engine/ids.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import type { BotMessage } from './render.js';

/** Bitrix24 takes long messages, but a wall of text helps nobody: replies are clipped here. */
const MAX_MESSAGE_CHARS = 12_000;

export interface BotApi {
  /** Posts as the bot in a dialog (`"27"` = the private chat with user 27); returns the message id. */
  add(tenantId: TenantId, dialogId: string, message: BotMessage): Promise<number>;
  /** Replaces a bot message's text and keyboard (an empty keyboard removes the buttons). */
  update(tenantId: TenantId, messageId: number, message: BotMessage): Promise<void>;
  /** Removes the buttons of a bot message, keeping its text. */
  removeKeyboard(tenantId: TenantId, messageId: number): Promise<void>;
  /** A notification to a portal user from the app's installer (im.notify.personal.add); TAG replaces older ones. */
  notify(tenantId: TenantId, userId: number, text: string, tag: string): Promise<void>;
}

export interface BotApiDeps {
  readonly tenants: TenantStore;
  readonly appClient: (tenantId: TenantId, retry?: Partial<RetryOptions>) => Promise<Bitrix24Client>;
}

function clipText(text: string): string {
  return text.length <= MAX_MESSAGE_CHARS ? text : `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

export function createBotApi(deps: BotApiDeps): BotApi {
  async function botIdOf(tenantId: TenantId): Promise<number> {
    const botId = (await deps.tenants.getTenant(tenantId))?.app?.botId;
    if (botId === undefined) throw new Error('the chat bot is not registered in this portal');
    return botId;
  }

  function keyboard(botId: number, message: BotMessage): unknown {
    return message.keyboard.length === 0 ? 'N' : { BOT_ID: botId, BUTTONS: message.keyboard };
  }

  return {
    async add(tenantId, dialogId, message) {
      const [botId, client] = await Promise.all([
        botIdOf(tenantId),
        deps.appClient(tenantId, { serverErrorRetries: 0 }),
      ]);
      const envelope = await client.call('imbot.message.add', {
        BOT_ID: botId,
        DIALOG_ID: dialogId,
        MESSAGE: clipText(message.text),
        ...(message.keyboard.length > 0 ? { KEYBOARD: keyboard(botId, message) } : {}),
        URL_PREVIEW: 'N',
      });
      const id = Number(envelope.result);
      if (!Number.isInteger(id) || id <= 0) throw new Error('imbot.message.add answered no message id');
      return id;
    },
    async update(tenantId, messageId, message) {
      const [botId, client] = await Promise.all([botIdOf(tenantId), deps.appClient(tenantId)]);
      await client.call('imbot.message.update', {
        BOT_ID: botId,
        MESSAGE_ID: messageId,
        MESSAGE: clipText(message.text),
        KEYBOARD: keyboard(botId, message),
        URL_PREVIEW: 'N',
      });
    },
    async removeKeyboard(tenantId, messageId) {
      const [botId, client] = await Promise.all([botIdOf(tenantId), deps.appClient(tenantId)]);
      await client.call('imbot.message.update', { BOT_ID: botId, MESSAGE_ID: messageId, KEYBOARD: 'N' });
    },
    async notify(tenantId, userId, text, tag) {
      const client = await deps.appClient(tenantId, { serverErrorRetries: 0 });
      await client.call('im.notify.personal.add', { USER_ID: userId, MESSAGE: clipText(text), TAG: tag });
    },
  };
}
