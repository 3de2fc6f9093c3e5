/**
 * The console's JSON calls under /app/api (session cookie + CSRF token, routes.ts). They reuse the REST API's
 * pieces rather than repeat them: the PlanInput schema and toPlan, the read-back views, the people directory and
 * the error mapping — so a plan means the same thing and fails with the same words in the console as over
 * /api/v1. What the console adds: the person acting is a portal user, so every plan and action is checked against
 * the permission rule the chat surfaces use (an admin, the person's head, or the person).
 * @module
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { parseWhen, toReplyInstant } from '../../commands/dates.js';
import { checkHandoffPermission } from '../../commands/handoff-permission.js';
import { messageFor, problemMessage } from '../../commands/messages.js';
import { allowedActions } from '../../commands/render-replies.js';
import { HandoffError } from '../../engine/errors.js';
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import { formatHandoffNo } from '../../engine/ids.js';
import { type EntityKind, isEntityKind } from '../../engine/kinds.js';
import type { HandoffStatus } from '../../engine/model.js';
import { HANDOFF_STATUSES } from '../../engine/model.js';
import type { Actor, HandoffView } from '../../engine/service-types.js';
import { parseItemCursor, toItemCursor } from '../api/cursor.js';
import { ApiError, toErrorResponse } from '../api/errors.js';
import type { PeopleDirectory } from '../api/people.js';
import { toPlan } from '../api/plan-input.js';
import { readHandoffNo, readIdempotencyKey, readJsonBody, readQuery, splitList } from '../api/request.js';
import type { HandoffOut } from '../api/response-schemas.js';
import {
  EmptyInput,
  HANDOFF_LIST_DEFAULT,
  HandoffListQuery,
  ITEM_PAGE_DEFAULT,
  PlanInput,
  ReturnInput,
} from '../api/schemas.js';
import { namesWantedBy, namesWantedByPreview, toHandoffJson, toPreviewJson } from '../api/views.js';
import type { ConsoleDeps } from './deps.js';
import { toEventLine } from './event-words.js';
import { ConsoleItemListQuery, itemStatusFilter, readFilteredItems } from './item-status-filter.js';
import { toConsoleItem } from './item-view.js';
import type { ConsoleSession } from './session.js';
import type { Visibility } from './visibility.js';

export type ConsoleEnv = { Variables: { session: ConsoleSession } };

/** A handoff as the console's Job History shows it: the API's JSON plus the actions its state allows. */
export type ConsoleHandoff = HandoffOut & { readonly actions: readonly string[] };

const MAX_BODY_BYTES = 64 * 1024;
/** The people directory is read once a minute at most: a picker typing letters costs the portal nothing. */
const DIRECTORY_TTL_MS = 60_000;

const WhenQuery = z.strictObject({ phrase: z.string().min(1).max(200), timeZone: z.string().min(1).max(100) });
const KindsQuery = z.strictObject({ allItems: z.enum(['0', '1']).optional() });
const PeopleQuery = z.strictObject({ q: z.string().max(100).optional() });

/** The caches the console's pages and its API share, so one person's lookups are made once for both. */
export interface ConsoleShared {
  readonly people: PeopleDirectory;
  readonly visibility: Visibility;
}

export function createConsoleApi(deps: ConsoleDeps, shared: ConsoleShared): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { service } = deps;
  const { people, visibility } = shared;
  const directories = new Map<
    TenantId,
    { at: number; users: Promise<readonly { id: number; name: string; email?: string }[]> }
  >();

  const actorOf = (session: ConsoleSession): Actor => ({ label: session.label, portalUserId: session.portalUserId });
  /** The handoff, when this person may see it; otherwise not_found, exactly like an unknown one. */
  async function visible(session: ConsoleSession, no: number): Promise<HandoffView> {
    const view = await service.get(session.tenantId, no);
    if (!(await visibility.maySee(session.tenantId, session.portalUserId, view.handoff))) {
      throw new HandoffError('not_found', `no visible handoff ${no}`, { handoffNo: no });
    }
    return view;
  }

  /** The permission rule of the chat surfaces; a refusal names who can. */
  async function ensureAllowed(session: ConsoleSession, fromUserId: PortalUserId): Promise<void> {
    const portal = await deps.workSystems(session.tenantId);
    const [actor, from] = await Promise.all([
      visibility.actor(session.tenantId, session.portalUserId),
      portal.getUser(fromUserId),
    ]);
    const hr = await visibility.isHr(session.tenantId, session.portalUserId);
    const allowed = actor !== null && (await checkHandoffPermission(portal, actor, fromUserId, { hr })).ok;
    if (!allowed) {
      throw new ApiError(
        403,
        'not_allowed',
        messageFor('not_allowed', { personName: from?.name ?? `user #${fromUserId}` }),
      );
    }
  }

  async function handoffsJson(tenantId: TenantId, views: readonly HandoffView[]): Promise<ConsoleHandoff[]> {
    const names = await people.names(tenantId, namesWantedBy(views));
    return views.map((view) => ({
      ...toHandoffJson(view, names),
      actions: allowedActions(view.handoff, view).map((a) => a.id),
    }));
  }
  const handoffJson = async (tenantId: TenantId, view: HandoffView) => (await handoffsJson(tenantId, [view]))[0];

  function directory(tenantId: TenantId) {
    const now = deps.clock.now().getTime();
    const cached = directories.get(tenantId);
    if (cached !== undefined && now - cached.at < DIRECTORY_TTL_MS) return cached.users;
    const users = deps.workSystems(tenantId).then(async (portal) =>
      (await portal.listUsers())
        .filter((u) => u.active)
        .map((u) => ({
          id: u.id as number,
          name: u.name,
          ...(u.email ? { email: u.email } : {}),
        })),
    );
    directories.set(tenantId, { at: now, users });
    users.catch(() => directories.delete(tenantId));
    return users;
  }

  app.onError((err, c) => {
    // Sentences in the console's words (its labels and buttons), not the REST API's JSON fields and routes.
    const known = toErrorResponse(err, 'console');
    if (known === null) throw err;
    if (known.status >= 500) deps.logger.warn({ err, path: c.req.path }, 'console request failed upstream');
    return c.json(known.body, known.status);
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  /** Step 1: people by name or e-mail, from the portal's directory. */
  app.get('/people', async (c) => {
    const { q } = readQuery(c, PeopleQuery);
    const wanted = (q ?? '').trim().toLowerCase();
    const users = await directory(c.var.session.tenantId);
    const found =
      wanted === ''
        ? users
        : users.filter((u) => u.name.toLowerCase().includes(wanted) || u.email?.toLowerCase().includes(wanted));
    return c.json({ people: found.slice(0, 50) });
  });

  /** Step 3: the kinds the portal offers with the person's open (or all) items of each. */
  app.get('/people/:userId/kinds', async (c) => {
    const userId = z.coerce.number().int().positive().safeParse(c.req.param('userId'));
    if (!userId.success) throw new ApiError(400, 'invalid_input', 'userId: expected a portal user id.', ['userId']);
    const { allItems } = readQuery(c, KindsQuery);
    const portal = await deps.workSystems(c.var.session.tenantId);
    const kinds = await portal.listKinds();
    const counts = await Promise.all(
      kinds.map((k) => portal.countItems(k.kind, userId.data as PortalUserId, allItems === '1' ? 'all' : 'open')),
    );
    return c.json({ kinds: kinds.map((k, i) => ({ kind: k.kind, label: k.label, count: counts[i] ?? 0 })) });
  });

  /** Step 2: a return or start phrase read in the viewer's zone (commands/dates.ts), echoed as a date. */
  app.get('/when', (c) => {
    const { phrase, timeZone } = readQuery(c, WhenQuery);
    const parsed = parseWhen(phrase, { now: deps.clock.now(), timeZone });
    if (!parsed.ok) throw new ApiError(400, parsed.problem.code, problemMessage(parsed.problem), ['phrase']);
    return c.json(toReplyInstant(parsed.value.at, timeZone));
  });

  const planOf = async (c: Context<ConsoleEnv>) => {
    const session = c.var.session;
    const input = await readJsonBody(c, PlanInput);
    const plan = await toPlan(input, {
      tenantId: session.tenantId,
      initiator: { label: session.label, portalUserId: session.portalUserId },
      origin: { surface: 'console' },
      workSystems: deps.workSystems,
      clock: deps.clock,
    });
    await ensureAllowed(session, plan.fromUserId);
    return plan;
  };

  app.post('/preview', async (c) => {
    const preview = await service.preview(await planOf(c));
    return c.json(toPreviewJson(preview, await people.names(c.var.session.tenantId, namesWantedByPreview(preview))));
  });

  app.post('/handoffs', async (c) => {
    const idempotencyKey = readIdempotencyKey(c);
    const plan = await planOf(c);
    const { view, created } = await service.create(
      plan,
      idempotencyKey === undefined ? {} : { idempotencyKey: `console:${idempotencyKey}` },
    );
    deps.logger.info(
      { tenantId: plan.tenantId, handoffNo: formatHandoffNo(view.handoff.no), created },
      'console created handoff',
    );
    return c.json(await handoffJson(plan.tenantId, view), created ? 201 : 200);
  });

  app.get('/handoffs', async (c) => {
    const query = readQuery(c, HandoffListQuery);
    const limit = query.limit === undefined ? HANDOFF_LIST_DEFAULT : Number(query.limit);
    const statuses = splitList(query.status)?.filter((s): s is HandoffStatus =>
      (HANDOFF_STATUSES as readonly string[]).includes(s),
    );
    const beforeNo = query.cursor === undefined ? undefined : Number(query.cursor.slice(2));
    // One more than asked tells whether an older page exists.
    const session = c.var.session;
    const me = await visibility.actor(session.tenantId, session.portalUserId);
    const seesAll = me?.isAdmin === true || (me !== null && (await visibility.isHr(session.tenantId, me.id)));
    // Admins and HR people see the tenant's history; anyone else the handoffs they are in, as `history` does in chat.
    const views = await service.list(session.tenantId, {
      limit: limit + 1,
      ...(seesAll ? {} : { involvingUserId: session.portalUserId }),
      ...(statuses === undefined ? {} : { statuses }),
      ...(beforeNo === undefined ? {} : { beforeNo }),
    });
    const page = views.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      handoffs: await handoffsJson(c.var.session.tenantId, page),
      nextCursor: views.length > limit && last !== undefined ? formatHandoffNo(last.handoff.no) : null,
    });
  });

  app.get('/handoffs/:id', async (c) => {
    const session = c.var.session;
    return c.json(await handoffJson(session.tenantId, await visible(session, readHandoffNo(c))));
  });

  app.get('/handoffs/:id/items', async (c) => {
    const tenantId = c.var.session.tenantId;
    const no = readHandoffNo(c);
    await visible(c.var.session, no);
    const query = readQuery(c, ConsoleItemListQuery);
    const limit = query.limit === undefined ? ITEM_PAGE_DEFAULT : Number(query.limit);
    const kinds = splitList(query.kind);
    const badKind = kinds?.find((k) => !isEntityKind(k));
    if (badKind !== undefined)
      throw new ApiError(400, 'invalid_input', `query.kind: unknown entity kind "${badKind}".`, ['query', 'kind']);
    const after = query.cursor === undefined ? undefined : parseItemCursor(query.cursor);
    if (after === null)
      throw new ApiError(400, 'invalid_input', 'query.cursor: not a cursor this console gave out.', [
        'query',
        'cursor',
      ]);
    const items = await readFilteredItems(service, tenantId, no, {
      limit: limit + 1,
      filter: itemStatusFilter(query.status),
      ...(kinds === undefined ? {} : { kinds: kinds.filter((k): k is EntityKind => isEntityKind(k)) }),
      ...(after === undefined ? {} : { after }),
    });
    const page = items.slice(0, limit);
    const last = page.at(-1);
    const users = new Set<number>();
    for (const item of page) {
      users.add(item.originalOwnerId);
      users.add(item.newOwnerId);
      if (item.currentOwnerId !== undefined) users.add(item.currentOwnerId);
    }
    const [names, portalBase] = await Promise.all([
      people.names(tenantId, { users, departments: [] }),
      deps.portalBaseUrl(tenantId),
    ]);
    return c.json({
      items: page.map((item) => toConsoleItem(item, names, portalBase)),
      nextCursor: items.length > limit && last !== undefined ? toItemCursor(last) : null,
    });
  });

  /** The audit trail: who did what, when (the store's events). */
  app.get('/handoffs/:id/events', async (c) => {
    const no = readHandoffNo(c);
    await visible(c.var.session, no);
    const events = await service.events(c.var.session.tenantId, no);
    return c.json({ events: events.map(toEventLine) });
  });

  const onHandoff = (
    name: 'cancel' | 'retry' | 'return' | 'undo',
    run: (tenantId: TenantId, no: number, actor: Actor, force: boolean) => Promise<HandoffView>,
  ) =>
    app.post(`/handoffs/:id/${name}`, async (c) => {
      const session = c.var.session;
      const no = readHandoffNo(c);
      const takesForce = name === 'return' || name === 'undo';
      const body = await readJsonBody(c, takesForce ? ReturnInput : EmptyInput, { emptyAllowed: true });
      const force = takesForce && 'force' in body && body.force === true;
      const current = await visible(session, no);
      await ensureAllowed(session, current.handoff.plan.fromUserId);
      return c.json(await handoffJson(session.tenantId, await run(session.tenantId, no, actorOf(session), force)));
    });
  onHandoff('cancel', (t, no, actor) => service.cancel(t, no, actor));
  onHandoff('retry', (t, no, actor) => service.retry(t, no, actor));
  onHandoff('return', (t, no, actor, force) => service.returnNow(t, no, actor, { force }));
  onHandoff('undo', (t, no, actor, force) => service.undo(t, no, actor, { force }));

  app.all('*', (c) => {
    throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
  });

  return app;
}
