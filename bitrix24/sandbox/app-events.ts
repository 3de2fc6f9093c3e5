/**
 * What the sandbox portal posts to the installed app, in Bitrix24's real shape (reference §9, §10.1):
 * form-encoded PHP-style bodies (`data[PARAMS][MESSAGE]`, `auth[application_token]`, every value a string).
 * `installApp` plays the admin saving a local app's form (ONAPPINSTALL with the installer's tokens and a new
 * application token); `sendToBot` a person writing to the bot (ONIMBOTMESSAGEADD); `pressButton` a keyboard press
 * (ONIMCOMMANDADD, context KEYBOARD); `uninstallApp` ONAPPUNINSTALL (no tokens; the portal then drops the app's
 * tokens, bots and robots). Each returns the app's HTTP answer.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { SandboxPortal } from './portal.js';
import { encodeQuery } from './qs.js';

export interface AppAnswer {
  readonly status: number;
  readonly body: string;
}

export interface EventOptions {
  /** Sends this application token instead of the installed one (a forged event). */
  readonly applicationToken?: string;
  readonly fetch?: typeof fetch;
}

async function post(url: string, params: Record<string, unknown>, fetchFn: typeof fetch = fetch): Promise<AppAnswer> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Bitrix24 Webhook Engine' },
    body: encodeQuery(params),
  });
  return { status: response.status, body: await response.text() };
}

function ts(portal: SandboxPortal): string {
  return String(Math.floor(portal.now() / 1000));
}

function domainOf(portal: SandboxPortal): string {
  return new URL(portal.origin).host;
}

/** The `auth` block of an event sent on behalf of `userId` (their fresh tokens, no refresh token). */
function eventAuth(portal: SandboxPortal, userId: number, options: EventOptions): Record<string, string> {
  const app = portal.im.app;
  const tokens = portal.issueTokens(userId);
  return {
    access_token: tokens.access_token,
    expires: String(tokens.expires),
    expires_in: String(tokens.expires_in),
    scope: tokens.scope,
    domain: domainOf(portal),
    server_endpoint: tokens.server_endpoint,
    status: 'L',
    client_endpoint: tokens.client_endpoint,
    member_id: portal.memberId,
    user_id: String(userId),
    application_token: options.applicationToken ?? app?.applicationToken ?? '',
  };
}

/** ONAPPINSTALL to `handlerUrl` with the tokens of `userId` (default: the admin, user 1). */
export async function installApp(
  portal: SandboxPortal,
  input: { readonly handlerUrl: string; readonly userId?: number; readonly fetch?: typeof fetch },
): Promise<AppAnswer> {
  const userId = input.userId ?? 1;
  const applicationToken = portal.im.app?.applicationToken ?? randomBytes(16).toString('hex');
  portal.im.app = { handlerUrl: input.handlerUrl, applicationToken, userId };
  const tokens = portal.issueTokens(userId);
  return post(
    input.handlerUrl,
    {
      event: 'ONAPPINSTALL',
      data: { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' },
      ts: ts(portal),
      auth: {
        access_token: tokens.access_token,
        expires_in: String(tokens.expires_in),
        scope: tokens.scope,
        domain: domainOf(portal),
        server_endpoint: tokens.server_endpoint,
        status: 'L',
        client_endpoint: tokens.client_endpoint,
        member_id: portal.memberId,
        refresh_token: tokens.refresh_token,
        application_token: applicationToken,
      },
    },
    input.fetch,
  );
}

/** ONAPPUNINSTALL (no tokens, reference §9); afterwards the app's tokens, bots and commands are gone. */
export async function uninstallApp(portal: SandboxPortal, options: EventOptions = {}): Promise<AppAnswer> {
  const app = portal.im.app;
  if (!app) throw new Error('sandbox: no app installed');
  const answer = await post(
    portal.im.eventHandlers.get('ONAPPUNINSTALL') ?? app.handlerUrl,
    {
      event: 'ONAPPUNINSTALL',
      data: { LANGUAGE_ID: 'en', CLEAN: '0' },
      ts: ts(portal),
      auth: {
        domain: domainOf(portal),
        member_id: portal.memberId,
        application_token: options.applicationToken ?? app.applicationToken,
      },
    },
    options.fetch,
  );
  if (options.applicationToken === undefined || options.applicationToken === app.applicationToken) {
    portal.im.app = undefined;
    portal.tokens.revokeAll();
    portal.im.eventHandlers.clear();
    for (const id of [...portal.im.bots.keys()]) portal.im.removeBot(id);
    // Robots belong to the app too (bizproc.robot.add needs its context): they go with it.
    portal.robots.robots.clear();
  }
  return answer;
}

function userBlock(portal: SandboxPortal, userId: number): Record<string, string> {
  const user = portal.directory.users.get(userId);
  if (!user) throw new Error(`sandbox: no user ${userId}`);
  return {
    ID: String(user.id),
    NAME: `${user.name} ${user.lastName}`,
    FIRST_NAME: user.name,
    LAST_NAME: user.lastName,
    WORK_POSITION: '',
    GENDER: 'F',
    IS_BOT: 'N',
    IS_EXTRANET: user.userType === 'extranet' ? 'Y' : 'N',
  };
}

/** The bot's own tokens as events carry them under data[BOT][id] / data[COMMAND][id]. */
function botTokens(portal: SandboxPortal, botId: number, options: EventOptions) {
  const tokens = portal.issueTokens(portal.im.app?.userId ?? 1);
  return {
    access_token: tokens.access_token,
    expires_in: String(tokens.expires_in),
    client_endpoint: tokens.client_endpoint,
    user_id: String(botId),
    application_token: options.applicationToken ?? portal.im.app?.applicationToken ?? '',
    domain: domainOf(portal),
    member_id: portal.memberId,
  };
}

/**
 * A person writes `text` to the bot in their private chat (DIALOG_ID = their user id, as the bot sees it).
 * The message is kept in the dialog; returns the app's answer and the message id.
 */
export async function sendToBot(
  portal: SandboxPortal,
  input: {
    readonly fromUserId: number;
    readonly text: string;
    readonly botId?: number;
    /** Delivers the event of this earlier message again (a repeated delivery) instead of writing a new one. */
    readonly repeatOf?: number;
  } & EventOptions,
): Promise<AppAnswer & { readonly messageId: number }> {
  const bot = input.botId === undefined ? [...portal.im.bots.values()][0] : portal.im.bots.get(input.botId);
  if (!bot) throw new Error('sandbox: no bot registered');
  const dialogId = String(input.fromUserId);
  const stored =
    (input.repeatOf === undefined ? undefined : portal.im.messages.get(input.repeatOf)) ??
    portal.im.addMessage({ authorId: input.fromUserId, dialogId, message: input.text, keyboard: [] });
  const answer = await post(
    bot.handlers.messageAdd,
    {
      event: 'ONIMBOTMESSAGEADD',
      data: {
        BOT: { [String(bot.id)]: { ...botTokens(portal, bot.id, input), BOT_ID: String(bot.id), BOT_CODE: bot.code } },
        PARAMS: {
          MESSAGE: input.text,
          MESSAGE_ORIGINAL: input.text,
          MESSAGE_ID: String(stored.id),
          DIALOG_ID: dialogId,
          FROM_USER_ID: String(input.fromUserId),
          AUTHOR_ID: String(input.fromUserId),
          TO_USER_ID: String(bot.id),
          CHAT_ID: String(1000 + input.fromUserId),
          CHAT_TYPE: 'P',
          MESSAGE_TYPE: 'P',
          SYSTEM: 'N',
          LANGUAGE: 'en',
        },
        USER: userBlock(portal, input.fromUserId),
      },
      ts: ts(portal),
      auth: eventAuth(portal, input.fromUserId, input),
    },
    input.fetch,
  );
  return { ...answer, messageId: stored.id };
}

/**
 * `userId` presses a button (by its TEXT or index among real buttons) of a bot message: ONIMCOMMANDADD to the
 * command's handler, context KEYBOARD. A pressed BLOCK:'Y' button is disabled (pressing it again throws).
 */
export async function pressButton(
  portal: SandboxPortal,
  input: { readonly messageId: number; readonly button: string | number; readonly userId: number } & EventOptions,
): Promise<AppAnswer> {
  const message = portal.im.messages.get(input.messageId);
  if (!message || message.deleted || message.botId === undefined) throw new Error('sandbox: no such bot message');
  const buttons = message.keyboard.filter((b) => b.TYPE !== 'NEWLINE');
  const index = typeof input.button === 'number' ? input.button : buttons.findIndex((b) => b.TEXT === input.button);
  const button = buttons[index];
  if (!button) throw new Error(`sandbox: no button ${String(input.button)} on message ${input.messageId}`);
  if (message.blocked.has(index)) throw new Error('sandbox: that button was already pressed (BLOCK)');
  if (typeof button.COMMAND !== 'string') throw new Error('sandbox: that button runs no command');
  const bot = portal.im.bots.get(message.botId);
  const command = bot ? portal.im.commandOf(bot.id, button.COMMAND) : undefined;
  if (!bot || !command) throw new Error(`sandbox: command ${button.COMMAND} is not registered`);
  if (button.BLOCK === 'Y') message.blocked.add(index);
  return post(
    command.handler,
    {
      event: 'ONIMCOMMANDADD',
      data: {
        COMMAND: {
          [String(command.id)]: {
            ...botTokens(portal, bot.id, input),
            BOT_ID: String(bot.id),
            BOT_CODE: bot.code,
            COMMAND: command.command,
            COMMAND_ID: String(command.id),
            COMMAND_PARAMS: button.COMMAND_PARAMS ?? '',
            COMMAND_CONTEXT: 'KEYBOARD',
            MESSAGE_ID: String(message.id),
          },
        },
        PARAMS: {
          DIALOG_ID: message.dialogId,
          FROM_USER_ID: String(input.userId),
          MESSAGE_ID: String(message.id),
          CHAT_TYPE: 'P',
          MESSAGE_TYPE: 'P',
          LANGUAGE: 'en',
        },
        USER: userBlock(portal, input.userId),
      },
      ts: ts(portal),
      auth: eventAuth(portal, input.userId, input),
    },
    input.fetch,
  );
}

/** `userId` opens a chat with the bot for the first time: ONIMBOTJOINCHAT to its welcome handler (§10.1). */
export async function joinBot(
  portal: SandboxPortal,
  input: { readonly userId: number; readonly botId?: number } & EventOptions,
): Promise<AppAnswer> {
  const bot = input.botId === undefined ? [...portal.im.bots.values()][0] : portal.im.bots.get(input.botId);
  if (!bot) throw new Error('sandbox: no bot registered');
  return post(
    bot.handlers.welcome ?? bot.handlers.messageAdd,
    {
      event: 'ONIMBOTJOINCHAT',
      data: {
        BOT: { [String(bot.id)]: { ...botTokens(portal, bot.id, input), BOT_ID: String(bot.id), BOT_CODE: bot.code } },
        PARAMS: {
          DIALOG_ID: String(input.userId),
          CHAT_TYPE: 'P',
          MESSAGE_TYPE: 'P',
          USER_ID: String(input.userId),
          LANGUAGE: 'en',
        },
        USER: userBlock(portal, input.userId),
      },
      ts: ts(portal),
      auth: eventAuth(portal, input.userId, input),
    },
    input.fetch,
  );
}
