/**
 * `POST /bitrix24/events`: everything the portal sends the installed app after the install — the chat bot's
 * ONIMBOTMESSAGEADD / ONIMCOMMANDADD / ONIMBOTJOINCHAT / ONIMBOTDELETE and ONAPPUNINSTALL. Each request is checked
 * against the tenant's stored application token first (constant time): a mismatch answers 401 and nothing is done.
 * ONAPPUNINSTALL forgets the portal's tokens and application token (the tenant and its history stay, so a
 * reinstall finds them again by member_id).
 * @module
 */
import { Hono } from 'hono';
import type { Logger } from '../../engine/ports.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import type { PortalAccess } from '../portal-access.js';
import { checkPortalRequest } from './app-token.js';
import type { ChatBot } from './chat.js';
import { type FormRecord, formString } from './form-body.js';
import { readForm } from './install.js';

export interface EventDeps {
  readonly tenants: TenantStore;
  readonly access: Pick<PortalAccess, 'forget'>;
  readonly chat: ChatBot;
  readonly logger: Logger;
}

const unauthorized = () =>
  Response.json(
    { error: { code: 'unauthorized', message: 'Unknown portal or wrong application token.' } },
    { status: 401 },
  );

/** ONAPPUNINSTALL: checked like any event, then the tokens go (the member id and domain stay on the tenant). */
export function createUninstallHandler(deps: Omit<EventDeps, 'chat'>): (form: FormRecord) => Promise<Response> {
  return async (form) => {
    const check = await checkPortalRequest(deps.tenants, form);
    if (!check.ok) {
      deps.logger.warn({ reason: check.reason }, 'bitrix24 uninstall refused');
      return unauthorized();
    }
    const { tenant } = check;
    await deps.access.forget(tenant.id);
    const app = tenant.app;
    await deps.tenants.updateTenant(tenant.id, {
      portal: null,
      ...(app ? { app: { memberId: app.memberId, domain: app.domain } } : {}),
    });
    deps.logger.info({ tenantId: tenant.id }, 'bitrix24 app uninstalled: tokens forgotten');
    return Response.json({ ok: true });
  };
}

export function createEventRoutes(deps: EventDeps): Hono {
  const logger = deps.logger.child({ component: 'bitrix24-events' });
  const uninstall = createUninstallHandler(deps);
  const routes = new Hono();

  routes.post('/bitrix24/events', async (c) => {
    const parsed = await readForm(c.req.raw);
    if (!parsed.ok)
      return c.json({ error: { code: 'bad_request', message: `The event is not readable: ${parsed.problem}.` } }, 400);
    const form = parsed.value;
    const event = (formString(form, 'event') ?? '').toUpperCase();
    if (event === 'ONAPPUNINSTALL') return uninstall(form);
    const check = await checkPortalRequest(deps.tenants, form);
    if (!check.ok) {
      logger.warn({ event, reason: check.reason }, 'bitrix24 event refused');
      return unauthorized();
    }
    const { tenant, memberId } = check;
    switch (event) {
      case 'ONIMBOTMESSAGEADD':
        await deps.chat.onMessage(tenant.id, memberId, form);
        break;
      case 'ONIMCOMMANDADD':
        await deps.chat.onCommand(tenant.id, memberId, form);
        break;
      case 'ONIMBOTJOINCHAT':
        await deps.chat.onJoin(tenant.id, form);
        break;
      case 'ONIMBOTDELETE':
        if (tenant.app) {
          const { botId: _gone, ...app } = tenant.app;
          await deps.tenants.updateTenant(tenant.id, { app });
        }
        logger.info({ tenantId: tenant.id }, 'bitrix24 chat bot deleted in the portal');
        break;
      default:
        logger.debug({ event }, 'bitrix24 event ignored');
    }
    return c.json({ ok: true });
  });

  return routes;
}
