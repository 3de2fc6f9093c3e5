/**
 * Turns a finished dialog draft into the engine's Plan, and the engine's Preview into the Review card's content
 * (counts per kind and receiver, names from the portal).
 * @module
 */
import { previewReply } from '../../../commands/render-replies.js';
import { type PortalUserId, type TenantId, toPortalUserId } from '../../../engine/ids.js';
import { type EntityKind, isEntityKind, type KindInfo, moduleOf } from '../../../engine/kinds.js';
import type { Plan, Preview, Target } from '../../../engine/model.js';
import type { WorkSystem } from '../../../engine/ports.js';
import { renderReply } from '../render/reply.js';
import type { Draft, DraftTarget } from './draft.js';
import type { ReviewContent } from './views.js';

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

/**
 * The Review card's content: the same PreviewReply the text path shows (commands/render-replies.ts), rendered
 * without its buttons (the modal's Start submits instead).
 */
export async function toReviewContent(
  preview: Preview,
  plan: Plan,
  draft: Draft,
  kinds: readonly KindInfo[],
  workSystem: WorkSystem,
): Promise<ReviewContent> {
  const reply = await previewReply({
    preview,
    plan,
    kindInfo: kinds,
    timeZone: draft.timeZone,
    token: '',
    previewOnly: false,
    name: async (id) => ({ name: (await workSystem.getUser(id))?.name ?? `user #${id}`, portalUserId: id }),
  });
  return { blocks: renderReply(reply).blocks.filter((b) => b.type !== 'actions'), total: reply.total };
}
