/**
 * The chat bot's part of the install: registers the bot (or, on a reinstall, points the existing one at the current
 * handler URLs), its `handoff` command (what keyboard buttons and a typed `/handoff …` run), binds ONAPPUNINSTALL to
 * the events route, and stores the bot id on the tenant. Safe to run again (reference §10.1: re-registering a CODE
 * is unconfirmed, so the bot is looked up by CODE first with imbot.bot.list).
 * @module
 */
import { isPortalError } from '../../engine/errors.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import type { AppInstaller, PortalCaller } from './installers.js';
import { BOT_COMMAND } from './render.js';

export const BOT_CODE = 'handoff_bot';
export const EVENTS_PATH = '/bitrix24/events';

async function findBot(portal: PortalCaller): Promise<number | undefined> {
  const { result } = await portal.call('imbot.bot.list');
  const bots = result !== null && typeof result === 'object' ? Object.values(result as Record<string, unknown>) : [];
  for (const bot of bots) {
    const b = bot as { ID?: unknown; CODE?: unknown };
    if (b.CODE === BOT_CODE && Number(b.ID) > 0) return Number(b.ID);
  }
  return undefined;
}

export function createChatBotInstaller(deps: { readonly tenants: TenantStore }): AppInstaller {
  return {
    name: 'chat-bot',
    async install({ portal, publicUrl, tenantId, logger }) {
      const handler = `${publicUrl}${EVENTS_PATH}`;
      const handlers = { EVENT_MESSAGE_ADD: handler, EVENT_WELCOME_MESSAGE: handler, EVENT_BOT_DELETE: handler };
      const properties = { NAME: 'Handoff', COLOR: 'AQUA', WORK_POSITION: 'Hands work over between people' };
      let botId = await findBot(portal);
      if (botId === undefined) {
        const { result } = await portal.call('imbot.register', {
          CODE: BOT_CODE,
          TYPE: 'B',
          ...handlers,
          PROPERTIES: properties,
        });
        botId = Number(result);
        if (!Number.isInteger(botId) || botId <= 0) throw new Error('imbot.register answered no bot id');
      } else {
        await portal.call('imbot.update', { BOT_ID: botId, FIELDS: { ...handlers, PROPERTIES: properties } });
      }
      await portal.call('imbot.command.register', {
        BOT_ID: botId,
        COMMAND: BOT_COMMAND,
        COMMON: 'N',
        HIDDEN: 'N',
        EXTRANET_SUPPORT: 'N',
        EVENT_COMMAND_ADD: handler,
        LANG: [
          {
            LANGUAGE_ID: 'en',
            TITLE: 'Hand work over to someone',
            PARAMS: '@from to @to [until <when>] | status | help',
          },
        ],
      });
      try {
        await portal.call('event.bind', { event: 'ONAPPUNINSTALL', handler });
      } catch (err) {
        // A reinstall finds it bound already; anything else is a real failure.
        if (!(isPortalError(err) && /already/i.test(err.message))) throw err;
      }
      const tenant = await deps.tenants.getTenant(tenantId);
      if (tenant?.app) await deps.tenants.updateTenant(tenantId, { app: { ...tenant.app, botId } });
      logger.info({ tenantId, botId }, 'bitrix24 chat bot registered');
    },
  };
}
