/**
 * The chat bot's listeners: ONIMBOTMESSAGEADD (text to the bot → the same grammar and commands/ as Slack, answered
 * as a bot message with keyboard buttons), ONIMCOMMANDADD (a keyboard button → the action it carries; typed
 * `/handoff …` → the text), ONIMBOTJOINCHAT (help). The speaker is the portal user who wrote or pressed: identity
 * is native. Buttons on a preview or a choice disappear once one is pressed (like Slack replacing the card).
 * @module
 */

import { helpReply } from '../../commands/help.js';
import { BITRIX24_MENTIONS, PORTAL_ID_MENTIONS } from '../../commands/mentions.js';
import { messageFor } from '../../commands/messages.js';
import { action as actionOf } from '../../commands/notices.js';
import type { Reply, ReplyActionRequest } from '../../commands/reply.js';
import { runAction, runText } from '../../commands/run.js';
import type { RunContext, RunDeps } from '../../commands/run-context.js';
import { isValidTimeZone } from '../../commands/time-zone.js';
import { PortalUserId, type TenantId } from '../../engine/ids.js';
import type { Clock, Logger, WorkSystemResolver } from '../../engine/ports.js';
import type { RoleService } from '../../engine/role-service.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { createBitrix24Approvals } from './approvals.js';
import type { BotApi } from './bot-api.js';
import { type FormRecord, formRecord, formString } from './form-body.js';
import { BOT_COMMAND, type BotMessage, parseButtonParams, renderConfirm, renderReply } from './render.js';
import { createBitrix24RunDeps } from './run-deps.js';

export interface ChatDeps {
  readonly workSystems: WorkSystemResolver;
  /** Named roles for `role …` commands (issue 10); absent: they answer "not available here". */
  readonly roles?: RoleService;
  readonly bot: BotApi;
  readonly confirmSecret: string;
  /** HR people (issue 12): may hand off anyone's work. */
  readonly hrPeople?: HrPeopleStore;
  /** Approvals (issue 12): a colleague's plan goes to the from-user's head (or HR) in their chat with the bot. */
  readonly approvals?: ApprovalStore;
  /** Whether the speaker is a portal admin, asked with their own token from the event. */
  readonly speakerIsAdmin?: (
    tenantId: TenantId,
    userId: PortalUserId,
    accessToken: string | undefined,
  ) => Promise<boolean>;
  /** `console`: signs a web console link (bot/console/links.ts). */
  readonly consoleLink?: RunDeps['consoleLink'];
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ChatBot {
  bind(service: HandoffService): void;
  onMessage(tenantId: TenantId, memberId: string, form: FormRecord): Promise<void>;
  onCommand(tenantId: TenantId, memberId: string, form: FormRecord): Promise<void>;
  onJoin(tenantId: TenantId, form: FormRecord): Promise<void>;
}

/** The first (and only) entry of `data[BOT]` / `data[COMMAND]`, keyed by bot or command id. */
function firstEntry(record: FormRecord | undefined): FormRecord | undefined {
  if (record === undefined) return undefined;
  for (const value of Object.values(record)) if (typeof value === 'object') return value;
  return undefined;
}

/** `/handoff` typed in front is optional; in a group chat the bot's own mention comes first. */
export function commandText(message: string, botId: number | undefined): string {
  let text = message.trim();
  if (botId !== undefined) {
    const own = new RegExp(`^\\[USER=${botId}\\][^[]*\\[/USER\\][\\s,:]*`, 'i');
    text = text.replace(own, '');
  }
  return text.replace(/^\/handoff\b\s*/i, '').trim();
}

/**
 * Dismiss carries no token, and in a group chat anyone can press it: the button names who asked, and only they
 * may dismiss (Start checks its signed plan's initiator already).
 */
function ownDismiss(message: BotMessage, userId: PortalUserId): BotMessage {
  return {
    ...message,
    keyboard: message.keyboard.map((b) =>
      b.COMMAND_PARAMS === 'dismiss' ? { ...b, COMMAND_PARAMS: `dismiss ${userId}` } : b,
    ),
  };
}

/** A press of a confirmation's Yes (the action's own id on a question message): its buttons go too. */
function wasConfirmed(action: ReplyActionRequest): boolean {
  return actionOf(action.id, action.value).confirm !== undefined;
}

const GRAMMAR = { mentions: [BITRIX24_MENTIONS, PORTAL_ID_MENTIONS] };

export function createChatBot(deps: ChatDeps): ChatBot {
  const logger = deps.logger.child({ component: 'bitrix24-chat' });
  let service: HandoffService | undefined;

  async function runContext(
    tenantId: TenantId,
    memberId: string,
    userId: PortalUserId,
    dialogId: string,
    botId: number | undefined,
  ): Promise<RunContext> {
    const ws = await deps.workSystems(tenantId);
    const user = await ws.getUser(userId);
    const zone = user?.timeZone && isValidTimeZone(user.timeZone) ? user.timeZone : 'UTC';
    return {
      tenantId,
      speaker: { portalUserId: userId, label: `bitrix24:${userId} (${user?.name ?? `user #${userId}`})` },
      timeZone: zone,
      now: deps.clock.now(),
      origin: {
        surface: 'bitrix24',
        ref: {
          memberId,
          dialogId,
          portalUserId: String(userId),
          ...(botId === undefined ? {} : { botId: String(botId) }),
        },
      },
    };
  }

  async function answer(
    tenantId: TenantId,
    memberId: string,
    where: { userId: PortalUserId; dialogId: string; botId: number | undefined; accessToken: string | undefined },
    run: (ctx: RunContext, deps: ReturnType<typeof createBitrix24RunDeps>) => Promise<Reply>,
  ): Promise<Reply> {
    if (service === undefined) throw new Error('the chat bot is not bound to the engine yet');
    let reply: Reply;
    try {
      const ctx = await runContext(tenantId, memberId, where.userId, where.dialogId, where.botId);
      const speakerIsAdmin = (await deps.speakerIsAdmin?.(tenantId, where.userId, where.accessToken)) === true;
      const workSystem = await deps.workSystems(tenantId);
      const runDeps = createBitrix24RunDeps({
        service,
        workSystem,
        ...(deps.approvals
          ? {
              approvals: createBitrix24Approvals({
                store: deps.approvals,
                hrPeople: deps.hrPeople,
                bot: deps.bot,
                tenantId,
                workSystem,
                logger,
              }),
            }
          : {}),
        confirmSecret: deps.confirmSecret,
        ...(deps.roles ? { roles: deps.roles } : {}),
        tenantId,
        hrPeople: deps.hrPeople,
        speaker: ctx.speaker,
        speakerIsAdmin,
        ...(deps.consoleLink === undefined ? {} : { consoleLink: deps.consoleLink }),
      });
      reply = await run(ctx, { ...runDeps, logger });
    } catch (err) {
      logger.error({ err, tenantId }, 'bitrix24 chat command failed');
      reply = { type: 'error', code: 'internal_error', text: messageFor('internal_error') };
    }
    await deps.bot.add(tenantId, where.dialogId, ownDismiss(renderReply(reply), where.userId));
    return reply;
  }

  /**
   * Text already answered, by the person's message id: a typed `/handoff …` may arrive both as ONIMCOMMANDADD and
   * as ONIMBOTMESSAGEADD (unconfirmed), and a delivery may be repeated; each message gets one answer (15 minutes).
   */
  const answered = new Map<string, number>();
  function firstTime(tenantId: TenantId, messageId: string | undefined): boolean {
    if (messageId === undefined || messageId === '') return true;
    const now = deps.clock.now().getTime();
    if (answered.size > 10_000) for (const [key, until] of answered) if (until <= now) answered.delete(key);
    const key = `${tenantId}:${messageId}`;
    if ((answered.get(key) ?? 0) > now) return false;
    answered.set(key, now + 15 * 60_000);
    return true;
  }

  return {
    bind(bound) {
      service = bound;
    },

    async onMessage(tenantId, memberId, form) {
      const params = formRecord(form, 'data', 'PARAMS');
      const user = formRecord(form, 'data', 'USER');
      if (formString(user, 'IS_BOT') === 'Y' || formString(params, 'SYSTEM') === 'Y') return;
      const userId = PortalUserId.safeParse(formString(params, 'FROM_USER_ID') ?? formString(user, 'ID'));
      const dialogId = formString(params, 'DIALOG_ID');
      if (!userId.success || dialogId === undefined || dialogId === '') {
        logger.warn({ tenantId }, 'bot message without a sender or dialog ignored');
        return;
      }
      const bot = firstEntry(formRecord(form, 'data', 'BOT'));
      const botId = Number(formString(bot, 'BOT_ID')) || undefined;
      if (!firstTime(tenantId, formString(params, 'MESSAGE_ID'))) return;
      const text = commandText(formString(params, 'MESSAGE') ?? '', botId);
      const accessToken = formString(form, 'auth', 'access_token');
      await answer(tenantId, memberId, { userId: userId.data, dialogId, botId, accessToken }, (ctx, runDeps) =>
        runText(text, GRAMMAR, ctx, runDeps),
      );
    },

    async onCommand(tenantId, memberId, form) {
      const command = firstEntry(formRecord(form, 'data', 'COMMAND'));
      const params = formRecord(form, 'data', 'PARAMS');
      const user = formRecord(form, 'data', 'USER');
      if (formString(command, 'COMMAND') !== BOT_COMMAND) return;
      const userId = PortalUserId.safeParse(
        formString(params, 'FROM_USER_ID') ?? formString(user, 'ID') ?? formString(form, 'auth', 'user_id'),
      );
      const dialogId = formString(params, 'DIALOG_ID');
      if (!userId.success || dialogId === undefined || dialogId === '') {
        logger.warn({ tenantId }, 'bot command without a sender or dialog ignored');
        return;
      }
      const botId = Number(formString(command, 'BOT_ID')) || undefined;
      const commandParams = formString(command, 'COMMAND_PARAMS') ?? '';
      const where = { userId: userId.data, dialogId, botId, accessToken: formString(form, 'auth', 'access_token') };
      if (formString(command, 'COMMAND_CONTEXT') !== 'KEYBOARD') {
        if (!firstTime(tenantId, formString(command, 'MESSAGE_ID') ?? formString(params, 'MESSAGE_ID'))) return;
        await answer(tenantId, memberId, where, (ctx, runDeps) =>
          runText(commandText(commandParams, botId), GRAMMAR, ctx, runDeps),
        );
        return;
      }
      const parsed = parseButtonParams(commandParams);
      if (parsed === null) {
        logger.warn({ tenantId }, 'unknown keyboard command ignored');
        return;
      }
      const action: ReplyActionRequest = { id: parsed.id, value: parsed.value };
      const confirm = parsed.ask ? actionOf(action.id, action.value).confirm : undefined;
      if (confirm !== undefined) {
        await deps.bot.add(tenantId, dialogId, ownDismiss(renderConfirm(action, confirm), userId.data));
        return;
      }
      const messageId = Number(formString(command, 'MESSAGE_ID'));
      const reply = await answer(tenantId, memberId, where, (ctx, runDeps) =>
        action.id === 'dismiss' && action.value !== '' && action.value !== String(userId.data)
          ? Promise.resolve<Reply>({ type: 'error', code: 'confirm_not_yours', text: messageFor('confirm_not_yours') })
          : runAction(action, ctx, runDeps),
      );
      // A preview's or a choice's buttons go once used, unless the press was refused (someone else's preview).
      const consumed =
        (['start', 'dismiss', 'choose_head'].includes(action.id) || wasConfirmed(action)) && reply.type !== 'error';
      if (consumed && Number.isInteger(messageId) && messageId > 0) {
        await deps.bot
          .removeKeyboard(tenantId, messageId)
          .catch((err: unknown) => logger.warn({ err, tenantId }, 'could not remove the used buttons'));
      }
    },

    async onJoin(tenantId, form) {
      const dialogId = formString(form, 'data', 'PARAMS', 'DIALOG_ID');
      if (dialogId === undefined || dialogId === '') return;
      await deps.bot.add(tenantId, dialogId, renderReply(helpReply()));
    },
  };
}
