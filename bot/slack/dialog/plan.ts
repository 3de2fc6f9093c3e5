/**
 * Turns a finished dialog draft into the engine's Plan, and the engine's Preview into the Review card's lines
 * (counts per kind and receiver, names from the portal).
 * @module
 */
import { formatInstant } from '../../../commands/time-zone.js';
import { type PortalUserId, type TenantId, toPortalUserId } from '../../../engine/ids.js';
import { type EntityKind, isEntityKind, type KindInfo, moduleOf } from '../../../engine/kinds.js';
import type { Plan, Preview, Target } from '../../../engine/model.js';
import type { WorkSystem } from '../../../engine/ports.js';
import type { Draft, DraftTarget } from './draft.js';
import type { ReviewLines } from './views.js';

function toTarget(target: DraftTarget): Target {
  switch (target.type) {
    case 'user':
      return { type: 'user', userId: toPortalUserId(target.portalUserId) };
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

export interface PlanContext {
  readonly tenantId: TenantId;
  readonly initiator: { readonly portalUserId: PortalUserId; readonly label: string };
}

/** The plan of a draft that went through Who, When and What. Null when a step is missing. */
export function toPlanFromDraft(draft: Draft, ctx: PlanContext): Plan | null {
  if (draft.from === undefined || draft.to === undefined) return null;
  const kinds = (draft.kinds ?? []).filter(isEntityKind);
  const targets: Partial<Record<EntityKind, Target>> = {};
  for (const kind of kinds) {
    const override = draft.overrides[moduleOf(kind)];
    if (override !== undefined) targets[kind] = toTarget(override);
  }
  const startAt = draft.startAt === undefined ? undefined : new Date(draft.startAt);
  return {
    tenantId: ctx.tenantId,
    initiator: ctx.initiator,
    fromUserId: toPortalUserId(draft.from.portalUserId),
    to: toTarget(draft.to),
    ...(Object.keys(targets).length > 0 ? { targets } : {}),
    ...(kinds.length > 0 ? { kinds } : {}),
    when:
      draft.returnAt === undefined
        ? { mode: 'permanent', ...(startAt === undefined ? {} : { startAt }) }
        : { mode: 'temporary', returnAt: new Date(draft.returnAt), ...(startAt === undefined ? {} : { startAt }) },
    options: {
      allItems: draft.allItems,
      dryRun: draft.dryRun,
      forceReturn: draft.forceReturn,
      notify: draft.notify,
      sweep: draft.returnAt !== undefined,
    },
    origin: {
      surface: 'slack',
      ref: {
        teamId: draft.teamId,
        userId: draft.userId,
        ...(draft.channelId === undefined ? {} : { channelId: draft.channelId }),
      },
    },
  };
}

/** Review lines: "Deals: 12 → Bob Smith", one line per kind and receiver. */
export async function toReviewLines(
  preview: Preview,
  draft: Draft,
  kinds: readonly KindInfo[],
  workSystem: WorkSystem,
): Promise<ReviewLines> {
  const labels = new Map(kinds.map((k) => [k.kind as string, k.label]));
  const names = new Map<number, string>();
  const ids = new Set<number>([preview.plan.fromUserId, ...preview.countsByTarget.map((c) => c.userId)]);
  for (const id of ids) names.set(id, (await workSystem.getUser(toPortalUserId(id)))?.name ?? `user #${id}`);
  const lines: string[] = [];
  for (const kind of preview.kinds) {
    const label = labels.get(kind) ?? kind;
    const total = preview.countsByKind[kind] ?? 0;
    const perTarget = preview.countsByTarget.filter((c) => c.kind === kind && c.count > 0);
    const receivers = perTarget.map((c) =>
      `${names.get(c.userId)} ${perTarget.length > 1 ? `(${c.count})` : ''}`.trim(),
    );
    lines.push(`*${label}*: ${total}${receivers.length > 0 ? ` → ${receivers.join(', ')}` : ''}`);
  }
  const fromName = names.get(preview.plan.fromUserId) ?? 'them';
  const when =
    draft.returnAt === undefined ? 'for good' : `until ${formatInstant(new Date(draft.returnAt), draft.timeZone)}`;
  const start = draft.startAt === undefined ? 'now' : `from ${formatInstant(new Date(draft.startAt), draft.timeZone)}`;
  const notes: string[] = [];
  if (preview.total === 0) notes.push('Nothing to move: there is no Start button.');
  if (draft.returnAt !== undefined)
    notes.push('Items someone changes by hand meanwhile stay with them on return, unless you force the return.');
  return {
    summary: `Move ${preview.total} items of *${fromName}* ${start}, ${when}.`,
    lines,
    total: preview.total,
    notes,
  };
}
