/**
 * imbot.* and im.notify.* (reference §10): register/update/unregister a bot, list bots, add/update messages with
 * keyboards (30 KB limit, an empty MESSAGE deletes, KEYBOARD 'N' removes the buttons), register commands, and
 * personal/system notifications. Re-registering an existing CODE or command answers the existing id (the real
 * behaviour is unconfirmed, §10.1).
 * @module
 */
import { badRequest } from '../api-error.js';
import type { SandboxButton } from '../im-state.js';
import { intParam, isRecord, type Params, param, recordParam } from '../params.js';
import type { CallContext, MethodResult } from './context.js';

const MAX_PART_BYTES = 30 * 1024;

function text(params: Params, name: string): string | undefined {
  const value = param(params, name);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function isUrl(value: string | undefined): value is string {
  if (value === undefined) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function requireBot(ctx: CallContext, params: Params) {
  const explicit = intParam(params, 'BOT_ID');
  const bot = explicit === undefined ? [...ctx.portal.im.bots.values()][0] : ctx.portal.im.bots.get(explicit);
  if (!bot) throw badRequest('BOT_ID_ERROR', 'Bot not found');
  return bot;
}

/** KEYBOARD as an object `{BOT_ID, BUTTONS}`, a bare array, or a JSON string of either; 'N' or '' removes. */
function readKeyboard(params: Params): SandboxButton[] | undefined | 'remove' {
  let value = param(params, 'KEYBOARD');
  if (value === undefined) return undefined;
  if (value === 'N' || value === '') return 'remove';
  if (typeof value === 'string') {
    if (value.length > MAX_PART_BYTES) throw badRequest('KEYBOARD_OVERSIZE', 'Keyboard is too large');
    try {
      value = JSON.parse(value);
    } catch {
      throw badRequest('KEYBOARD_ERROR', 'Keyboard is not valid');
    }
  } else if (JSON.stringify(value).length > MAX_PART_BYTES) {
    throw badRequest('KEYBOARD_OVERSIZE', 'Keyboard is too large');
  }
  const buttons = isRecord(value) ? value.BUTTONS : value;
  const list = Array.isArray(buttons) ? buttons : isRecord(buttons) ? Object.values(buttons) : undefined;
  if (list === undefined || !list.every(isRecord)) throw badRequest('KEYBOARD_ERROR', 'Keyboard is not valid');
  for (const button of list) {
    if (button.TYPE === 'NEWLINE') continue;
    const actions = ['COMMAND', 'LINK', 'ACTION', 'APP_ID'].filter((k) => button[k] !== undefined && button[k] !== '');
    if (typeof button.TEXT !== 'string' || button.TEXT === '' || actions.length !== 1)
      throw badRequest('KEYBOARD_ERROR', 'Every button needs TEXT and exactly one action');
  }
  return list as SandboxButton[];
}

function validDialog(ctx: CallContext, dialogId: string): boolean {
  if (/^chat\d+$/.test(dialogId)) return true;
  return /^\d+$/.test(dialogId) && ctx.portal.directory.users.has(Number(dialogId));
}

export function imbotRegister(ctx: CallContext, params: Params): MethodResult {
  const code = text(params, 'CODE');
  if (!code) throw badRequest('CODE_ERROR', 'Bot code is not specified');
  const handler = text(params, 'EVENT_MESSAGE_ADD') ?? text(params, 'EVENT_HANDLER');
  if (!isUrl(handler)) throw badRequest('EVENT_MESSAGE_ADD_ERROR', 'Handler for "Message add" event is not specified');
  const properties = recordParam(params, 'PROPERTIES');
  const name = typeof properties.NAME === 'string' ? properties.NAME : properties.LAST_NAME;
  if (typeof name !== 'string' || name === '') throw badRequest('NAME_ERROR', 'Bot name is not specified');
  const handlers = {
    messageAdd: handler,
    ...optionalUrl('welcome', text(params, 'EVENT_WELCOME_MESSAGE') ?? text(params, 'EVENT_HANDLER')),
    ...optionalUrl('botDelete', text(params, 'EVENT_BOT_DELETE') ?? text(params, 'EVENT_HANDLER')),
  };
  const existing = ctx.portal.im.botByCode(code);
  if (existing) return { result: existing.id };
  if (ctx.portal.im.bots.size >= 5) throw badRequest('WRONG_REQUEST', 'An app may register at most 5 bots');
  return { result: ctx.portal.im.addBot({ code, type: text(params, 'TYPE') ?? 'B', name, handlers }).id };
}

function optionalUrl<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return isUrl(value) ? ({ [key]: value } as Record<K, string>) : {};
}

export function imbotUpdate(ctx: CallContext, params: Params): MethodResult {
  const bot = requireBot(ctx, params);
  const fields = recordParam(params, 'FIELDS');
  const handler = fields.EVENT_MESSAGE_ADD ?? fields.EVENT_HANDLER;
  if (handler !== undefined) {
    if (typeof handler !== 'string' || !isUrl(handler))
      throw badRequest('EVENT_MESSAGE_ADD_ERROR', 'Handler for "Message add" event is not valid');
    bot.handlers = { ...bot.handlers, messageAdd: handler };
  }
  const properties = isRecord(fields.PROPERTIES) ? fields.PROPERTIES : {};
  if (typeof properties.NAME === 'string' && properties.NAME !== '') bot.name = properties.NAME;
  return { result: true };
}

export function imbotUnregister(ctx: CallContext, params: Params): MethodResult {
  const bot = requireBot(ctx, params);
  ctx.portal.im.removeBot(bot.id);
  return { result: true };
}

export function imbotBotList(ctx: CallContext): MethodResult {
  const result: Record<string, unknown> = {};
  for (const bot of ctx.portal.im.bots.values())
    result[String(bot.id)] = { ID: String(bot.id), NAME: bot.name, CODE: bot.code, OPENLINE: 'N' };
  return { result };
}

export function imbotMessageAdd(ctx: CallContext, params: Params): MethodResult {
  const bot = requireBot(ctx, params);
  const dialogId = text(params, 'DIALOG_ID');
  if (!dialogId) throw badRequest('DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  if (!validDialog(ctx, dialogId)) throw badRequest('WRONG_REQUEST', 'Dialog not found');
  const message = text(params, 'MESSAGE');
  if (!message) throw badRequest('MESSAGE_EMPTY', "Message can't be empty");
  const keyboard = readKeyboard(params);
  const stored = ctx.portal.im.addMessage({
    botId: bot.id,
    dialogId,
    message,
    keyboard: keyboard === undefined || keyboard === 'remove' ? [] : keyboard,
  });
  return { result: stored.id };
}

export function imbotMessageUpdate(ctx: CallContext, params: Params): MethodResult {
  const bot = requireBot(ctx, params);
  const id = intParam(params, 'MESSAGE_ID');
  const stored = id === undefined ? undefined : ctx.portal.im.messages.get(id);
  if (!stored || stored.deleted || stored.botId !== bot.id) throw badRequest('MESSAGE_ID_ERROR', 'Message not found');
  const keyboard = readKeyboard(params);
  const message = param(params, 'MESSAGE');
  stored.edits += 1;
  if (message === '') {
    stored.deleted = true;
    return { result: true };
  }
  if (typeof message === 'string') stored.message = message;
  if (keyboard === 'remove') stored.keyboard = [];
  else if (keyboard !== undefined) stored.keyboard = keyboard;
  return { result: true };
}

export function imbotCommandRegister(ctx: CallContext, params: Params): MethodResult {
  const bot = requireBot(ctx, params);
  const command = text(params, 'COMMAND');
  if (!command || !/^[A-Za-z0-9]+$/.test(command)) throw badRequest('COMMAND_ERROR', 'Command is not valid');
  const handler = text(params, 'EVENT_COMMAND_ADD');
  if (!isUrl(handler)) throw badRequest('EVENT_COMMAND_ADD', 'Handler for "Command add" event is not specified');
  const lang = param(params, 'LANG');
  if (lang === undefined || (typeof lang !== 'object' && typeof lang !== 'string'))
    throw badRequest('LANG_ERROR', 'Lang set is not specified');
  return { result: ctx.portal.im.addCommand({ botId: bot.id, command, handler }).id };
}

function notify(kind: 'personal' | 'system') {
  return (ctx: CallContext, params: Params): MethodResult => {
    const to = intParam(params, 'USER_ID');
    if (to === undefined || !ctx.portal.directory.users.has(to))
      throw badRequest('USER_ID_EMPTY', 'Recipient not found');
    const message = text(params, 'MESSAGE');
    if (!message) throw badRequest('MESSAGE_EMPTY', "Message can't be empty");
    const tag = text(params, 'TAG');
    const id = ctx.portal.im.addNotification({
      kind,
      toUserId: to,
      ...(kind === 'personal' ? { fromUserId: ctx.userId } : {}),
      message,
      ...(tag ? { tag } : {}),
    });
    return { result: id };
  };
}

export const imNotifyPersonalAdd = notify('personal');
export const imNotifySystemAdd = notify('system');

/** event.bind {event, handler}: binding the same pair again answers true (the real answer is unconfirmed). */
export function eventBind(ctx: CallContext, params: Params): MethodResult {
  const event = text(params, 'event');
  const handler = text(params, 'handler');
  if (!event) throw badRequest('ERROR_EVENT_NOT_FOUND', 'Event not found');
  if (!isUrl(handler)) throw badRequest('ERROR_HANDLER_URL_MISMATCH', 'Handler URL is not valid');
  ctx.portal.im.eventHandlers.set(event.toUpperCase(), handler);
  return { result: true };
}
