/**
 * A checked PlanInput → the engine's Plan: people named by e-mail are looked up in the tenant's portal, date
 * phrases are read in their time zone (commands/dates.ts). Problems throw ApiError naming the field; nothing is
 * stored or started here.
 * @module
 */
import { parseWhen } from '../../commands/dates.js';
import { messageFor } from '../../commands/messages.js';
import { SURFACE_WORDS, type Surface } from '../../commands/surface-words.js';
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import { toPortalUserId } from '../../engine/ids.js';
import { type EntityKind, isEntityKind } from '../../engine/kinds.js';
import type { Initiator, Origin, Plan, Target, When } from '../../engine/model.js';
import type { Clock, WorkSystem, WorkSystemResolver } from '../../engine/ports.js';
import { ApiError } from './errors.js';
import type { PlanInput, TargetInput, WhenInput } from './schemas.js';

export interface PlanContext {
  readonly tenantId: TenantId;
  readonly initiator: Initiator;
  readonly origin: Origin;
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
}

/** The surface whose words an error uses: the CLI's flags, the console's labels, JSON fields for everyone else. */
export function surfaceOf(origin: Origin): Surface {
  return origin.surface === 'cli' || origin.surface === 'console' ? origin.surface : 'api';
}

/** A plan field as the surface names it in an error: `returnAt` for the API, `--until` for the CLI, “Return on” in the console. */
export function fieldLabel(surface: Surface, path: readonly string[]): string {
  const field = path.join('.');
  return surface === 'cli' || surface === 'console' ? SURFACE_WORDS[surface].field(field) : field;
}

/** Looks up e-mails once per request, and the portal only when an e-mail is given at all. */
export function createPersonResolver(ctx: PlanContext, portalOf: () => Promise<WorkSystem>) {
  return async (person: { id?: number | undefined; email?: string | undefined }, path: string[]) => {
    if (person.id !== undefined) return toPortalUserId(person.id);
    const email = person.email ?? '';
    const user = await (await portalOf()).findUserByEmail(email);
    if (user === null) {
      const surface = surfaceOf(ctx.origin);
      throw new ApiError(
        400,
        'unknown_user',
        `${fieldLabel(surface, path)}: no portal user has the e-mail ${email}. ${capital(SURFACE_WORDS[surface].findPeople)}.`,
        [...path, 'email'],
      );
    }
    return user.id;
  };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `2027-01-05`: a calendar date, read in the tenant's zone at the start of the working day (as chat reads it). */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

type ResolvePerson = ReturnType<typeof createPersonResolver>;

export async function toTarget(input: TargetInput, path: string[], resolve: ResolvePerson): Promise<Target> {
  switch (input.type) {
    case 'user':
      return { type: 'user', userId: await resolve(input, path) };
    case 'head':
      return input.departmentId === undefined ? { type: 'head' } : { type: 'head', departmentId: input.departmentId };
    case 'department':
      return { type: 'department', departmentId: input.id };
    default: {
      const never: never = input;
      return never;
    }
  }
}

export async function toInstant(
  input: WhenInput,
  field: string,
  ctx: PlanContext,
  tenantZone: () => Promise<string>,
): Promise<Date> {
  // ISO instants go to the engine as they are: it owns the rules on past and far-future instants (in_the_past).
  if (typeof input === 'string' && !DATE_ONLY.test(input)) return new Date(input);
  const { phrase, timeZone } = typeof input === 'string' ? { phrase: input, timeZone: await tenantZone() } : input;
  const parsed = parseWhen(phrase, { now: ctx.clock.now(), timeZone });
  if (parsed.ok) return parsed.value.at;
  const { problem } = parsed;
  const surface = surfaceOf(ctx.origin);
  const sentence = messageFor(problem.code, { ...problem, surface });
  const path =
    typeof input === 'string' ? [field] : problem.code === 'date_bad_zone' ? [field, 'timeZone'] : [field, 'phrase'];
  const label = surface === 'cli' && problem.code === 'date_bad_zone' ? '--tz' : fieldLabel(surface, [field]);
  throw new ApiError(400, problem.code, `${label}: ${sentence}`, path);
}

async function toWhen(input: PlanInput, ctx: PlanContext, tenantZone: () => Promise<string>): Promise<When> {
  const startAt = input.start === undefined ? undefined : await toInstant(input.start, 'start', ctx, tenantZone);
  const start = startAt === undefined ? {} : { startAt };
  if (input.returnAt === undefined) return { mode: 'permanent', ...start };
  return { mode: 'temporary', ...start, returnAt: await toInstant(input.returnAt, 'returnAt', ctx, tenantZone) };
}

/** The tenant's portal, opened once per request and only when needed. */
export function createPortalGetter(ctx: PlanContext): () => Promise<WorkSystem> {
  let portal: Promise<WorkSystem> | undefined;
  return () => {
    portal ??= ctx.workSystems(ctx.tenantId);
    return portal;
  };
}

/** The zone for a bare date: the absent person's Bitrix24 profile zone (their days are the ones away), else UTC. */
export function createZoneOf(portalOf: () => Promise<WorkSystem>, userId: PortalUserId): () => Promise<string> {
  return async () => (await (await portalOf()).getUser(userId))?.timeZone ?? 'UTC';
}

/** Builds the engine's Plan from a checked request body; throws ApiError for an unknown e-mail or a bad phrase. */
export async function toPlan(input: PlanInput, ctx: PlanContext): Promise<Plan> {
  const portalOf = createPortalGetter(ctx);
  const resolve = createPersonResolver(ctx, portalOf);
  const fromUserId: PortalUserId = await resolve(input.from, ['from']);
  const tenantZone = createZoneOf(portalOf, fromUserId);
  const when = await toWhen(input, ctx, tenantZone);
  const to = await toTarget(input.to, ['to'], resolve);
  let targets: Partial<Record<EntityKind, Target>> | undefined;
  if (input.targets !== undefined) {
    targets = {};
    for (const [kind, target] of Object.entries(input.targets)) {
      // The schema only lets entity kinds through; the guard narrows the key's type.
      if (isEntityKind(kind)) targets[kind] = await toTarget(target, ['targets', kind], resolve);
    }
  }
  return {
    tenantId: ctx.tenantId,
    initiator: ctx.initiator,
    fromUserId,
    to,
    ...(targets === undefined ? {} : { targets }),
    ...(input.kinds === undefined ? {} : { kinds: input.kinds.filter(isEntityKind) }),
    when,
    options: {
      allItems: input.allItems ?? false,
      dryRun: input.dryRun ?? false,
      forceReturn: input.forceReturn ?? false,
      notify: input.notify ?? true,
      sweep: input.sweep ?? true,
    },
    origin: ctx.origin,
  };
}
