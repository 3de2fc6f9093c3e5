/**
 * A parsed handoff command → an engine Plan: people resolved through the surface, the speaker authorized, kind
 * selectors expanded against the portal, date phrases read in the speaker's zone. Problems come back as data.
 * @module
 */
import type { PortalUserId } from '../engine/ids.js';
import type { EntityKind, KindInfo } from '../engine/kinds.js';
import type { Plan, Target } from '../engine/model.js';
import type { HandoffCommand, TargetSpec } from './command.js';
import { parseWhen } from './dates.js';
import { expandSelectors, type KindSelector } from './kind-words.js';
import type { MessageCode } from './messages.js';
import type { PersonRef } from './person-ref.js';
import { fail, ok, type Result } from './problems.js';
import type { RunContext, RunDeps } from './run-context.js';

/** Anything that stops a plan: an input problem or a domain rule checked early, with facts for the sentence. */
export interface PlanFailure {
  readonly code: MessageCode;
  readonly word?: string;
  readonly expected?: string;
  readonly personName?: string;
}

/** How a ref reads in a sentence: Slack renders `<@U123>` as the person's name. */
export function refText(ref: PersonRef): string {
  switch (ref.kind) {
    case 'slack':
      return `<@${ref.id}>`;
    case 'portal':
      return `user #${ref.id}`;
    case 'email':
      return ref.email;
    default: {
      const never: never = ref;
      return never;
    }
  }
}

async function resolvePerson(ref: PersonRef, deps: RunDeps): Promise<Result<PortalUserId, PlanFailure>> {
  const resolved = await deps.resolvePerson(ref);
  if (resolved.ok) return resolved;
  return fail({ ...resolved.problem, word: resolved.problem.word ?? refText(ref) });
}

export async function resolveTarget(spec: TargetSpec, deps: RunDeps): Promise<Result<Target, PlanFailure>> {
  switch (spec.type) {
    case 'user': {
      const id = await resolvePerson(spec.person, deps);
      return id.ok ? ok({ type: 'user', userId: id.value }) : id;
    }
    case 'head':
      return ok({ type: 'head' });
    case 'department': {
      if ('id' in spec.department) return ok({ type: 'department', departmentId: spec.department.id });
      const name = spec.department.name;
      const found = await deps.findDepartments(name);
      const exact = found.filter((d) => d.name.toLowerCase() === name.toLowerCase());
      const [only] = exact.length === 1 ? exact : found;
      if (found.length === 0 || !only) return fail({ code: 'department_not_found', word: name });
      if (exact.length !== 1 && found.length > 1) {
        return fail({ code: 'ambiguous_department', word: name, expected: found.map((d) => d.name).join(', ') });
      }
      return ok({ type: 'department', departmentId: only.id });
    }
    default: {
      const never: never = spec;
      return never;
    }
  }
}

/** Kinds for `only`/`except`; undefined means every kind. Concrete kinds the portal lacks are refused by name. */
function selectKinds(
  command: HandoffCommand,
  available: readonly EntityKind[],
): Result<EntityKind[] | undefined, PlanFailure> {
  if (command.kinds.mode === 'all') return ok(undefined);
  const missing = command.kinds.selectors.find((s) => s !== 'crm' && s !== 'spa' && !available.includes(s));
  if (missing) return fail({ code: 'unknown_kind', word: missing });
  const covered = expandSelectors(command.kinds.selectors, available);
  const kinds = command.kinds.mode === 'only' ? covered : available.filter((k) => !covered.includes(k));
  return kinds.length > 0 ? ok([...kinds]) : fail({ code: 'empty_selection' });
}

function needsKinds(command: HandoffCommand): boolean {
  return command.kinds.mode !== 'all' || command.overrides.length > 0;
}

/** Builds and checks the plan of a handoff command. Calls the portal only through the service and the deps. */
export async function buildPlan(
  command: HandoffCommand,
  ctx: RunContext,
  deps: RunDeps,
): Promise<Result<{ plan: Plan; kindInfo: readonly KindInfo[] }, PlanFailure>> {
  const from = await resolvePerson(command.from, deps);
  if (!from.ok) return from;
  // With approvals, someone who may not start it still gets a preview, with "Ask for approval" (run-approval.ts).
  const mayAsk = deps.approvals !== undefined && ctx.speaker.portalUserId !== undefined;
  if (!mayAsk && !(await deps.mayHandOff(ctx.speaker, from.value))) {
    const person = await deps.describePerson?.(from.value);
    return fail({ code: 'not_allowed', personName: person?.name ?? refText(command.from) });
  }

  const to = await resolveTarget(command.to, deps);
  if (!to.ok) return to;
  if (to.value.type === 'user' && to.value.userId === from.value) return fail({ code: 'same_person' });

  const kindInfo = needsKinds(command) ? await deps.service.listKinds(ctx.tenantId) : [];
  const available = kindInfo.map((k) => k.kind);
  const kinds = selectKinds(command, available);
  if (!kinds.ok) return kinds;

  const targets: Partial<Record<EntityKind, Target>> = {};
  for (const override of command.overrides) {
    const target = await resolveTarget(override.target, deps);
    if (!target.ok) return target;
    if (target.value.type === 'user' && target.value.userId === from.value) return fail({ code: 'same_person' });
    const missing = override.selectors.find((s: KindSelector) => s !== 'crm' && s !== 'spa' && !available.includes(s));
    if (missing) return fail({ code: 'unknown_kind', word: missing });
    for (const kind of expandSelectors(override.selectors, kinds.value ?? available)) targets[kind] = target.value;
  }

  const dateCtx = {
    now: ctx.now,
    timeZone: ctx.timeZone,
    ...(ctx.locale ? { locale: ctx.locale } : {}),
  };
  const start = command.starting !== undefined ? parseWhen(command.starting, dateCtx) : undefined;
  if (start && !start.ok) return start;
  const until = command.until !== undefined ? parseWhen(command.until, dateCtx) : undefined;
  if (until && !until.ok) return until;
  const startAt = start?.value.at;
  if (until && startAt && until.value.at <= startAt) {
    return fail({ code: 'return_before_start', word: until.value.matched, expected: until.value.echo.text });
  }

  const temporary = until !== undefined;
  const plan: Plan = {
    tenantId: ctx.tenantId,
    initiator: {
      label: ctx.speaker.label,
      ...(ctx.speaker.portalUserId !== undefined ? { portalUserId: ctx.speaker.portalUserId } : {}),
    },
    fromUserId: from.value,
    to: to.value,
    ...(Object.keys(targets).length > 0 ? { targets } : {}),
    ...(kinds.value ? { kinds: kinds.value } : {}),
    when: until
      ? { mode: 'temporary', returnAt: until.value.at, ...(startAt ? { startAt } : {}) }
      : { mode: 'permanent', ...(startAt ? { startAt } : {}) },
    options: {
      allItems: command.flags.allItems,
      dryRun: command.flags.dryRun,
      forceReturn: command.flags.forceReturn,
      notify: !command.flags.quiet,
      // Sweeping newly assigned items only makes sense while someone is away (a temporary handoff).
      sweep: temporary,
    },
    ...(ctx.origin ? { origin: ctx.origin } : {}),
  };
  return ok({ plan, kindInfo });
}
