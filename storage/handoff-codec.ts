/**
 * Zod codecs between the engine's plan/targets and the JSON the stores persist: Dates travel as ISO strings and come
 * back as Dates, branded ids are restored on the way in, and a corrupt row fails loudly instead of leaking through.
 * @module
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, RELATIONS } from '../engine/documents.js';
import { PortalUserId, TenantId } from '../engine/ids.js';
import { EntityKindSchema, isEntityKind } from '../engine/kinds.js';
import type { Handoff, Plan } from '../engine/model.js';

/** A Date in memory, an ISO-8601 instant (millisecond precision, UTC) at rest. */
const IsoDate = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

const KindKey = z.string().refine(isEntityKind, { message: 'unknown entity kind' });

/** A stored Target (engine/model.ts); vacations' backups extend it with a role (storage/vacation-store.ts). */
export const TargetJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: PortalUserId }),
  z.object({ type: z.literal('head'), departmentId: z.number().int().exactOptional() }),
  z.object({ type: z.literal('department'), departmentId: z.number().int() }),
]);

const WhenJson = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('permanent'), startAt: IsoDate.exactOptional() }),
  z.object({ mode: z.literal('temporary'), startAt: IsoDate.exactOptional(), returnAt: IsoDate }),
]);

const SURFACES = ['slack', 'bitrix24', 'api', 'cli', 'console', 'robot'] as const;

/** The plan as stored. */
export const PlanJson = z.object({
  tenantId: TenantId,
  initiator: z.object({ portalUserId: PortalUserId.exactOptional(), label: z.string() }),
  fromUserId: PortalUserId,
  to: TargetJson,
  targets: z.record(KindKey, TargetJson).exactOptional(),
  kinds: z.array(EntityKindSchema).exactOptional(),
  when: WhenJson,
  options: z.object({
    allItems: z.boolean(),
    dryRun: z.boolean(),
    forceReturn: z.boolean(),
    notify: z.boolean(),
    sweep: z.boolean(),
  }),
  origin: z
    .object({ surface: z.enum(SURFACES), ref: z.record(z.string(), z.string()).exactOptional() })
    .exactOptional(),
  source: z
    .object({
      type: z.literal('robot'),
      document: z.object({ kind: z.enum(DOCUMENT_KINDS), itemId: z.number().int().positive() }),
      includeDocument: z.boolean(),
      relations: z.array(z.enum(RELATIONS)),
      receiver: z.discriminatedUnion('type', [
        z.object({ type: z.literal('user'), userId: PortalUserId }),
        z.object({ type: z.literal('role'), name: z.string() }),
      ]),
      saveHistory: z.boolean(),
    })
    .exactOptional(),
});

const ResolvedTargetJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: PortalUserId, via: z.enum(['user', 'head']) }),
  z.object({ type: z.literal('department'), departmentId: z.number().int(), memberIds: z.array(PortalUserId) }),
]);

/** The resolved targets per kind as stored. */
export const TargetsJson = z.record(KindKey, ResolvedTargetJson);

export const KindsJson = z.array(EntityKindSchema);

/** Surface state: opaque strings per surface key. */
export const SurfaceStateJson = z.record(z.string(), z.string());

/** Plan → JSON-safe object (Dates as ISO strings). */
export function encodePlan(plan: Plan): z.input<typeof PlanJson> {
  return z.encode(PlanJson, plan as z.output<typeof PlanJson>);
}

/** Stored JSON → Plan with Dates and branded ids; throws when the stored value is not a plan (corruption). */
export function decodePlan(json: unknown): Plan {
  return PlanJson.decode(json as z.input<typeof PlanJson>) satisfies Plan;
}

export function encodeTargets(targets: Handoff['targets']): z.input<typeof TargetsJson> {
  return z.encode(TargetsJson, targets as z.output<typeof TargetsJson>);
}

export function decodeTargets(json: unknown): Handoff['targets'] {
  return TargetsJson.decode(json as z.input<typeof TargetsJson>) satisfies Handoff['targets'];
}

export function decodeKinds(json: unknown): Handoff['kinds'] {
  return KindsJson.parse(json);
}

export function decodeSurfaceState(json: unknown): Readonly<Record<string, string>> {
  return SurfaceStateJson.parse(json);
}
