/**
 * A checked PlanInput → the engine's Plan: people named by e-mail are looked up in the tenant's portal, date
 * phrases are read in their time zone (commands/dates.ts). Problems throw ApiError naming the field; nothing is
 * stored or started here.
 * @module
 */
import { parseWhen } from '../../commands/dates.js';
import { problemMessage } from '../../commands/messages.js';
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

/** Looks up e-mails once per request, and the portal only when an e-mail is given at all. */
export function createPersonResolver(ctx: PlanContext) {
  let portal: Promise<WorkSystem> | undefined;
  return async (person: { id?: number | undefined; email?: string | undefined }, path: string[]) => {
    if (person.id !== undefined) return toPortalUserId(person.id);
    const email = person.email ?? '';
    portal ??= ctx.workSystems(ctx.tenantId);
    const user = await (await portal).findUserByEmail(email);
    if (user === null) {
      throw new ApiError(400, 'unknown_user', `${path.join('.')}: no portal user has the e-mail ${email}.`, [
        ...path,
        'email',
      ]);
    }
    return user.id;
  };
}

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

export function toInstant(input: WhenInput, field: string, ctx: PlanContext): Date {
  // ISO instants go to the engine as they are: it owns the rules on past and far-future instants (in_the_past).
  if (typeof input === 'string') return new Date(input);
  const parsed = parseWhen(input.phrase, { now: ctx.clock.now(), timeZone: input.timeZone });
  if (parsed.ok) return parsed.value.at;
  const { problem } = parsed;
  const sentence = problemMessage(problem);
  const path = problem.code === 'date_bad_zone' ? [field, 'timeZone'] : [field, 'phrase'];
  throw new ApiError(400, problem.code, `${field}: ${sentence}`, path);
}

function toWhen(input: PlanInput, ctx: PlanContext): When {
  const startAt = input.start === undefined ? undefined : toInstant(input.start, 'start', ctx);
  const start = startAt === undefined ? {} : { startAt };
  if (input.returnAt === undefined) return { mode: 'permanent', ...start };
  return { mode: 'temporary', ...start, returnAt: toInstant(input.returnAt, 'returnAt', ctx) };
}

/** Builds the engine's Plan from a checked request body; throws ApiError for an unknown e-mail or a bad phrase. */
export async function toPlan(input: PlanInput, ctx: PlanContext): Promise<Plan> {
  const when = toWhen(input, ctx);
  const resolve = createPersonResolver(ctx);
  const fromUserId: PortalUserId = await resolve(input.from, ['from']);
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
