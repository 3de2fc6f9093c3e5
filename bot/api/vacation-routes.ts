/**
 * /api/v1/vacations (issue 12): an HR system's leaves as records, by its own `externalId`. POST creates the vacation
 * and the temporary handoff that covers it (the same externalId again answers the first); PUT moves its dates
 * (shortened → earlier return, extended → later, ended before the start → cancelled, after → returned now); DELETE
 * calls it off. Registered on the API's router by routes.ts, behind its key check.
 * @module
 */
import type { Hono } from 'hono';
import { isHandoffError } from '../../engine/errors.js';
import { parseHandoffNo, type TenantId } from '../../engine/ids.js';
import { isEntityKind } from '../../engine/kinds.js';
import type { Clock, WorkSystemResolver } from '../../engine/ports.js';
import type { VacationService, VacationView } from '../../engine/vacations.js';
import type { AuthVariables } from './auth.js';
import { ApiError } from './errors.js';
import type { PeopleDirectory } from './people.js';
import {
  createPersonResolver,
  createPortalGetter,
  createZoneOf,
  type PlanContext,
  toInstant,
  toTarget,
} from './plan-input.js';
import { readJsonBody, readQuery } from './request.js';
import {
  ExternalId,
  type VacationChangeOut,
  VacationInput,
  type VacationListOut,
  VacationListQuery,
  VacationMoveInput,
  type VacationOut,
} from './vacation-schemas.js';
import { namesWantedBy, toHandoffJson, toPersonJson, toTargetJson } from './views.js';

export interface VacationRouteDeps {
  readonly vacations: VacationService;
  readonly people: PeopleDirectory;
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
}

type ApiEnv = { Variables: AuthVariables };

export function registerVacationRoutes(app: Hono<ApiEnv>, deps: VacationRouteDeps): void {
  const { vacations } = deps;

  async function toJson(tenantId: TenantId, views: readonly VacationView[]): Promise<VacationOut[]> {
    const names = await deps.people.names(tenantId, namesWantedBy(views.map((v) => v.handoff)));
    return views.map(({ vacation, handoff }) => ({
      externalId: vacation.externalId,
      employee: toPersonJson(vacation.employeeId, names),
      backup: vacation.backup.type === 'role' ? { ...vacation.backup } : toTargetJson(vacation.backup, names),
      start: vacation.startAt.toISOString(),
      end: vacation.endAt.toISOString(),
      kinds: vacation.kinds === undefined ? null : [...vacation.kinds],
      state: vacation.state,
      createdBy: vacation.createdBy,
      createdAt: vacation.createdAt.toISOString(),
      updatedAt: vacation.updatedAt.toISOString(),
      handoff: toHandoffJson(handoff, names),
    }));
  }
  const oneJson = async (tenantId: TenantId, view: VacationView): Promise<VacationOut> => {
    const [json] = await toJson(tenantId, [view]);
    if (json === undefined) throw new Error('vacation view lost');
    return json;
  };

  function readExternalId(raw: string | undefined): string {
    const parsed = ExternalId.safeParse(raw ?? '');
    if (!parsed.success) {
      throw new ApiError(404, 'unknown_vacation', `There is no vacation "${(raw ?? '').slice(0, 40)}".`);
    }
    return parsed.data;
  }

  /** The CLI announces itself (its errors then speak of flags, not JSON fields). */
  function contextOf(tenantId: TenantId, label: string, userAgent: string | undefined): PlanContext {
    return {
      tenantId,
      initiator: { label },
      origin: { surface: userAgent?.startsWith('handoff-cli/') ? 'cli' : 'api' },
      workSystems: deps.workSystems,
      clock: deps.clock,
    };
  }

  app.post('/api/v1/vacations', async (c) => {
    const input = await readJsonBody(c, VacationInput);
    const ctx = contextOf(c.var.tenantId, c.var.actorLabel, c.req.header('user-agent'));
    const portalOf = createPortalGetter(ctx);
    const resolve = createPersonResolver(ctx, portalOf);
    const employeeId = await resolve(input.employee, ['employee']);
    const zoneOf = createZoneOf(portalOf, employeeId);
    const startAt = input.start === undefined ? deps.clock.now() : await toInstant(input.start, 'start', ctx, zoneOf);
    const endAt = await toInstant(input.end, 'end', ctx, zoneOf);
    const { view, created } = await vacations.create({
      tenantId: c.var.tenantId,
      externalId: input.externalId,
      employeeId,
      backup:
        input.backup.type === 'role'
          ? { type: 'role', name: input.backup.name }
          : await toTarget(input.backup, ['backup'], resolve),
      startAt,
      endAt,
      ...(input.kinds === undefined ? {} : { kinds: input.kinds.filter(isEntityKind) }),
      initiator: { label: c.var.actorLabel },
      origin: { surface: ctx.origin.surface, ref: { vacation: input.externalId } },
    });
    c.header('Location', `/api/v1/vacations/${encodeURIComponent(view.vacation.externalId)}`);
    if (!created) c.header('Idempotent-Replayed', 'true');
    return c.json(await oneJson(c.var.tenantId, view), created ? 201 : 200);
  });

  app.get('/api/v1/vacations', async (c) => {
    const query = readQuery(c, VacationListQuery);
    const handoffNo = query.handoff === undefined ? null : parseHandoffNo(query.handoff);
    if (handoffNo !== null) {
      const one = await vacations.get(c.var.tenantId, { handoffNo }).catch((err: unknown) => {
        if (isHandoffError(err) && (err.code === 'unknown_vacation' || err.code === 'not_found')) return null;
        throw err;
      });
      const found = one === null ? [] : await toJson(c.var.tenantId, [one]);
      return c.json({ vacations: found } satisfies VacationListOut);
    }
    const views = await vacations.list(c.var.tenantId, {
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.limit === undefined ? {} : { limit: Number(query.limit) }),
    });
    return c.json({ vacations: await toJson(c.var.tenantId, views) } satisfies VacationListOut);
  });

  app.get('/api/v1/vacations/:externalId', async (c) => {
    const externalId = readExternalId(c.req.param('externalId'));
    return c.json(await oneJson(c.var.tenantId, await vacations.get(c.var.tenantId, { externalId })));
  });

  app.put('/api/v1/vacations/:externalId', async (c) => {
    const externalId = readExternalId(c.req.param('externalId'));
    const input = await readJsonBody(c, VacationMoveInput);
    const ctx = contextOf(c.var.tenantId, c.var.actorLabel, c.req.header('user-agent'));
    const current = await vacations.get(c.var.tenantId, { externalId });
    const zoneOf = createZoneOf(createPortalGetter(ctx), current.vacation.employeeId);
    const startAt = input.start === undefined ? undefined : await toInstant(input.start, 'start', ctx, zoneOf);
    const endAt = input.end === undefined ? undefined : await toInstant(input.end, 'end', ctx, zoneOf);
    const { view, outcome } = await vacations.move(
      c.var.tenantId,
      { externalId },
      { ...(startAt ? { startAt } : {}), ...(endAt ? { endAt } : {}) },
      { label: c.var.actorLabel },
    );
    return c.json({ outcome, vacation: await oneJson(c.var.tenantId, view) } satisfies VacationChangeOut);
  });

  app.delete('/api/v1/vacations/:externalId', async (c) => {
    const externalId = readExternalId(c.req.param('externalId'));
    const { view, outcome } = await vacations.cancel(c.var.tenantId, { externalId }, { label: c.var.actorLabel });
    return c.json({ outcome, vacation: await oneJson(c.var.tenantId, view) } satisfies VacationChangeOut);
  });
}
