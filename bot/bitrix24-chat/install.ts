/**
 * `POST /bitrix24/install`: ONAPPINSTALL from a portal (a local app's "initial installation path", reference §9).
 * Creates or updates the tenant by `member_id`, stores the installer's OAuth tokens (encrypted by the tenant store)
 * and the SHA-256 of `application_token`, then runs the app installers (chat bot, robot, …) with handlers under
 * PUBLIC_URL. A reinstall updates the same tenant and runs the installers again.
 *
 * Trust: the tokens are tried against the portal (`profile`, which must be an admin's) before anything is stored,
 * and a tenant installed before keeps its portal address: an install naming a known `member_id` from another host
 * is refused, so a forged install cannot take over a tenant by pointing it at a fake portal.
 * @module
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createBitrix24Client } from '../../bitrix24/connection.js';
import { isLoopbackHost, parseRestBase } from '../../bitrix24/portal-config.js';
import { PortalPool } from '../../bitrix24/portal-pool.js';
import { checkPublicTarget } from '../../bitrix24/public-address.js';
import { isPortalError } from '../../engine/errors.js';
import type { TenantId } from '../../engine/ids.js';
import type { Clock, Logger } from '../../engine/ports.js';
import type { PortalConnection, TenantStore } from '../../storage/tenant-store.js';
import type { PortalAccess } from '../portal-access.js';
import { hashApplicationToken } from './app-token.js';
import { FORM_LIMITS, type FormRecord, formString, parseForm } from './form-body.js';
import { type AppInstaller, InstallerError, runInstallers } from './installers.js';

export interface InstallDeps {
  readonly tenants: TenantStore;
  readonly access: Pick<PortalAccess, 'app' | 'appClient' | 'forget'>;
  /** Run in order after the tenant is stored (bot/bitrix24-wiring.ts builds the list). */
  readonly installers: readonly AppInstaller[];
  /** Where the portal reaches this app (PUBLIC_URL), without a trailing slash. */
  readonly publicUrl: string;
  /** The tenant a portal installing for the first time gets (the configured single portal keeps its tenant). */
  readonly tenantForNewPortal: (memberId: string, host: string) => TenantId;
  /** Handles ONAPPUNINSTALL when a portal sends it to the install path. */
  readonly uninstall: (form: FormRecord) => Promise<Response>;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly logger: Logger;
  /** DNS resolution for the public-address check (default: the system resolver). */
  readonly lookup?: (hostname: string) => Promise<readonly string[]>;
}

const REQUIRED = ['access_token', 'refresh_token', 'domain', 'member_id', 'application_token'] as const;

function problem(status: 400 | 401 | 409 | 502 | 503, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status });
}

/** Reads a form body (JSON is not what portals send). */
export async function readForm(request: Request): Promise<ReturnType<typeof parseForm>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded'))
    return { ok: false, problem: 'expected an application/x-www-form-urlencoded body' };
  return parseForm(await request.text());
}

export function createInstallRoutes(deps: InstallDeps): Hono {
  const logger = deps.logger.child({ component: 'bitrix24-install' });
  const routes = new Hono();
  // Portals post small forms; anything bigger is refused before it is read.
  routes.use(
    '/bitrix24/*',
    bodyLimit({
      maxSize: FORM_LIMITS.maxBytes,
      onError: (c) => c.json({ error: { code: 'payload_too_large', message: 'The request body is too large.' } }, 413),
    }),
  );

  routes.post('/bitrix24/install', async (c) => {
    const parsed = await readForm(c.req.raw);
    if (!parsed.ok) return problem(400, 'bad_request', `The install request is not readable: ${parsed.problem}.`);
    const form = parsed.value;
    const event = formString(form, 'event');
    if (event === 'ONAPPUNINSTALL') return deps.uninstall(form);
    if (event !== 'ONAPPINSTALL')
      return problem(400, 'bad_request', 'Expected event=ONAPPINSTALL (a server-side local app install).');
    const missing = REQUIRED.filter((field) => !formString(form, 'auth', field));
    if (missing.length > 0)
      return problem(400, 'bad_request', `The install request lacks ${missing.map((f) => `auth[${f}]`).join(', ')}.`);
    const app = deps.access.app;
    if (app === undefined)
      return problem(
        503,
        'not_configured',
        'This Handoff is not set up as a Bitrix24 app: set BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET.',
      );
    const auth = (field: (typeof REQUIRED)[number] | 'client_endpoint' | 'expires_in') =>
      formString(form, 'auth', field) ?? '';
    const domain = auth('domain');
    const endpoint = parseRestBase(auth('client_endpoint') || `https://${domain}/rest/`, 'auth[client_endpoint]');
    if (!endpoint.ok) return problem(400, 'bad_request', `The install request's ${endpoint.problem}.`);
    const host = new URL(endpoint.value).host;
    // The REST base is the portal's own (`https://{domain}/rest/`): a form naming another server is not a portal's.
    if (host !== domain.toLowerCase())
      return problem(400, 'bad_request', "The install request's auth[client_endpoint] is not on auth[domain].");
    // Never an internal service: the profile probe below POSTs to this address. Loopback only when the app's own
    // OAuth server is on loopback (the sandbox of tests and the demo), never in production (bitrix24/public-address.ts).
    const internal = await checkPublicTarget(new URL(endpoint.value), {
      allowLoopback: isLoopbackHost(new URL(app.oauthUrl).hostname),
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
    });
    if (internal !== null) {
      logger.warn({ problem: internal }, 'install naming a non-public portal address refused');
      return problem(400, 'bad_request', "The install request's auth[domain] is not a public portal address.");
    }
    const memberId = auth('member_id');
    if (memberId.length > 100) return problem(400, 'bad_request', 'auth[member_id] is too long.');

    const existing = await deps.tenants.findByPortalMemberId(memberId);
    // A known portal keeps its address, also once uninstalled (the app record keeps the domain): a forged install
    // cannot point a tenant, its history and its API keys at another server.
    const knownHost =
      existing?.portal?.type === 'oauth'
        ? new URL(existing.portal.clientEndpoint ?? `https://${existing.portal.domain}/rest/`).host
        : undefined;
    // Connected: the REST base (it follows domain moves as tokens refresh). Uninstalled: the domain it had.
    const knownDomain = existing?.portal === undefined ? existing?.app?.domain : undefined;
    if ((knownHost !== undefined && knownHost !== host) || (knownDomain !== undefined && knownDomain !== domain)) {
      logger.warn({ tenantId: existing?.id }, 'install for a known portal from another address refused');
      return problem(409, 'portal_mismatch', 'This portal is known at another address, so this install was refused.');
    }

    // Try the tokens before storing anything: they must work on that portal and belong to an admin.
    const probe = createBitrix24Client({
      portal: {
        kind: 'oauth',
        clientEndpoint: endpoint.value,
        accessToken: auth('access_token'),
        refreshToken: auth('refresh_token'),
        ...app,
        onTokens: () => undefined,
      },
      fetch: deps.fetch,
      now: () => deps.clock.now().getTime(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      logger,
      pool: new PortalPool({
        now: () => deps.clock.now().getTime(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
      rate: { burst: 2, perSecond: 1 },
      retry: { maxAttempts: 2, serverErrorRetries: 1, baseDelayMs: 500 },
      timeoutMs: 15_000,
    });
    try {
      const { result } = await probe.call('profile');
      const admin = (result as { ADMIN?: unknown } | null)?.ADMIN;
      if (admin !== true && admin !== 'Y' && admin !== '1')
        return problem(401, 'not_admin', 'Only a portal administrator can install Handoff.');
    } catch (err) {
      logger.warn({ code: isPortalError(err) ? err.code : 'error' }, 'install tokens refused by the portal');
      return problem(401, 'tokens_refused', 'The portal did not accept the install tokens.');
    }

    const tenantId = existing?.id ?? deps.tenantForNewPortal(memberId, host);
    const expiresIn = Number(auth('expires_in')) || 3600;
    const portal: PortalConnection = {
      type: 'oauth',
      domain,
      memberId,
      accessToken: auth('access_token'),
      refreshToken: auth('refresh_token'),
      expiresAt: new Date(deps.clock.now().getTime() + expiresIn * 1000),
      clientEndpoint: endpoint.value,
    };
    await deps.tenants.ensureTenant({ id: tenantId, name: domain });
    const before = await deps.tenants.getTenant(tenantId);
    let tenant: Awaited<ReturnType<TenantStore['updateTenant']>>;
    try {
      tenant = await deps.tenants.updateTenant(tenantId, {
        portal,
        app: {
          memberId,
          domain,
          applicationTokenHash: hashApplicationToken(auth('application_token')),
          ...(before?.app?.botId === undefined ? {} : { botId: before.app.botId }),
        },
      });
    } catch (err) {
      logger.warn({ err, tenantId }, 'install refused: the portal is bound to another tenant');
      return problem(409, 'portal_bound', 'This portal is already bound to another tenant.');
    }
    if (tenant === null) return problem(409, 'tenant_gone', 'The tenant disappeared during the install; try again.');
    await deps.access.forget(tenantId);
    logger.info({ tenantId, domain, reinstall: existing !== null }, 'bitrix24 app installed');

    try {
      await runInstallers(deps.installers, {
        tenantId,
        tenant,
        memberId,
        portal: await deps.access.appClient(tenantId),
        publicUrl: deps.publicUrl,
        logger,
      });
    } catch (err) {
      const name = err instanceof InstallerError ? err.installer : 'app';
      logger.error({ err, tenantId }, 'bitrix24 app install step failed');
      return problem(502, 'install_failed', `The portal refused to register the ${name}; install the app again.`);
    }
    return c.json({ ok: true, tenantId });
  });

  return routes;
}
