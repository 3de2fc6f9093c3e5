/**
 * Domain values → the REST API's read-back JSON (ARCHITECTURE.md: `{ id: "H-3", status, counts, countsByKind,
 * returnAt, … }` and items as `{ kind, itemId, title, originalOwnerId, newOwnerId, status, error?, currentOwnerId? }`). People and
 * departments carry their names from a NameBook (people.ts) when known: added, optional fields only.
 * @module
 */
import { formatHandoffNo } from '../../engine/ids.js';
import type {
  HandoffItem,
  Preview,
  ResolvedTarget,
  RobotSource,
  StatusCounts,
  Target,
  When,
} from '../../engine/model.js';
import type { HandoffView } from '../../engine/service-types.js';
import { type NameBook, type NameWants, NO_NAMES } from './people.js';
import type { HandoffOut, ItemOut, PersonOut, PreviewOut } from './response-schemas.js';

type TargetJson = HandoffOut['to'];
type ResolvedJson = HandoffOut['targets'][string];

/** `{ id, name?, email? }`: the id always, the rest when the book knows it. */
export function toPersonJson(id: number, names: NameBook = NO_NAMES): PersonOut {
  const known = names.user(id);
  if (known === undefined) return { id };
  return known.email === undefined ? { id, name: known.name } : { id, name: known.name, email: known.email };
}

function departmentName(id: number | undefined, names: NameBook, field: 'name' | 'departmentName') {
  const name = id === undefined ? undefined : names.department(id);
  return name === undefined ? {} : { [field]: name };
}

export function toTargetJson(target: Target, names: NameBook = NO_NAMES): TargetJson {
  switch (target.type) {
    case 'user':
      return { type: 'user', ...toPersonJson(target.userId, names) };
    case 'head':
      return target.departmentId === undefined
        ? { type: 'head' }
        : {
            type: 'head',
            departmentId: target.departmentId,
            ...departmentName(target.departmentId, names, 'departmentName'),
          };
    case 'department':
      return { type: 'department', id: target.departmentId, ...departmentName(target.departmentId, names, 'name') };
    default: {
      const never: never = target;
      return never;
    }
  }
}

function toResolvedJson(target: ResolvedTarget, names: NameBook): ResolvedJson {
  switch (target.type) {
    case 'user': {
      const { id, ...known } = toPersonJson(target.userId, names);
      return { type: 'user', id, via: target.via, ...known };
    }
    case 'department':
      return {
        type: 'department',
        id: target.departmentId,
        memberIds: [...target.memberIds],
        ...departmentName(target.departmentId, names, 'name'),
        members: target.memberIds.map((id) => toPersonJson(id, names)),
      };
    default: {
      const never: never = target;
      return never;
    }
  }
}

function resolvedMap(
  targets: Readonly<Partial<Record<string, ResolvedTarget>>>,
  names: NameBook,
): Record<string, ResolvedJson> {
  const out: Record<string, ResolvedJson> = {};
  for (const [kind, target] of Object.entries(targets)) {
    if (target !== undefined) out[kind] = toResolvedJson(target, names);
  }
  return out;
}

/** Collects who and what a set of views mentions, for one lookup per answer. */
class Wants implements NameWants {
  readonly users = new Set<number>();
  readonly departments = new Set<number>();
  readonly memberDepartments = new Set<number>();

  target(target: Target): void {
    if (target.type === 'user') this.users.add(target.userId);
    else if (target.type === 'department') this.departments.add(target.departmentId);
    else if (target.departmentId !== undefined) this.departments.add(target.departmentId);
  }

  resolved(targets: Readonly<Partial<Record<string, ResolvedTarget>>>): void {
    for (const target of Object.values(targets)) {
      if (target?.type === 'user') this.users.add(target.userId);
      if (target?.type === 'department') {
        this.departments.add(target.departmentId);
        this.memberDepartments.add(target.departmentId);
        for (const id of target.memberIds) this.users.add(id);
      }
    }
  }
}

/** Who and which departments the read-back of these handoffs names. */
export function namesWantedBy(views: readonly HandoffView[]): NameWants {
  const wants = new Wants();
  for (const { handoff, waiting } of views) {
    wants.users.add(handoff.plan.fromUserId);
    for (const w of waiting ?? []) wants.users.add(w.holderId);
    if (handoff.plan.initiator.portalUserId !== undefined) wants.users.add(handoff.plan.initiator.portalUserId);
    wants.target(handoff.plan.to);
    wants.resolved(handoff.targets);
  }
  return wants;
}

/** Who and which departments the preview names. */
export function namesWantedByPreview(preview: Preview): NameWants {
  const wants = new Wants();
  wants.users.add(preview.plan.fromUserId);
  wants.resolved(preview.targets);
  for (const row of preview.countsByTarget) wants.users.add(row.userId);
  return wants;
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

export function toHandoffJson({ handoff, counts, waiting }: HandoffView, names: NameBook = NO_NAMES): HandoffOut {
  const byKind: Record<string, StatusCounts> = {};
  for (const [kind, c] of Object.entries(counts.byKind)) if (c !== undefined) byKind[kind] = { ...c };
  const { plan } = handoff;
  return {
    id: formatHandoffNo(handoff.no),
    status: handoff.status,
    ...whenJson(plan.when),
    from: toPersonJson(plan.fromUserId, names),
    to: toTargetJson(plan.to, names),
    targets: resolvedMap(handoff.targets, names),
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
    ...(plan.initiator.portalUserId === undefined
      ? {}
      : { initiatorUser: toPersonJson(plan.initiator.portalUserId, names) }),
    error: handoff.error ?? null,
    ...(plan.source ? { source: toSourceJson(plan.source) } : {}),
    ...(waiting === undefined || waiting.length === 0
      ? {}
      : {
          waiting: waiting.map((w) => ({
            kind: w.kind,
            count: w.count,
            waitingFor: formatHandoffNo(w.onwardHandoffNo),
            holder: toPersonJson(w.holderId, names),
          })),
        }),
  };
}

/** A robot handoff's source, without its event token or any other surface reference. */
export function toSourceJson(source: RobotSource): NonNullable<HandoffOut['source']> {
  return {
    type: 'robot',
    document: { kind: source.document.kind, id: source.document.itemId },
    includeDocument: source.includeDocument,
    relations: [...source.relations],
    ...(source.receiver.type === 'role' ? { role: source.receiver.name } : {}),
  };
}

export function toItemJson(item: HandoffItem & { viaHandoffNo?: number; onwardHandoffNo?: number }): ItemOut {
  return {
    kind: item.kind,
    itemId: item.itemId,
    title: item.title,
    originalOwnerId: item.originalOwnerId,
    newOwnerId: item.newOwnerId,
    status: item.status,
    ...(item.skipReason === undefined ? {} : { skipReason: item.skipReason }),
    ...(item.error === undefined ? {} : { error: item.error }),
    ...(item.currentOwnerId === undefined ? {} : { currentOwnerId: item.currentOwnerId }),
    ...(item.viaHandoffNo === undefined ? {} : { via: formatHandoffNo(item.viaHandoffNo) }),
    ...(item.onwardHandoffNo === undefined || item.status !== 'moved'
      ? {}
      : { waitingFor: formatHandoffNo(item.onwardHandoffNo) }),
  };
}

export function toPreviewJson(preview: Preview, names: NameBook = NO_NAMES): PreviewOut {
  const countsByKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(preview.countsByKind)) if (n !== undefined) countsByKind[kind] = n;
  return {
    from: toPersonJson(preview.plan.fromUserId, names),
    ...whenJson(preview.plan.when),
    dryRun: preview.plan.options.dryRun,
    kinds: [...preview.kinds],
    targets: resolvedMap(preview.targets, names),
    countsByKind,
    countsByTarget: preview.countsByTarget.map((t) => {
      const name = names.user(t.userId)?.name;
      return { kind: t.kind, userId: t.userId, ...(name === undefined ? {} : { name }), count: t.count };
    }),
    total: preview.total,
  };
}
