/**
 * Opens the plan a Start-type button carries (Start, choose-head, hand-to-backup, ask for approval): the signed token
 * must be valid and unexpired, for this tenant, and pressed by the person who previewed it. Shared by every action
 * that acts on a previewed plan, so none of them checks less than the others.
 * @module
 */
import type { Plan } from '../engine/model.js';
import { parseConfirmToken } from './confirm.js';
import { toReplyInstant } from './dates.js';
import type { ErrorReply } from './reply.js';
import type { RunContext, RunDeps } from './run-context.js';
import { errorReply } from './run-follow-ups.js';

export type ConfirmedPlan =
  | { readonly ok: true; readonly plan: Plan }
  | { readonly ok: false; readonly reply: ErrorReply };

/**
 * The token's plan, or the reply that refuses it (`confirm_invalid`, `confirm_expired`, `confirm_not_yours`).
 * Never throws.
 * @example const opened = parseConfirmedPlan(request.value, ctx, deps, ttlMs); if (!opened.ok) return opened.reply;
 */
export function parseConfirmedPlan(
  token: string,
  ctx: RunContext,
  deps: Pick<RunDeps, 'confirmSecret'>,
  ttlMs: number,
): ConfirmedPlan {
  const parsed = parseConfirmToken(token, { now: ctx.now, secret: deps.confirmSecret, ttlMs });
  if (!parsed.ok) return { ok: false, reply: errorReply(parsed.problem.code) };
  const plan = parsed.value;
  if (plan.tenantId !== ctx.tenantId) return { ok: false, reply: errorReply('confirm_invalid') };
  const sameSpeaker =
    plan.initiator.portalUserId !== undefined
      ? plan.initiator.portalUserId === ctx.speaker.portalUserId
      : plan.initiator.label === ctx.speaker.label;
  return sameSpeaker ? { ok: true, plan } : { ok: false, reply: errorReply('confirm_not_yours') };
}

/** `in_the_past` when the plan's start or return has passed since the preview (in the speaker's zone); else null. */
export function passedInstantReply(plan: Plan, ctx: RunContext): ErrorReply | null {
  for (const at of [plan.when.startAt, plan.when.mode === 'temporary' ? plan.when.returnAt : undefined]) {
    if (at && at <= ctx.now) return errorReply('in_the_past', { expected: toReplyInstant(at, ctx.timeZone).text });
  }
  return null;
}
