/**
 * Approvals in chat (issue 12). Someone who may not hand off another's work (a colleague covering) gets a preview with
 * "Ask for approval" instead of Start; pressing it sends the plan to the from-user's head (or HR) with Approve /
 * Decline. Approve creates the handoff as the requester asked it (audited `handoff.approved` with who approved);
 * Decline tells the requester. Only an approver named on the request, or anyone who may hand off the from-user's
 * work, decides; a request is decided once. Approve checks the plan again as it stands then: refused (the receiver
 * went away meanwhile, a date passed, someone left), the approver sees why, the requester hears it, nothing moves and
 * the request stays open to approve later or decline.
 * @module
 */
import { isHandoffError, isStoreError, type StoreError } from '../engine/errors.js';
import { formatHandoffNo } from '../engine/ids.js';
import type { Plan } from '../engine/model.js';
import { parseConfirmedPlan, passedInstantReply } from './confirmed-plan.js';
import { action } from './notices.js';
import { type PersonNamer, previewReply } from './render-replies.js';
import type { ErrorReply, PreviewReply, Reply, ReplyActionRequest } from './reply.js';
import type { RunContext, RunDeps } from './run-context.js';
import { errorReply, statusFromView, thrownReply } from './run-follow-ups.js';

/** The preview for someone who may not start it: "Ask for approval" in place of Start, and a note saying why. */
export function asApprovalRequest(reply: PreviewReply, fromName: string): PreviewReply {
  return {
    ...reply,
    notes: [...reply.notes, `You may not start this yourself: ${fromName}'s head (or HR) approves it first.`],
    actions: reply.actions.map((a) => (a.id === 'start' ? action('request_approval', a.value) : a)),
  };
}

export async function runRequestApproval(
  request: ReplyActionRequest,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
  ttlMs: number,
): Promise<Reply> {
  const approvals = deps.approvals;
  if (approvals === undefined) return errorReply('not_supported', { word: 'approvals' });
  const opened = parseConfirmedPlan(request.value, ctx, deps, ttlMs);
  if (!opened.ok) return opened.reply;
  const plan: Plan = opened.plan;
  const passed = passedInstantReply(plan, ctx);
  if (passed !== null) return passed;
  const preview = await deps.service.preview(plan);
  const kindInfo = await deps.service.listKinds(ctx.tenantId);
  const card = await previewReply({
    preview,
    plan,
    kindInfo,
    timeZone: ctx.timeZone,
    token: '',
    previewOnly: true,
    name,
  });
  const requester = ctx.speaker.label.replace(/^\w+:\S+ \((.*)\)$/, '$1');
  const asked = await approvals.request(plan, `${requester} asks: ${card.summary}`);
  const fromName = (await name(plan.fromUserId)).name;
  if (!asked.ok) return errorReply(asked.problem.code, { ...asked.problem, personName: fromName });
  return {
    type: 'text',
    tone: 'success',
    text: `Sent to ${asked.value.approverNames.join(', ')} for approval. It starts when approved; you will hear either way.`,
  };
}

/** What the engine refused, as the reply the speaker sees; undefined when it went through. Other errors escape. */
async function refusalOf(
  act: () => Promise<unknown>,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<ErrorReply | undefined> {
  try {
    await act();
    return undefined;
  } catch (error) {
    if (!isHandoffError(error)) throw error;
    const reply = await thrownReply(error, deps, name, ctx);
    return reply.type === 'error' ? reply : undefined;
  }
}

export async function runDecision(
  request: ReplyActionRequest,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const approvals = deps.approvals;
  if (approvals === undefined) return errorReply('not_supported', { word: 'approvals' });
  const found = await approvals.get(request.value);
  if (found === null || found.plan.tenantId !== ctx.tenantId) return errorReply('approval_gone');
  // Approved, but its handoff never recorded (the database failed between the two): Approve again finishes it.
  const unfinished = found.status === 'approved' && found.handoffId === undefined && request.id === 'approve';
  if (found.status !== 'pending' && !unfinished) return errorReply('approval_gone', { word: found.status });
  const fromName = (await name(found.plan.fromUserId)).name;
  const named = ctx.speaker.portalUserId !== undefined && found.approverIds.includes(ctx.speaker.portalUserId);
  if (!named && !(await deps.mayHandOff(ctx.speaker, found.plan.fromUserId))) {
    return errorReply('not_allowed', { personName: fromName });
  }
  const decision = request.id === 'approve' ? 'approved' : 'declined';
  const by = ctx.speaker.label.replace(/^\w+:\S+ \((.*)\)$/, '$1');
  if (decision === 'approved') {
    // Checked again as it stands now (the receiver may have gone away, a date passed): refused, it stays open.
    const refusal = await refusalOf(() => deps.service.preview(found.plan), ctx, deps, name);
    if (refusal) {
      await approvals.tellRequester(
        found,
        `${by} could not approve your request to hand off ${fromName}'s work: ${refusal.text} Nothing moved; the request stays open.`,
      );
      return refusal;
    }
  }
  const decided = unfinished ? found : await approvals.decide(found.id, decision, ctx.speaker.label);
  if (decided === null) return errorReply('approval_gone', { word: 'decided' });
  if (decision === 'declined') {
    await approvals.tellRequester(
      decided,
      `${by} declined your request to hand off ${fromName}'s work. Nothing moved.`,
    );
    return {
      type: 'text',
      tone: 'info',
      text: `Declined. ${fromName}'s work stays where it is; the requester is told.`,
    };
  }
  // The plan runs as the requester asked it; the approval keys the create, so a double press starts it once.
  let created: Awaited<ReturnType<RunDeps['service']['create']>> | undefined;
  let stored: StoreError | undefined;
  const failed = await refusalOf(
    async () => {
      try {
        created = await deps.service.create(decided.plan, {
          idempotencyKey: `approval:${decided.id}`,
          approval: { id: decided.id, approvedBy: ctx.speaker.label },
        });
        await approvals.recordHandoff(decided.id, created.view.handoff.id);
      } catch (error) {
        if (!isStoreError(error)) throw error;
        stored = error;
      }
    },
    ctx,
    deps,
    name,
  );
  if (stored !== undefined) {
    // Not started (or not recorded): the approval stays approved without a handoff, and Approve again starts it
    // (the approval keys the create, so it starts once).
    await approvals.tellRequester(
      decided,
      `${by} approved your request, but Handoff's database could not be written, so it has not started yet; it starts when they press Approve again.`,
    );
    return errorReply('approval_not_started');
  }
  if (failed || !created) {
    // Something changed between the check and the start (another handoff of the person began): say so to both.
    await approvals.tellRequester(
      decided,
      `${by} approved your request, but it could not start: ${failed?.text ?? ''}`,
    );
    return failed ?? errorReply('internal_error');
  }
  const { view } = created;
  const ref = formatHandoffNo(view.handoff.no);
  await approvals.tellRequester(
    decided,
    `${by} approved your request: ${ref} ${view.handoff.status === 'scheduled' ? 'is scheduled' : 'has started'}.`,
  );
  return statusFromView(
    view,
    ctx,
    deps,
    name,
    `Approved: ${ref} ${view.handoff.status === 'scheduled' ? 'is scheduled' : 'has started'}.`,
  );
}
