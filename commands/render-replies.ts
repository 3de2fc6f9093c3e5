/**
 * Engine views (Preview, HandoffView) → reply models, with people named and instants echoed in the speaker's zone.
 * @module
 */
import { formatHandoffNo, type PortalUserId } from '../engine/ids.js';
import { type EntityKind, isStaticKind, type KindInfo, staticKindLabel } from '../engine/kinds.js';
import type { Handoff, HandoffItem, Plan, Preview, Target } from '../engine/model.js';
import type { HandoffView } from '../engine/service-types.js';
import { toReplyInstant } from './dates.js';
import { statusWords } from './messages.js';
import { action, NOTES, NOTICES, previewSummary } from './notices.js';
import type {
  PreviewReply,
  ReplyAction,
  ReplyHandoff,
  ReplyKindCount,
  ReplyPerson,
  ReplyTarget,
  StatusReply,
} from './reply.js';

/** Names people for replies; asks the surface once per id. */
export type PersonNamer = (id: PortalUserId) => Promise<ReplyPerson>;

export function kindLabel(kind: EntityKind, info: readonly KindInfo[]): string {
  return info.find((k) => k.kind === kind)?.label ?? (isStaticKind(kind) ? staticKindLabel(kind) : kind);
}

async function replyTarget(target: Target, name: PersonNamer): Promise<ReplyTarget> {
  switch (target.type) {
    case 'user':
      return { type: 'user', person: await name(target.userId) };
    case 'head':
      return { type: 'head' };
    case 'department':
      return { type: 'department', departmentId: target.departmentId };
    default: {
      const never: never = target;
      return never;
    }
  }
}

/** Names the head the engine resolved, so the preview says who it is rather than "Anna's head". */
async function withResolvedHead(target: ReplyTarget, preview: Preview, name: PersonNamer): Promise<ReplyTarget> {
  if (target.type !== 'head') return target;
  const resolved = Object.values(preview.targets).find((t) => t?.type === 'user' && t.via === 'head');
  return resolved?.type === 'user' ? { type: 'head', person: await name(resolved.userId) } : target;
}

export function targetText(target: ReplyTarget, fromName: string): string {
  switch (target.type) {
    case 'user':
      return target.person.name;
    case 'head':
      return target.person?.name ?? NOTICES.headOf(fromName);
    case 'department':
      return NOTICES.department(target.name, target.departmentId);
    default: {
      const never: never = target;
      return never;
    }
  }
}

export interface PreviewFacts {
  readonly preview: Preview;
  readonly plan: Plan;
  readonly kindInfo: readonly KindInfo[];
  readonly timeZone: string;
  readonly token: string;
  readonly previewOnly: boolean;
  readonly name: PersonNamer;
}

export async function previewReply(f: PreviewFacts): Promise<PreviewReply> {
  const { preview, plan } = f;
  const from = await f.name(plan.fromUserId);
  const to = await withResolvedHead(await replyTarget(plan.to, f.name), preview, f.name);
  const overrides = await Promise.all(
    Object.entries(plan.targets ?? {}).map(async ([kind, target]) => ({
      kind: kind as EntityKind,
      label: kindLabel(kind as EntityKind, f.kindInfo),
      target: await replyTarget(target as Target, f.name),
    })),
  );
  const kinds: ReplyKindCount[] = preview.kinds.map((kind) => ({
    kind,
    label: kindLabel(kind, f.kindInfo),
    count: preview.countsByKind[kind] ?? 0,
  }));
  const byUser = new Map<PortalUserId, ReplyKindCount[]>();
  for (const row of preview.countsByTarget) {
    const list = byUser.get(row.userId) ?? [];
    list.push({ kind: row.kind, label: kindLabel(row.kind, f.kindInfo), count: row.count });
    byUser.set(row.userId, list);
  }
  const receivers = await Promise.all(
    [...byUser].map(async ([userId, list]) => ({
      person: await f.name(userId),
      total: list.reduce((sum, k) => sum + k.count, 0),
      kinds: list,
    })),
  );
  const startAt = plan.when.startAt ? toReplyInstant(plan.when.startAt, f.timeZone) : undefined;
  const returnAt = plan.when.mode === 'temporary' ? toReplyInstant(plan.when.returnAt, f.timeZone) : undefined;
  const notes: string[] = [];
  if (preview.total === 0) notes.push(NOTES.nothingToMove);
  if (plan.options.dryRun) notes.push(NOTES.dryRun);
  if (!plan.options.notify) notes.push(NOTES.quiet);
  if (plan.options.forceReturn) notes.push(NOTES.forceReturn);
  if (startAt) notes.push(NOTES.scheduled(startAt.text));
  if (f.previewOnly) notes.push(NOTES.previewOnly);
  const actions: ReplyAction[] = [];
  if (!f.previewOnly && preview.total > 0) actions.push(action('start', f.token));
  actions.push(action('dismiss', ''));

  return {
    type: 'preview',
    summary: previewSummary({
      fromName: from.name,
      toText: targetText(to, from.name),
      kinds: plan.kinds ? plan.kinds.map((k) => kindLabel(k, f.kindInfo).toLowerCase()) : [],
      allItems: plan.options.allItems,
      dryRun: plan.options.dryRun,
      ...(startAt ? { startText: startAt.text } : {}),
      ...(returnAt ? { returnText: returnAt.text } : {}),
    }),
    from,
    to,
    overrides,
    mode: plan.when.mode,
    ...(startAt ? { startAt } : {}),
    ...(returnAt ? { returnAt } : {}),
    kinds,
    receivers,
    total: preview.total,
    options: {
      dryRun: plan.options.dryRun,
      forceReturn: plan.options.forceReturn,
      allItems: plan.options.allItems,
      notify: plan.options.notify,
    },
    notes,
    actions,
  };
}

export async function replyHandoff(view: HandoffView, timeZone: string, name: PersonNamer): Promise<ReplyHandoff> {
  const { handoff, counts } = view;
  const plan = handoff.plan;
  const from = await name(plan.fromUserId);
  const to = await replyTarget(plan.to, name);
  const returnAt = plan.when.mode === 'temporary' ? toReplyInstant(plan.when.returnAt, timeZone) : undefined;
  const startAt = plan.when.startAt ? toReplyInstant(plan.when.startAt, timeZone) : undefined;
  // A handoff started now is `scheduled` until its job picks it up (a moment): "starting", not "scheduled", which
  // would contradict the "H-6 has started." beside it.
  const statusText =
    handoff.status === 'return_scheduled' && returnAt
      ? `returns ${returnAt.text}`
      : handoff.status === 'scheduled' && !startAt
        ? 'starting'
        : statusWords(handoff.status);
  return {
    no: handoff.no,
    ref: formatHandoffNo(handoff.no),
    status: handoff.status,
    statusText: handoff.cancelRequested && handoff.status === 'running' ? `${statusText}, stopping` : statusText,
    from,
    toText: targetText(to, from.name),
    mode: plan.when.mode,
    dryRun: plan.options.dryRun,
    createdAt: toReplyInstant(handoff.createdAt, timeZone),
    ...(startAt ? { startAt } : {}),
    ...(returnAt ? { returnAt } : {}),
    total: counts.total,
    done: counts.total - counts.byStatus.pending,
    ...(handoff.error ? { error: handoff.error } : {}),
  };
}

function returnBegun(handoff: Handoff): boolean {
  return handoff.returnStartedAt !== undefined || handoff.status === 'returning' || handoff.status === 'returned';
}

/** The buttons a handoff's state allows. */
export function allowedActions(handoff: Handoff, view: HandoffView): ReplyAction[] {
  const ref = formatHandoffNo(handoff.no);
  const s = handoff.status;
  const actions: ReplyAction[] = [];
  if ((s === 'scheduled' || s === 'running') && !handoff.cancelRequested) actions.push(action('cancel', ref));
  const finished = s === 'completed' || s === 'completed_with_errors' || s === 'failed' || s === 'cancelled';
  if ((finished || s === 'return_scheduled') && view.counts.byStatus.failed > 0 && s !== 'cancelled') {
    actions.push(action('retry', ref));
  }
  if (s === 'return_scheduled') actions.push(action('return_now', ref));
  const moved = view.counts.byStatus.moved > 0;
  if (finished && moved && !handoff.plan.options.dryRun) actions.push(action('undo', ref));
  return actions;
}

export async function statusReply(
  view: HandoffView,
  failures: readonly HandoffItem[],
  kindInfo: readonly KindInfo[],
  timeZone: string,
  name: PersonNamer,
): Promise<StatusReply> {
  return {
    type: 'status',
    handoff: await replyHandoff(view, timeZone, name),
    counts: view.counts.byStatus,
    byKind: await Promise.all(
      Object.entries(view.counts.byKind).map(async ([kind, counts]) => {
        const waiting = await Promise.all(
          (view.waiting ?? [])
            .filter((w) => w.kind === kind)
            .map(async (w) => ({
              count: w.count,
              handoffRef: formatHandoffNo(w.onwardHandoffNo),
              holder: await name(w.holderId),
            })),
        );
        return {
          kind: kind as EntityKind,
          label: kindLabel(kind as EntityKind, kindInfo),
          counts: counts ?? view.counts.byStatus,
          ...(waiting.length > 0 ? { waiting } : {}),
        };
      }),
    ),
    ...(returnBegun(view.handoff) ? { returnBegun: true } : {}),
    failures: failures.map((item) => ({
      kind: item.kind,
      itemId: item.itemId,
      title: item.title,
      error: item.error ?? 'failed',
    })),
    actions: allowedActions(view.handoff, view),
  };
}
