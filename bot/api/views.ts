/**
 * Domain values → the REST API's read-back JSON (ARCHITECTURE.md: `{ id: "H-3", status, counts, countsByKind,
 * returnAt, … }` and items as `{ kind, itemId, title, originalOwnerId, newOwnerId, status, error? }`).
 * @module
 */
import { formatHandoffNo } from '../../engine/ids.js';
import type { HandoffItem, Preview, ResolvedTarget, StatusCounts, Target, When } from '../../engine/model.js';
import type { HandoffView } from '../../engine/service-types.js';
import type { HandoffOut, ItemOut, PreviewOut } from './response-schemas.js';

type TargetJson = HandoffOut['to'];
type ResolvedJson = HandoffOut['targets'][string];

export function toTargetJson(target: Target): TargetJson {
  switch (target.type) {
    case 'user':
      return { type: 'user', id: target.userId };
    case 'head':
      return target.departmentId === undefined ? { type: 'head' } : { type: 'head', departmentId: target.departmentId };
    case 'department':
      return { type: 'department', id: target.departmentId };
    default: {
      const never: never = target;
      return never;
    }
  }
}

function toResolvedJson(target: ResolvedTarget): ResolvedJson {
  switch (target.type) {
    case 'user':
      return { type: 'user', id: target.userId, via: target.via };
    case 'department':
      return { type: 'department', id: target.departmentId, memberIds: [...target.memberIds] };
    default: {
      const never: never = target;
      return never;
    }
  }
}

function resolvedMap(targets: Readonly<Partial<Record<string, ResolvedTarget>>>): Record<string, ResolvedJson> {
  const out: Record<string, ResolvedJson> = {};
  for (const [kind, target] of Object.entries(targets)) if (target !== undefined) out[kind] = toResolvedJson(target);
  return out;
}

function iso(date: Date | undefined): string | null {
  return date === undefined ? null : date.toISOString();
}

function whenJson(when: When): { mode: 'permanent' | 'temporary'; startAt: string | null; returnAt: string | null } {
  return {
    mode: when.mode,
    startAt: iso(when.startAt),
    returnAt: when.mode === 'temporary' ? when.returnAt.toISOString() : null,
  };
}

export function toHandoffJson({ handoff, counts }: HandoffView): HandoffOut {
  const byKind: Record<string, StatusCounts> = {};
  for (const [kind, c] of Object.entries(counts.byKind)) if (c !== undefined) byKind[kind] = { ...c };
  const { plan } = handoff;
  return {
    id: formatHandoffNo(handoff.no),
    status: handoff.status,
    ...whenJson(plan.when),
    from: { id: plan.fromUserId },
    to: toTargetJson(plan.to),
    targets: resolvedMap(handoff.targets),
    kinds: [...handoff.kinds],
    options: { ...plan.options },
    total: counts.total,
    counts: { ...counts.byStatus },
    countsByKind: byKind,
    createdAt: handoff.createdAt.toISOString(),
    updatedAt: handoff.updatedAt.toISOString(),
    startedAt: iso(handoff.startedAt),
    finishedAt: iso(handoff.finishedAt),
    returnStartedAt: iso(handoff.returnStartedAt),
    returnedAt: iso(handoff.returnedAt),
    cancelRequested: handoff.cancelRequested,
    initiator: plan.initiator.label,
    error: handoff.error ?? null,
  };
}

export function toItemJson(item: HandoffItem): ItemOut {
  return {
    kind: item.kind,
    itemId: item.itemId,
    title: item.title,
    originalOwnerId: item.originalOwnerId,
    newOwnerId: item.newOwnerId,
    status: item.status,
    ...(item.skipReason === undefined ? {} : { skipReason: item.skipReason }),
    ...(item.error === undefined ? {} : { error: item.error }),
  };
}

export function toPreviewJson(preview: Preview): PreviewOut {
  const countsByKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(preview.countsByKind)) if (n !== undefined) countsByKind[kind] = n;
  return {
    from: { id: preview.plan.fromUserId },
    ...whenJson(preview.plan.when),
    dryRun: preview.plan.options.dryRun,
    kinds: [...preview.kinds],
    targets: resolvedMap(preview.targets),
    countsByKind,
    countsByTarget: preview.countsByTarget.map((t) => ({ kind: t.kind, userId: t.userId, count: t.count })),
    total: preview.total,
  };
}
