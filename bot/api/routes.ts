/**
 * The REST API for HR systems and scripts, under /api/v1 (full paths; mounted at the root by bot/app.ts).
 * Every body and query is checked with zod before anything is asked of the engine, so a bad request changes nothing.
 * @module
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { TenantId } from '../../engine/ids.js';
import { formatHandoffNo } from '../../engine/ids.js';
import { isEntityKind } from '../../engine/kinds.js';
import type { HandoffStatus, ItemStatus, Origin } from '../../engine/model.js';
import { HANDOFF_STATUSES, ITEM_STATUSES } from '../../engine/model.js';
import type { Clock, Logger, WorkSystemResolver } from '../../engine/ports.js';
import type { RoleService } from '../../engine/role-service.js';
import type { Actor, HandoffService, HandoffView } from '../../engine/service-types.js';
import type { VacationService } from '../../engine/vacations.js';
import type { ApiKeyStore } from '../../storage/api-key-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import type { WebhookStore } from '../../storage/webhook-store.js';
import { type AuthVariables, createApiAuth } from './auth.js';
import { parseItemCursor, toItemCursor } from './cursor.js';
import { addDirectoryRoutes } from './directory-routes.js';
import { ApiError, toErrorResponse } from './errors.js';
import { registerHrPeopleRoutes } from './hr-people-routes.js';
import { createOpenApiDocument } from './openapi.js';
import { createPeopleDirectory, type PeopleDirectoryOptions } from './people.js';
import { surfaceOf, toPlan } from './plan-input.js';
import { readHandoffNo, readIdempotencyKey, readJsonBody, readQuery, splitList } from './request.js';
import { requestFingerprint } from './request-fingerprint.js';
import type { HandoffListOut, HandoffOut, ItemPageOut, KindListOut } from './response-schemas.js';
import { registerRoleRoutes } from './role-routes.js';
import {
  EmptyInput,
  HANDOFF_LIST_DEFAULT,
  HandoffListQuery,
  ITEM_PAGE_DEFAULT,
  ItemListQuery,
  PlanInput,
  ReturnInput,
} from './schemas.js';
import { registerVacationRoutes } from './vacation-routes.js';
import { namesWantedBy, namesWantedByPreview, toHandoffJson, toItemJson, toPreviewJson } from './views.js';
import { registerWebhookRoutes } from './webhook-routes.js';

export interface ApiDeps {
  readonly service: HandoffService;
  readonly apiKeys: Pick<ApiKeyStore, 'verify'>;
  /** API_KEY for a single-portal deployment: accepted besides the stored per-tenant keys. */
  readonly singleTenant?: { readonly tenantId: TenantId; readonly apiKey: string } | undefined;
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Vacations as records (/api/v1/vacations, issue 12); absent: those routes answer 404. */
  readonly vacations?: VacationService;
  /** HR people (/api/v1/hr-people, issue 12); absent: those routes answer 404. */
  readonly hrPeople?: HrPeopleStore;
  /** Outgoing webhook subscriptions (/api/v1/webhooks, issue 12); absent: those routes answer 404. */
  readonly webhooks?: WebhookStore;
  /** Test-only: webhook subscriptions may name http loopback receivers. Never set in production. */
  readonly allowLoopbackWebhooks?: boolean;
  /** Named roles (/api/v1/roles, issue 10); absent: those routes answer 404. */
  readonly roles?: RoleService;
  /** Tuning of the name lookups for read-backs (cache lifetime, time budget); defaults in people.ts. */
  readonly names?: Pick<PeopleDirectoryOptions, 'ttlMs' | 'failureTtlMs' | 'timeoutMs' | 'maxEntries'>;
}

type ApiEnv = { Variables: AuthVariables };

/** A plan body is a few KB at most; this keeps a runaway client from filling memory. */
const MAX_BODY_BYTES = 64 * 1024;

/** The CLI announces itself so the audit trail can tell it from an HR system. */
function originOf(userAgent: string | undefined): Origin {
  return userAgent?.startsWith('handoff-cli/') ? { surface: 'cli' } : { surface: 'api' };
}

/**
 * Builds the /api/v1 routes. Known errors answer `{ error: { code, message } }` with their status here; anything
 * else is rethrown to the app's one `onError` (a 500 with a request id).
 * @example app.route('/', createApiRoutes({ service, apiKeys, workSystems, clock, logger }))
 */
export function createApiRoutes(deps: ApiDeps): Hono {
  const app = new Hono<ApiEnv>();
  const { service } = deps;
  const openApi = createOpenApiDocument();
  const auth = createApiAuth({ apiKeys: deps.apiKeys, singleTenant: deps.singleTenant });
  const actorOf = (label: string): Actor => ({ label });
  const people = createPeopleDirectory({
    workSystems: deps.workSystems,
    clock: deps.clock,
    logger: deps.logger,
    ...deps.names,
  });
  /** Handoffs as JSON with the names of the people in them (one cached lookup per answer; never fails the read). */
  const handoffsJson = async (tenantId: TenantId, views: readonly HandoffView[]): Promise<HandoffOut[]> => {
    const names = await people.names(tenantId, namesWantedBy(views));
    return views.map((view) => toHandoffJson(view, names));
  };
  const handoffJson = async (tenantId: TenantId, view: HandoffView): Promise<HandoffOut> =>
    (await handoffsJson(tenantId, [view]))[0] ?? toHandoffJson(view);

  /**
   * Why a replayed key does not fit this request: another plan (its fingerprint differs from the one stored with the
   * first handoff), or — for handoffs stored before fingerprints — another person. Undefined for a true retry.
   */
  const keyReuse = async (
    tenantId: TenantId,
    first: HandoffView,
    fromUserId: number,
    requestHash: string | undefined,
  ): Promise<string | undefined> => {
    if (first.handoff.plan.fromUserId !== fromUserId) return 'a handoff of another person';
    const events = await service.events(tenantId, first.handoff.no);
    const stored = events.find((e) => e.type === 'handoff.created')?.data?.requestHash;
    if (typeof stored === 'string' && stored !== requestHash) return 'a different plan';
    return undefined;
  };

  app.onError((err, c) => {
    const known = toErrorResponse(err, surfaceOf(originOf(c.req.header('user-agent'))));
    if (known === null) throw err;
    if (known.status >= 500) deps.logger.warn({ err, path: c.req.path }, 'api request failed upstream');
    return c.json(known.body, known.status);
  });

  app.get('/api/v1/openapi.json', (c) => c.json(openApi));

  app.use(
    '/api/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );
  app.use('/api/v1/*', (c, next) => (c.req.path === '/api/v1/openapi.json' ? next() : auth(c, next)));

  app.get('/api/v1/kinds', async (c) => {
    const kinds = await service.listKinds(c.var.tenantId);
    return c.json({ kinds: kinds.map((k) => ({ kind: k.kind, label: k.label })) } satisfies KindListOut);
  });

  const planOf = async (c: Context<ApiEnv>) => (await planAndInputOf(c)).plan;
  const planAndInputOf = async (c: Context<ApiEnv>) => {
    const input = await readJsonBody(c, PlanInput);
    const plan = await toPlan(input, {
      tenantId: c.var.tenantId,
      initiator: { label: c.var.actorLabel },
      origin: originOf(c.req.header('user-agent')),
      workSystems: deps.workSystems,
      clock: deps.clock,
    });
    return { plan, input };
  };

  app.post('/api/v1/handoffs/preview', async (c) => {
    const plan = await planOf(c);
    const preview = await service.preview(plan);
    return c.json(toPreviewJson(preview, await people.names(c.var.tenantId, namesWantedByPreview(preview))));
  });

  app.post('/api/v1/handoffs', async (c) => {
    const idempotencyKey = readIdempotencyKey(c);
    const { plan, input } = await planAndInputOf(c);
    const requestHash = idempotencyKey === undefined ? undefined : requestFingerprint(input);
    const { view, created } = await service.create(
      plan,
      idempotencyKey === undefined || requestHash === undefined ? {} : { idempotencyKey, requestHash },
    );
    if (!created && idempotencyKey !== undefined) {
      // The key names another request (another plan): answering that handoff would hide a client bug.
      const reuse = await keyReuse(c.var.tenantId, view, plan.fromUserId, requestHash);
      if (reuse !== undefined) {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          `Idempotency-Key "${idempotencyKey}" was already used for ${formatHandoffNo(view.handoff.no)} with ${reuse}; send a new key for a new handoff.`,
          ['header', 'Idempotency-Key'],
        );
      }
    }
    const no = formatHandoffNo(view.handoff.no);
    deps.logger.info(
      { tenantId: c.var.tenantId, handoffNo: no, created },
      created ? 'api created handoff' : 'api replay',
    );
    if (!created) c.header('Idempotent-Replayed', 'true');
    c.header('Location', `/api/v1/handoffs/${no}`);
    return c.json(await handoffJson(c.var.tenantId, view), 201);
  });

  app.get('/api/v1/handoffs', async (c) => {
    const query = readQuery(c, HandoffListQuery);
    const limit = query.limit === undefined ? HANDOFF_LIST_DEFAULT : Number(query.limit);
    const statuses = splitList(query.status)?.filter((s): s is HandoffStatus =>
      (HANDOFF_STATUSES as readonly string[]).includes(s),
    );
    const beforeNo = query.cursor === undefined ? undefined : Number(query.cursor.slice(2));
    const views = await service.list(c.var.tenantId, {
      limit,
      ...(statuses === undefined ? {} : { statuses }),
      ...(beforeNo === undefined ? {} : { beforeNo }),
    });
    const last = views.at(-1);
    const body: HandoffListOut = {
      handoffs: await handoffsJson(c.var.tenantId, views),
      nextCursor: views.length === limit && last !== undefined ? formatHandoffNo(last.handoff.no) : null,
    };
    return c.json(body);
  });

  app.get('/api/v1/handoffs/:id', async (c) => {
    return c.json(await handoffJson(c.var.tenantId, await service.get(c.var.tenantId, readHandoffNo(c))));
  });

  app.get('/api/v1/handoffs/:id/items', async (c) => {
    const no = readHandoffNo(c);
    const query = readQuery(c, ItemListQuery);
    const limit = query.limit === undefined ? ITEM_PAGE_DEFAULT : Number(query.limit);
    const kinds = splitList(query.kind);
    const badKind = kinds?.find((k) => !isEntityKind(k));
    if (badKind !== undefined) {
      throw new ApiError(400, 'invalid_input', `query.kind: unknown entity kind "${badKind}".`, ['query', 'kind']);
    }
    const after = query.cursor === undefined ? undefined : parseItemCursor(query.cursor);
    if (after === null) {
      throw new ApiError(400, 'invalid_input', 'query.cursor: not a cursor this API gave out.', ['query', 'cursor']);
    }
    const statuses = splitList(query.status)?.filter((s): s is ItemStatus =>
      (ITEM_STATUSES as readonly string[]).includes(s),
    );
    // One more than asked tells whether another page exists without a second query.
    const items = await service.items(c.var.tenantId, no, {
      limit: limit + 1,
      ...(statuses === undefined ? {} : { statuses }),
      ...(kinds === undefined ? {} : { kinds: kinds.filter(isEntityKind) }),
      ...(after === undefined ? {} : { after }),
    });
    const page = items.slice(0, limit);
    const last = page.at(-1);
    const body: ItemPageOut = {
      items: page.map(toItemJson),
      nextCursor: items.length > limit && last !== undefined ? toItemCursor(last) : null,
    };
    return c.json(body);
  });

  app.post('/api/v1/handoffs/:id/cancel', async (c) => {
    const no = readHandoffNo(c);
    await readJsonBody(c, EmptyInput, { emptyAllowed: true });
    const view = await service.cancel(c.var.tenantId, no, actorOf(c.var.actorLabel));
    return c.json(await handoffJson(c.var.tenantId, view));
  });

  app.post('/api/v1/handoffs/:id/retry', async (c) => {
    const no = readHandoffNo(c);
    await readJsonBody(c, EmptyInput, { emptyAllowed: true });
    const view = await service.retry(c.var.tenantId, no, actorOf(c.var.actorLabel));
    return c.json(await handoffJson(c.var.tenantId, view));
  });

  app.post('/api/v1/handoffs/:id/return', async (c) => {
    const no = readHandoffNo(c);
    const { force } = await readJsonBody(c, ReturnInput, { emptyAllowed: true });
    const view = await service.returnNow(c.var.tenantId, no, actorOf(c.var.actorLabel), { force: force ?? false });
    return c.json(await handoffJson(c.var.tenantId, view));
  });

  app.post('/api/v1/handoffs/:id/undo', async (c) => {
    const no = readHandoffNo(c);
    const { force } = await readJsonBody(c, ReturnInput, { emptyAllowed: true });
    const view = await service.undo(c.var.tenantId, no, actorOf(c.var.actorLabel), { force: force ?? false });
    return c.json(await handoffJson(c.var.tenantId, view));
  });

  addDirectoryRoutes(app, { workSystems: deps.workSystems });
  if (deps.roles) {
    registerRoleRoutes(app, { roles: deps.roles, people, workSystems: deps.workSystems, clock: deps.clock });
  }
  if (deps.vacations) {
    registerVacationRoutes(app, {
      vacations: deps.vacations,
      people,
      workSystems: deps.workSystems,
      clock: deps.clock,
    });
  }

  if (deps.webhooks)
    registerWebhookRoutes(app, {
      webhooks: deps.webhooks,
      ...(deps.allowLoopbackWebhooks === true ? { allowLoopback: true } : {}),
    });
  if (deps.hrPeople) registerHrPeopleRoutes(app, { hrPeople: deps.hrPeople, workSystems: deps.workSystems });

  app.all('/api/v1/*', (c) => {
    throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
  });

  // Wrapped so callers get a plain Hono (createApp takes `Hono[]`); the auth variables stay typed inside.
  return new Hono().route('/', app);
}
