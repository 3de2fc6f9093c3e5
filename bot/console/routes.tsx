/**
 * The web console under /app (full paths; mounted at the root by bot/app.ts): the signed-link login, the Bitrix24
 * placement entry, the pages (server-rendered with hono/jsx), the CSV export, the script and stylesheet, and the
 * JSON calls (api.ts) behind the session cookie, with the CSRF token and an origin check on every POST.
 * @module
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseHandoffNo } from '../../engine/ids.js';
import { ApiError, toErrorResponse } from '../api/errors.js';
import { createPeopleDirectory } from '../api/people.js';
import { type ConsoleEnv, createConsoleApi } from './api.js';
import { CONSOLE_ICON } from './assets/console-icon.js';
import { CONSOLE_SCRIPT } from './assets/console-script.js';
import { CONSOLE_STYLE } from './assets/console-style.js';
import { exportItemsCsv } from './csv-export.js';
import type { ConsoleDeps } from './deps.js';
import { itemStatusFilter } from './item-status-filter.js';
import { ConsolePage } from './pages/console-page.js';
import type { HeaderFacts } from './pages/layout.js';
import { type RefusalReason, RefusedPage } from './pages/refused.js';
import { RobotGuidePage } from './pages/robot-guide.js';
import { parsePlacementForm, verifyPlacement } from './placement.js';
import {
  type ConsoleSession,
  type CookieContext,
  CSRF_HEADER,
  isOwnOrigin,
  isSameCsrfToken,
  readSession,
  startSession,
} from './session.js';
import { parseSignedToken } from './signed-token.js';
import { createVisibility } from './visibility.js';

/** The placement form is a handful of short fields (reference §9); anything bigger is not Bitrix24's. */
const PLACEMENT_BODY_BYTES = 16 * 1024;

/**
 * @example app.route('/', createConsoleRoutes({ service, workSystems, tenants, keys, clock, logger, fetch, portalBaseUrl }))
 */
export function createConsoleRoutes(deps: ConsoleDeps): Hono {
  const app = new Hono<ConsoleEnv>();
  const people = createPeopleDirectory({ workSystems: deps.workSystems, clock: deps.clock, logger: deps.logger });
  const visibility = createVisibility({ workSystems: deps.workSystems, clock: deps.clock, hrPeople: deps.hrPeople });
  const publicOrigin = deps.publicUrl === undefined ? undefined : new URL(deps.publicUrl).origin;
  const isSecure = (c: Context) =>
    new URL(c.req.url).protocol === 'https:' || publicOrigin?.startsWith('https:') === true;

  async function headerFacts(session: ConsoleSession): Promise<HeaderFacts> {
    const [tenant, portalBase, robot, user] = await Promise.all([
      deps.tenants.getTenant(session.tenantId),
      deps.portalBaseUrl(session.tenantId),
      deps.robotInstalled?.(session.tenantId).catch(() => undefined),
      people.names(session.tenantId, { users: [session.portalUserId], departments: [] }),
    ]);
    return {
      userName: user.user(session.portalUserId)?.name ?? session.label,
      portal: portalBase === null ? null : new URL(portalBase).host,
      robot: robot === undefined ? 'unknown' : robot ? 'installed' : 'not_installed',
      slack: tenant?.slackTeamId !== undefined,
    };
  }

  /** Pages may sit in the tenant's portal frame (the placement); nowhere else. */
  async function frameAncestors(session: ConsoleSession | null): Promise<string> {
    const base = session === null ? null : await deps.portalBaseUrl(session.tenantId).catch(() => null);
    return base === null ? "'self'" : `'self' ${new URL(base).origin}`;
  }

  async function securityHeaders(c: Context, session: ConsoleSession | null): Promise<void> {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${await frameAncestors(session)}`,
    );
  }

  async function refuse(c: Context, reason: RefusalReason, status: 401 | 403) {
    await securityHeaders(c, null);
    return c.html(<RefusedPage reason={reason} />, status);
  }

  async function renderConsole(c: Context, session: ConsoleSession) {
    await securityHeaders(c, session);
    return c.html(<ConsolePage facts={await headerFacts(session)} csrfToken={session.csrfToken} />);
  }

  app.get('/app/assets/console.js', (c) => {
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(CONSOLE_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  // The tab icon: without it every page load asks for /favicon.ico and logs a 404 in the browser's console.
  app.get('/app/assets/icon.svg', (c) => {
    c.header('Cache-Control', 'max-age=86400');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(CONSOLE_ICON, 200, { 'Content-Type': 'image/svg+xml' });
  });
  app.get('/app/assets/console.css', (c) => {
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(CONSOLE_STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  /** The signed link from chat: exchanged for a session cookie, then a redirect so the token leaves the address bar. */
  app.get('/app/login', async (c) => {
    const token = c.req.query('token') ?? '';
    const parsed = parseSignedToken(token, deps.keys.link, deps.clock.now());
    if (!parsed.ok) {
      deps.logger.info({ problem: parsed.problem }, 'console link refused');
      return refuse(c, parsed.problem === 'expired' ? 'expired' : 'invalid', 403);
    }
    const { t, u, l } = parsed.claims;
    startSession(c, { tenantId: t, portalUserId: u, label: l }, sessionOptions(c, 'top-level'));
    deps.logger.info({ tenantId: t, user: u }, 'console session started');
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect('/app', 303);
  });

  const sessionOptions = (c: Context, context: CookieContext) => ({
    keys: deps.keys,
    now: deps.clock.now(),
    secure: isSecure(c),
    context,
  });

  /** The app's page inside Bitrix24: the portal POSTs the viewer's token; it is checked with the portal itself. */
  app.post(
    '/app',
    bodyLimit({ maxSize: PLACEMENT_BODY_BYTES, onError: (c) => c.text('The request body is too large.', 413) }),
  );
  app.post('/app', async (c) => {
    const form = parsePlacementForm(await c.req.parseBody(), c.req.query());
    if (form === null) return refuse(c, 'signed_out', 401);
    const check = await verifyPlacement(form, deps);
    if (!check.ok) {
      deps.logger.info({ reason: check.reason }, 'console placement refused');
      return refuse(
        c,
        check.reason === 'unknown_portal' || check.reason === 'not_an_app_install'
          ? 'unknown_portal'
          : 'portal_refused',
        403,
      );
    }
    const session = startSession(
      c,
      {
        tenantId: check.tenantId,
        portalUserId: check.portalUserId,
        label: `bitrix24:${check.portalUserId} (${check.name})`,
      },
      sessionOptions(c, 'embedded'),
    );
    return renderConsole(c, session);
  });

  app.get('/app', async (c) => {
    const session = readSession(c, deps.keys, deps.clock.now());
    return session === null ? refuse(c, 'signed_out', 401) : renderConsole(c, session);
  });

  app.get('/app/robot', async (c) => {
    const session = readSession(c, deps.keys, deps.clock.now());
    if (session === null) return refuse(c, 'signed_out', 401);
    await securityHeaders(c, session);
    return c.html(<RobotGuidePage facts={await headerFacts(session)} />);
  });

  app.get('/app/handoffs/:id/items.csv', async (c) => {
    const session = readSession(c, deps.keys, deps.clock.now());
    if (session === null) return refuse(c, 'signed_out', 401);
    const no = parseHandoffNo(c.req.param('id'));
    const filter = itemStatusFilter(c.req.query('status'));
    if (no === null) return c.text('No such handoff.', 404);
    try {
      const view = await deps.service.get(session.tenantId, no);
      if (!(await visibility.maySee(session.tenantId, session.portalUserId, view.handoff))) {
        return c.text(`There is no handoff H-${no}.`, 404);
      }
      const csv = await exportItemsCsv({
        service: deps.service,
        people,
        tenantId: session.tenantId,
        no,
        filter,
        portalBase: await deps.portalBaseUrl(session.tenantId),
      });
      c.header('Cache-Control', 'no-store');
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Content-Disposition', `attachment; filename="handoff-H-${no}-items.csv"`);
      // A BOM so spreadsheet programs read the names as UTF-8.
      return c.body(`\uFEFF${csv}`, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    } catch (err) {
      const known = toErrorResponse(err);
      if (known === null) throw err;
      return c.text(known.body.error.message, known.status);
    }
  });

  app.use('/app/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const session = readSession(c, deps.keys, deps.clock.now());
    if (session === null) {
      throw new ApiError(401, 'unauthorized', 'Your console session has ended. Open a fresh link: /handoff console.');
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const own = [new URL(c.req.url).origin, ...(publicOrigin === undefined ? [] : [publicOrigin])];
      if (!isOwnOrigin(c, own) || !isSameCsrfToken(c.req.header(CSRF_HEADER), session)) {
        throw new ApiError(
          403,
          'csrf',
          'This request did not come from the console page. Reload the page and try again.',
        );
      }
    }
    c.set('session', session);
    await next();
  });
  app.onError((err, c) => {
    const known = toErrorResponse(err);
    if (known === null) throw err;
    return c.json(known.body, known.status);
  });
  app.route('/app/api', createConsoleApi(deps, { people, visibility }));

  return new Hono().route('/', app);
}
