/**
 * Command → HandoffService → Reply. A handoff command answers with a preview and changes nothing; its Start button
 * carries the plan in a signed confirm token that is checked again before `create`. Every failure becomes an error
 * reply with a sentence from messages.ts; unexpected ones are logged, never shown.
 * @module
 */
import { type HandoffError, type HandoffErrorDetails, isHandoffError } from '../engine/errors.js';
import { formatHandoffNo, type PortalUserId, parseHandoffNo } from '../engine/ids.js';
import type { Plan } from '../engine/model.js';
import type { Command, HandoffCommand } from './command.js';
import { toConfirmToken } from './confirm.js';
import { parseConfirmedPlan, passedInstantReply } from './confirmed-plan.js';
import { toReplyInstant } from './dates.js';
import { type GrammarOptions, parseCommand } from './grammar.js';
import { helpReply } from './help.js';
import { action, NOTICES } from './notices.js';
import { buildPlan, refText } from './plan-builder.js';
import { type PersonNamer, previewReply } from './render-replies.js';
import type { Reply, ReplyActionRequest } from './reply.js';
import { asApprovalRequest, runDecision, runRequestApproval } from './run-approval.js';
import type { RunContext, RunDeps } from './run-context.js';
import {
  createNamer,
  errorReply,
  refusalUnlessAllowed,
  runHistory,
  runOnHandoff,
  runStatus,
  statusFromView,
  statusOf,
  thrownReply,
} from './run-follow-ups.js';
import { runHr } from './run-hr.js';
import { runRoleCommand } from './run-roles.js';
import { runVacationChange } from './run-vacation.js';

export type { RunContext, RunDeps, Speaker } from './run-context.js';

const DEFAULT_CONFIRM_TTL_MS = 60 * 60 * 1000;

/**
 * Parses and runs command text in one go (what the chat surfaces call).
 * @example await runText('<@U1> to <@U2> until next Monday', { mentions: [SLACK_MENTIONS] }, ctx, deps)
 */
export async function runText(text: string, grammar: GrammarOptions, ctx: RunContext, deps: RunDeps): Promise<Reply> {
  const command = parseCommand(text, grammar);
  if (!command.ok) return errorReply(command.problem.code, command.problem);
  return runCommand(command.value, ctx, deps);
}

/** Runs a parsed command. Never throws. */
export async function runCommand(command: Command, ctx: RunContext, deps: RunDeps): Promise<Reply> {
  const name = createNamer(deps);
  try {
    switch (command.type) {
      case 'dialog':
      case 'help':
        return helpReply();
      case 'handoff':
        return await runHandoff(command, ctx, deps, name);
      case 'status':
        return await runStatus(command.handoffNo, ctx, deps, name);
      case 'history':
        return await runHistory(ctx, deps, name);
      case 'cancel':
      case 'retry':
      case 'return':
      case 'undo':
        return await runOnHandoff(command, ctx, deps, name);
      case 'hr':
        return await runHr(command, deps);
      case 'console': {
        if (!deps.consoleLink) return errorReply('not_supported', { word: 'console' });
        const portalUserId = ctx.speaker.portalUserId;
        if (portalUserId === undefined) return errorReply('speaker_not_linked');
        const link = deps.consoleLink({ tenantId: ctx.tenantId, portalUserId, label: ctx.speaker.label });
        return {
          type: 'text',
          tone: 'info',
          text: NOTICES.consoleLink(toReplyInstant(link.expiresAt, ctx.timeZone).text),
          link: { url: link.url, label: NOTICES.consoleLabel },
        };
      }
      case 'vacation_move':
      case 'vacation_cancel':
        return await runVacationChange(command, ctx, deps, name);
      case 'link': {
        if (!deps.linkPerson) return errorReply('not_supported', { word: 'link' });
        const linked = await deps.linkPerson(command.person, command.portalUserId);
        if (!linked.ok) return errorReply(linked.problem.code, linked.problem);
        return { type: 'text', tone: 'success', text: NOTICES.linked(refText(command.person), command.portalUserId) };
      }
      case 'roles':
      case 'role_set':
      case 'role_remove':
        return await runRoleCommand(command, ctx, deps, name);
      default: {
        const never: never = command;
        return never;
      }
    }
  } catch (error) {
    return thrownReply(error, deps, name, ctx);
  }
}

async function runHandoff(command: HandoffCommand, ctx: RunContext, deps: RunDeps, name: PersonNamer): Promise<Reply> {
  const built = await buildPlan(command, ctx, deps);
  if (!built.ok) return errorReply(built.problem.code, built.problem);
  return previewPlan(built.value.plan, command.previewOnly, ctx, deps, name);
}

async function previewPlan(
  plan: Plan,
  previewOnly: boolean,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  try {
    const preview = await deps.service.preview(plan);
    const kindInfo = await deps.service.listKinds(ctx.tenantId);
    const token = toConfirmToken(plan, ctx.now, deps.confirmSecret);
    const reply = await previewReply({ preview, plan, kindInfo, timeZone: ctx.timeZone, token, previewOnly, name });
    // Someone who may not start it (a colleague covering) may ask the from-user's head or HR instead (issue 12).
    if (deps.approvals && !previewOnly && !(await deps.mayHandOff(ctx.speaker, plan.fromUserId))) {
      return asApprovalRequest(reply, reply.from.name);
    }
    return reply;
  } catch (error) {
    if (isHandoffError(error) && error.code === 'ambiguous_head' && error.details.heads?.length) {
      return chooseHead(plan, error.details.heads, ctx, deps, name);
    }
    if (isHandoffError(error) && error.code === 'receiver_away' && error.details.backup) {
      return offerBackup(plan, error, ctx, deps, name);
    }
    throw error;
  }
}

/** The receiver is away: say so, with a button that previews the same plan handed to their backup instead. */
async function offerBackup(
  plan: Plan,
  error: HandoffError,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const reply = await thrownReply(error, deps, name, ctx);
  const { backup, userId, field } = error.details;
  if (reply.type !== 'error' || !backup || userId === undefined) return reply;
  const instead = withBackup(plan, field ?? 'to', userId as PortalUserId, backup.userId as PortalUserId);
  const label = `Hand to ${backup.name} instead`.slice(0, 75);
  return {
    ...reply,
    actions: [
      action('hand_to_backup', toConfirmToken(instead, ctx.now, deps.confirmSecret), label),
      action('dismiss', ''),
    ],
  };
}

/** The plan with the absent receiver (named directly, or as the head at `field`) replaced by their backup. */
function withBackup(plan: Plan, field: string, awayId: PortalUserId, backupId: PortalUserId): Plan {
  const swap = (target: Plan['to'], atField: boolean): Plan['to'] =>
    (target.type === 'user' && target.userId === awayId) || (atField && target.type === 'head')
      ? { type: 'user', userId: backupId }
      : target;
  const targets = plan.targets
    ? Object.fromEntries(
        Object.entries(plan.targets).map(([kind, target]) => [
          kind,
          target && swap(target, field === `targets.${kind}`),
        ]),
      )
    : undefined;
  return { ...plan, to: swap(plan.to, field === 'to'), ...(targets ? { targets } : {}) };
}

async function chooseHead(
  plan: Plan,
  heads: NonNullable<HandoffErrorDetails['heads']>,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const from = await name(plan.fromUserId);
  return {
    type: 'choose_head',
    text: NOTICES.chooseHead(from.name),
    from,
    heads: await Promise.all(
      heads.map(async (head) => {
        const withHead = withHeadDepartment(plan, head.departmentId);
        const person = await name(head.userId as PortalUserId);
        const label = `${person.name} (${head.departmentName})`.slice(0, 75);
        return {
          departmentId: head.departmentId,
          departmentName: head.departmentName,
          person,
          action: action('choose_head', toConfirmToken(withHead, ctx.now, deps.confirmSecret), label),
        };
      }),
    ),
    actions: [action('dismiss', '')],
  };
}

/** The plan with every head target pinned to one department. */
function withHeadDepartment(plan: Plan, departmentId: number): Plan {
  const pin = <T extends Plan['to']>(target: T): Plan['to'] =>
    target.type === 'head' ? { type: 'head', departmentId } : target;
  const targets = plan.targets
    ? Object.fromEntries(Object.entries(plan.targets).map(([kind, target]) => [kind, target && pin(target)]))
    : undefined;
  return { ...plan, to: pin(plan.to), ...(targets ? { targets } : {}) };
}

/** Runs a button press from any reply. Never throws. */
export async function runAction(request: ReplyActionRequest, ctx: RunContext, deps: RunDeps): Promise<Reply> {
  const name = createNamer(deps);
  try {
    switch (request.id) {
      case 'dismiss':
        return { type: 'text', tone: 'info', text: NOTICES.dismissed };
      case 'start':
      case 'choose_head':
      case 'hand_to_backup':
        return await runConfirmed(request, ctx, deps, name);
      case 'request_approval':
        return await runRequestApproval(request, ctx, deps, name, deps.confirmTtlMs ?? DEFAULT_CONFIRM_TTL_MS);
      case 'approve':
      case 'decline':
        return await runDecision(request, ctx, deps, name);
      case 'status':
      case 'cancel':
      case 'retry':
      case 'return_now':
      case 'undo': {
        const no = parseHandoffNo(request.value);
        if (no === null) return errorReply('bad_handoff_no', { word: request.value });
        if (request.id === 'status') return await statusOf(no, ctx, deps, name);
        const type = request.id === 'return_now' ? 'return' : request.id;
        return await runOnHandoff(
          type === 'cancel' || type === 'retry' ? { type, handoffNo: no } : { type, handoffNo: no, force: false },
          ctx,
          deps,
          name,
        );
      }
      default: {
        const never: never = request.id;
        return never;
      }
    }
  } catch (error) {
    return thrownReply(error, deps, name, ctx);
  }
}

/** Start, choose-head and hand-to-backup: the plan comes from the signed token and is checked again before anything happens. */
async function runConfirmed(
  request: ReplyActionRequest,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const opened = parseConfirmedPlan(request.value, ctx, deps, deps.confirmTtlMs ?? DEFAULT_CONFIRM_TTL_MS);
  if (!opened.ok) return opened.reply;
  const plan: Plan = { ...opened.plan, ...(ctx.origin ? { origin: ctx.origin } : {}) };
  // Rights may have changed since the preview (a head moved departments): ask again.
  const refused = await refusalUnlessAllowed(plan.fromUserId, ctx, deps, name);
  if (refused) return refused;
  const passed = passedInstantReply(plan, ctx);
  if (passed !== null) return passed;
  if (request.id === 'choose_head' || request.id === 'hand_to_backup') return previewPlan(plan, false, ctx, deps, name);

  // The token's signature keys the create: a double click on Start returns the first handoff, not a second one.
  const signature = request.value.slice(request.value.lastIndexOf('.') + 1);
  const { view, created } = await deps.service.create(plan, { idempotencyKey: `confirm:${signature}` });
  const ref = formatHandoffNo(view.handoff.no);
  const notice = !created
    ? NOTICES.alreadyStarted(ref)
    : view.handoff.status === 'scheduled' && plan.when.startAt
      ? NOTICES.scheduled(ref, toReplyInstant(plan.when.startAt, ctx.timeZone).text)
      : NOTICES.started(ref);
  return statusFromView(view, ctx, deps, name, notice);
}
