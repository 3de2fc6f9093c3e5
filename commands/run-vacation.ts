/**
 * Chat commands that change a vacation (issue 12): `vacation H-3 [from <when>] [until <when>]` and `vacation cancel
 * H-3`. A handoff an HR system created as a vacation record changes through the VacationService (the record moves
 * too); any other temporary handoff (one planned in chat with `vacation @from backup …`) through the handoff service
 * directly. Who may change it: whoever may hand off the absent person's work.
 * @module
 */
import { isHandoffError } from '../engine/errors.js';
import { formatHandoffNo } from '../engine/ids.js';
import type { RescheduleOutcome, RescheduleResult } from '../engine/reschedule.js';
import type { Command } from './command.js';
import { parseWhen, toReplyInstant } from './dates.js';
import type { PersonNamer } from './render-replies.js';
import type { Reply } from './reply.js';
import type { RunContext, RunDeps } from './run-context.js';
import { actor, errorReply, refusalUnlessAllowed, statusFromView } from './run-follow-ups.js';

type VacationCommand = Extract<Command, { type: 'vacation_move' | 'vacation_cancel' }>;

/** `now` and its friends end a vacation at once; anything else is a date phrase in the speaker's zone. */
const NOW_WORDS = new Set(['now', 'today', 'right now', 'immediately']);

const OUTCOME_NOTICES: Readonly<Record<RescheduleOutcome, (ref: string, dates: string) => string>> = {
  moved: (ref, dates) => `${ref} moved: ${dates}. The people involved are told.`,
  unchanged: (ref, dates) => `${ref} already has those dates: ${dates}.`,
  cancelled: (ref) => `${ref} is cancelled: it had not started, so nothing moved.`,
  returning: (ref) => `${ref} is over: everything is coming back now.`,
  ended: (ref) => `${ref} was already given back.`,
};

function datesText(result: RescheduleResult, timeZone: string): string {
  const { when } = result.view.handoff.plan;
  const start = when.startAt ? `from ${toReplyInstant(when.startAt, timeZone).text} ` : '';
  return when.mode === 'temporary' ? `${start}until ${toReplyInstant(when.returnAt, timeZone).text}` : start.trim();
}

export async function runVacationChange(
  command: VacationCommand,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const current = await deps.service.get(ctx.tenantId, command.handoffNo);
  const refused = await refusalUnlessAllowed(current.handoff.plan.fromUserId, ctx, deps, name);
  if (refused) return refused;
  const who = actor(ctx);
  const ref = { handoffNo: command.handoffNo };
  let result: RescheduleResult;
  if (command.type === 'vacation_cancel') {
    result = await viaRecord(
      () => deps.vacations?.cancel(ctx.tenantId, ref, who),
      () => deps.service.endEarly(ctx.tenantId, command.handoffNo, who),
    );
  } else {
    const dateCtx = { now: ctx.now, timeZone: ctx.timeZone, ...(ctx.locale ? { locale: ctx.locale } : {}) };
    const read = (phrase: string | undefined) => {
      if (phrase === undefined) return undefined;
      if (NOW_WORDS.has(phrase.trim().toLowerCase())) return { ok: true as const, at: ctx.now };
      const parsed = parseWhen(phrase, dateCtx);
      return parsed.ok ? { ok: true as const, at: parsed.value.at } : parsed;
    };
    const start = read(command.starting);
    if (start && !start.ok) return errorReply(start.problem.code, start.problem);
    const until = read(command.until);
    if (until && !until.ok) return errorReply(until.problem.code, until.problem);
    const startAt = start?.at;
    const endAt = until?.at;
    result = await viaRecord(
      () =>
        deps.vacations?.move(ctx.tenantId, ref, { ...(startAt ? { startAt } : {}), ...(endAt ? { endAt } : {}) }, who),
      () =>
        deps.service.move(
          ctx.tenantId,
          command.handoffNo,
          { ...(startAt ? { startAt } : {}), ...(endAt ? { returnAt: endAt } : {}) },
          who,
        ),
    );
  }
  const notice = OUTCOME_NOTICES[result.outcome](formatHandoffNo(command.handoffNo), datesText(result, ctx.timeZone));
  return statusFromView(result.view, ctx, deps, name, notice);
}

/** Through the vacation record when the handoff has one; otherwise on the handoff itself. */
async function viaRecord(
  onRecord: () =>
    | Promise<
        | { readonly view: { readonly handoff: RescheduleResult['view'] }; readonly outcome: RescheduleOutcome }
        | undefined
      >
    | undefined,
  onHandoff: () => Promise<RescheduleResult>,
): Promise<RescheduleResult> {
  try {
    const done = await onRecord();
    if (done) return { view: done.view.handoff, outcome: done.outcome };
  } catch (err) {
    if (!isHandoffError(err) || err.code !== 'unknown_vacation') throw err;
  }
  return onHandoff();
}
