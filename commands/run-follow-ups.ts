/**
 * Shared pieces of run.ts: error replies, person naming, and the follow-up commands on an existing handoff
 * (status, history, cancel, retry, return, undo).
 * @module
 */

import { isHandoffError, isPortalError, isStoreError } from '../engine/errors.js';
import { formatHandoffNo, type PortalUserId } from '../engine/ids.js';
import { ACTIVE_STATUSES } from '../engine/model.js';
import type { Actor, HandoffView } from '../engine/service-types.js';
import type { Command } from './command.js';
import { toReplyInstant } from './dates.js';
import { type MessageCode, type MessageFacts, messageFor } from './messages.js';
import { NOTICES } from './notices.js';
import { type PersonNamer, replyHandoff, statusReply } from './render-replies.js';
import type { ErrorReply, Reply, ReplyPerson } from './reply.js';
import type { RunContext, RunDeps } from './run-context.js';

const HISTORY_LIMIT = 10;
const FAILURES_SHOWN = 5;

export function errorReply(code: MessageCode, facts: MessageFacts = {}): ErrorReply {
  return {
    type: 'error',
    code,
    text: messageFor(code, facts),
    ...(facts.word !== undefined ? { word: facts.word } : {}),
  };
}

/**
 * `not_allowed` (naming the from-user) unless the speaker may hand off the from-user's work; null when they may.
 * Every command that changes someone's handoff asks it, so none checks less.
 */
export async function refusalUnlessAllowed(
  fromUserId: PortalUserId,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<ErrorReply | null> {
  if (await deps.mayHandOff(ctx.speaker, fromUserId)) return null;
  return errorReply('not_allowed', { personName: (await name(fromUserId)).name });
}

export function createNamer(deps: RunDeps): PersonNamer {
  const cache = new Map<PortalUserId, Promise<ReplyPerson>>();
  return (id) => {
    let person = cache.get(id);
    if (!person) {
      const fallback: ReplyPerson = { name: NOTICES.userFallback(id), portalUserId: id };
      person = (deps.describePerson?.(id) ?? Promise.resolve(fallback)).catch(() => fallback);
      cache.set(id, person);
    }
    return person;
  };
}

/** Turns anything thrown by the engine into a reply: domain codes get their sentence, the rest is logged. */
export async function thrownReply(error: unknown, deps: RunDeps, name: PersonNamer, ctx: RunContext): Promise<Reply> {
  if (isHandoffError(error)) {
    const userId = error.details.userId;
    const personName = userId !== undefined ? (await name(userId as PortalUserId)).name : undefined;
    // An instant in the speaker's time zone (receiver_away's return).
    const until = error.details.until === undefined ? undefined : new Date(error.details.until);
    const expected = until && !Number.isNaN(until.getTime()) ? toReplyInstant(until, ctx.timeZone).text : undefined;
    return errorReply(error.code, {
      details: error.details,
      ...(personName ? { personName } : {}),
      ...(expected ? { expected } : {}),
    });
  }
  if (isPortalError(error)) {
    deps.logger?.warn({ err: error, tenantId: ctx.tenantId, code: error.code }, 'portal failed during a command');
    return errorReply('portal_error');
  }
  if (isStoreError(error)) {
    deps.logger?.error({ err: error, tenantId: ctx.tenantId, code: error.code }, 'database failed during a command');
    return errorReply('storage_unavailable');
  }
  deps.logger?.error({ err: error, tenantId: ctx.tenantId }, 'command failed');
  return errorReply('internal_error');
}

export function actor(ctx: RunContext): Actor {
  return {
    label: ctx.speaker.label,
    ...(ctx.speaker.portalUserId !== undefined ? { portalUserId: ctx.speaker.portalUserId } : {}),
  };
}

export async function statusOf(
  no: number,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
  notice?: string,
): Promise<Reply> {
  const view = await deps.service.get(ctx.tenantId, no);
  return statusFromView(view, ctx, deps, name, notice);
}

export async function statusFromView(
  view: HandoffView,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
  notice?: string,
): Promise<Reply> {
  const no = view.handoff.no;
  const failures =
    view.counts.byStatus.failed > 0
      ? await deps.service.items(ctx.tenantId, no, { statuses: ['failed'], limit: FAILURES_SHOWN })
      : [];
  const needsLabels = Object.keys(view.counts.byKind).some((kind) => kind.startsWith('spa:'));
  const kindInfo = needsLabels ? await deps.service.listKinds(ctx.tenantId) : [];
  const reply = await statusReply(view, failures, kindInfo, ctx.timeZone, name);
  return notice ? { ...reply, notice } : reply;
}

export async function runStatus(
  no: number | undefined,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  if (no !== undefined) return statusOf(no, ctx, deps, name);
  const active = await deps.service.list(ctx.tenantId, {
    statuses: ACTIVE_STATUSES,
    limit: 5,
    ...(ctx.speaker.portalUserId !== undefined ? { involvingUserId: ctx.speaker.portalUserId } : {}),
  });
  const [only] = active;
  if (!only) return { type: 'text', tone: 'info', text: NOTICES.noActive };
  if (active.length === 1) return statusFromView(only, ctx, deps, name);
  return {
    type: 'history',
    title: NOTICES.activeTitle,
    handoffs: await Promise.all(active.map((view) => replyHandoff(view, ctx.timeZone, name))),
    more: false,
  };
}

export async function runHistory(ctx: RunContext, deps: RunDeps, name: PersonNamer): Promise<Reply> {
  const views = await deps.service.list(ctx.tenantId, {
    limit: HISTORY_LIMIT + 1,
    ...(ctx.speaker.portalUserId !== undefined ? { involvingUserId: ctx.speaker.portalUserId } : {}),
  });
  if (views.length === 0) {
    const text = ctx.speaker.portalUserId !== undefined ? NOTICES.noHistoryOfYours : NOTICES.noHistory;
    return { type: 'text', tone: 'info', text };
  }
  const shown = views.slice(0, HISTORY_LIMIT);
  return {
    type: 'history',
    title: NOTICES.historyTitle,
    handoffs: await Promise.all(shown.map((view) => replyHandoff(view, ctx.timeZone, name))),
    more: views.length > HISTORY_LIMIT,
  };
}

export type OnHandoff = Extract<Command, { type: 'cancel' | 'retry' | 'return' | 'undo' }>;

export async function runOnHandoff(
  command: OnHandoff,
  ctx: RunContext,
  deps: RunDeps,
  name: PersonNamer,
): Promise<Reply> {
  const current = await deps.service.get(ctx.tenantId, command.handoffNo);
  const refused = await refusalUnlessAllowed(current.handoff.plan.fromUserId, ctx, deps, name);
  if (refused) return refused;
  const ref = formatHandoffNo(command.handoffNo);
  const { tenantId } = ctx;
  const who = actor(ctx);
  switch (command.type) {
    case 'cancel': {
      const view = await deps.service.cancel(tenantId, command.handoffNo, who);
      const notice = view.handoff.status === 'cancelled' ? NOTICES.cancelled(ref) : NOTICES.cancelRequested(ref);
      return statusFromView(view, ctx, deps, name, notice);
    }
    case 'retry':
      return statusFromView(
        await deps.service.retry(tenantId, command.handoffNo, who),
        ctx,
        deps,
        name,
        NOTICES.retrying(ref),
      );
    case 'return':
      return statusFromView(
        await deps.service.returnNow(tenantId, command.handoffNo, who, { force: command.force }),
        ctx,
        deps,
        name,
        NOTICES.returning(ref),
      );
    case 'undo':
      return statusFromView(
        await deps.service.undo(tenantId, command.handoffNo, who, { force: command.force }),
        ctx,
        deps,
        name,
        NOTICES.undoing(ref),
      );
    default: {
      const never: never = command;
      return never;
    }
  }
}
