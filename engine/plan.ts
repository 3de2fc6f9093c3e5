/**
 * Plan validation: the shape (zod), the times, the kinds, the from-user and every target, checked against the
 * portal. Each refusal is a HandoffError naming the plan field (`from`, `to`, `targets.<kind>`, `kinds`, `start`,
 * `returnAt`) and the reason.
 * @module
 */
import { z } from 'zod';
import { listAway, listAwayAt } from './away.js';
import { HandoffError } from './errors.js';
import { FactsReader, factsRequestOf, type PlanReader } from './facts.js';
import { PortalUserId, TenantId } from './ids.js';
import { type EntityKind, isEntityKind } from './kinds.js';
import type { Plan, ResolvedTarget, Target } from './model.js';
import type { Clock, HandoffStore, WorkSystem } from './ports.js';
import { refuseAwayReceivers } from './receiver-away.js';
import { resolveTarget } from './targets.js';

const DepartmentIdSchema = z.number().int().positive();

export const TargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: PortalUserId }),
  z.object({ type: z.literal('head'), departmentId: DepartmentIdSchema.optional() }),
  z.object({ type: z.literal('department'), departmentId: DepartmentIdSchema }),
]);

const ValidDate = z.date().refine((d) => !Number.isNaN(d.getTime()), 'invalid date');

/** The engine's Plan (model.ts) as a schema: checks what surfaces built before the portal is asked anything. */
export const PlanSchema = z.object({
  tenantId: TenantId,
  initiator: z.object({ portalUserId: PortalUserId.optional(), label: z.string().min(1).max(500) }),
  fromUserId: PortalUserId,
  to: TargetSchema,
  // Keys are checked against the portal's kinds later, to answer `unknown_kind` rather than a shape error.
  targets: z.record(z.string(), TargetSchema).optional(),
  kinds: z.array(z.string()).max(200).optional(),
  when: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('permanent'), startAt: ValidDate.optional() }),
    z.object({ mode: z.literal('temporary'), startAt: ValidDate.optional(), returnAt: ValidDate }),
  ]),
  options: z.object({
    allItems: z.boolean(),
    dryRun: z.boolean(),
    forceReturn: z.boolean(),
    notify: z.boolean(),
    sweep: z.boolean(),
  }),
  origin: z
    .object({
      surface: z.enum(['slack', 'bitrix24', 'api', 'cli', 'console', 'robot']),
      ref: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

/** A plan checked against the portal: the kinds it moves and the concrete receivers per kind. */
export interface ValidatedPlan {
  readonly plan: Plan;
  readonly kinds: readonly EntityKind[];
  readonly targets: Readonly<Partial<Record<EntityKind, ResolvedTarget>>>;
}

export interface PlanCheckDeps {
  readonly workSystem: WorkSystem;
  readonly store: HandoffStore;
  readonly clock: Clock;
  readonly maxHorizonMs: number;
}

/** A start this far in the past still counts as "now" (a form filled in a minute ago). */
const START_GRACE_MS = 5 * 60_000;

/** Plan field names as people and the REST API know them. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [head, second] = path;
  if (head === 'fromUserId') return 'from';
  if (head === 'when' && second === 'returnAt') return 'returnAt';
  if (head === 'when' && second === 'startAt') return 'start';
  return path.map(String).join('.') || 'plan';
}

/** Checks the shape; throws `invalid_plan` with the first field at fault. */
export function checkPlanShape(input: unknown): Plan {
  const result = PlanSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = fieldOf(issue?.path ?? []);
    throw new HandoffError('invalid_plan', `Invalid plan field ${field}: ${issue?.message ?? 'invalid'}.`, {
      field,
      reason: issue?.message ?? 'invalid',
    });
  }
  // The schema mirrors Plan exactly; zod's inferred optionals (`?: T | undefined`) are the only difference.
  return input as Plan;
}

/** Checks start and return instants against now, each other and the horizon. */
export function checkTimes(plan: Plan, now: Date, maxHorizonMs: number): void {
  const { when } = plan;
  const latest = now.getTime() + maxHorizonMs;
  if (when.startAt) {
    if (when.startAt.getTime() < now.getTime() - START_GRACE_MS) {
      throw new HandoffError('in_the_past', 'The start is in the past.', { field: 'start', reason: 'in_the_past' });
    }
    if (when.startAt.getTime() > latest) {
      throw new HandoffError('invalid_plan', 'The start is too far ahead.', {
        field: 'start',
        reason: 'beyond_horizon',
      });
    }
  }
  if (when.mode === 'temporary') {
    if (when.returnAt.getTime() <= now.getTime()) {
      throw new HandoffError('in_the_past', 'The return is in the past.', { field: 'returnAt', reason: 'in_the_past' });
    }
    if (when.startAt && when.returnAt.getTime() <= when.startAt.getTime()) {
      throw new HandoffError('return_before_start', 'The return comes before the start.', {
        field: 'returnAt',
        reason: 'return_before_start',
      });
    }
    if (when.returnAt.getTime() > latest) {
      throw new HandoffError('invalid_plan', 'The return is too far ahead.', {
        field: 'returnAt',
        reason: 'beyond_horizon',
      });
    }
  }
}

/** The kinds the plan moves: the requested ones (all the portal offers when none), each offered by the portal. */
export function selectKinds(plan: Plan, offered: readonly EntityKind[]): EntityKind[] {
  const offeredSet = new Set<string>(offered);
  for (const kind of plan.kinds ?? []) {
    if (!isEntityKind(kind) || !offeredSet.has(kind)) {
      throw new HandoffError('unknown_kind', `The portal has no entity kind ${kind}.`, {
        field: 'kinds',
        reason: kind,
      });
    }
  }
  for (const kind of Object.keys(plan.targets ?? {})) {
    if (!isEntityKind(kind) || !offeredSet.has(kind)) {
      throw new HandoffError('unknown_kind', `The portal has no entity kind ${kind}.`, {
        field: `targets.${kind}`,
        reason: kind,
      });
    }
  }
  const requested = plan.kinds && plan.kinds.length > 0 ? new Set<string>(plan.kinds) : offeredSet;
  // Keep the portal's stable order rather than the order the person typed.
  const kinds = offered.filter((kind) => requested.has(kind));
  if (kinds.length === 0) {
    throw new HandoffError('empty_selection', 'Nothing is selected to hand off.', { field: 'kinds' });
  }
  return kinds;
}

/** Validates a plan against the portal and resolves its receivers. Throws HandoffError on the first problem. */
export async function validatePlan(input: Plan, deps: PlanCheckDeps): Promise<ValidatedPlan> {
  return (await checkPlan(input, deps)).validated;
}

/**
 * validatePlan, also handing back what it read of the portal (`reader`): the preview and the "nothing to move" check
 * answer from it. The portal facts the checks need are read together (engine/facts.ts: one request on Bitrix24),
 * side by side with the store's list of who is away; the checks then run on them in the same order as ever, so the
 * first problem found is the same one.
 */
export async function checkPlan(
  input: Plan,
  deps: PlanCheckDeps,
): Promise<{ validated: ValidatedPlan; reader: PlanReader }> {
  const plan = checkPlanShape(input);
  checkTimes(plan, deps.clock.now(), deps.maxHorizonMs);

  const [facts, away] = await Promise.all([
    deps.workSystem.readFacts(factsRequestOf(plan)),
    listAway(deps.store, plan.tenantId),
  ]);
  const reader = new FactsReader(deps.workSystem, facts);

  const offered = (await reader.listKinds()).map((info) => info.kind);
  const kinds = selectKinds(plan, offered);

  const from = await reader.getUser(plan.fromUserId);
  if (!from) {
    throw new HandoffError('unknown_user', `User ${plan.fromUserId} does not exist in the portal.`, {
      field: 'from',
      userId: plan.fromUserId,
    });
  }
  // An inactive from-user is fine: handing off the work of someone who left is the main use.

  const scope = { workSystem: reader, fromUserId: plan.fromUserId, away: new Set(away.keys()) };
  // Each distinct target is resolved once (one headsOf, one member list), all of them side by side; the first
  // refusal in the portal's kind order is the one reported.
  const resolved = new Map<string, Promise<ResolvedTarget>>();
  const pendingOf = new Map<EntityKind, Promise<ResolvedTarget>>();
  for (const kind of kinds) {
    const override = plan.targets?.[kind];
    const target: Target = override ?? plan.to;
    const field = override ? `targets.${kind}` : 'to';
    const key = `${field === 'to' ? 'to' : ''}${JSON.stringify(target)}`;
    let pending = resolved.get(key);
    if (!pending) {
      pending = resolveTarget(target, scope, field);
      resolved.set(key, pending);
    }
    pendingOf.set(kind, pending);
  }
  const settled = await Promise.allSettled([...pendingOf.values()]);
  const targets: Partial<Record<EntityKind, ResolvedTarget>> = {};
  [...pendingOf.keys()].forEach((kind, index) => {
    const outcome = settled[index];
    if (outcome?.status === 'rejected') throw outcome.reason;
    if (outcome?.status === 'fulfilled') targets[kind] = outcome.value;
  });
  const fieldOfKind = (kind: string) => (plan.targets?.[kind as EntityKind] ? `targets.${kind}` : 'to');
  const now = deps.clock.now();
  const awayAtStart = plan.when.startAt ? await listAwayAt(deps.store, plan.tenantId, plan.when.startAt) : away;
  await refuseAwayReceivers(plan, targets, fieldOfKind, awayAtStart, reader, now);
  return { validated: { plan, kinds, targets }, reader };
}
