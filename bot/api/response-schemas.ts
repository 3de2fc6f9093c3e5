/**
 * Response schemas of the REST API: what views.ts writes, written out in openapi.json and checked by the tests
 * against real answers, so the document and the answers cannot drift apart.
 * @module
 */
import { z } from 'zod';
import { HANDOFF_STATUSES, ITEM_STATUSES } from '../../engine/model.js';

const Instant = z.iso.datetime().meta({ description: 'ISO 8601 instant in UTC.' });
const NullableInstant = Instant.nullable();

export const StatusCountsOut = z
  .strictObject(
    Object.fromEntries(ITEM_STATUSES.map((s) => [s, z.number().int().min(0)])) as Record<
      (typeof ITEM_STATUSES)[number],
      z.ZodNumber
    >,
  )
  .meta({ description: 'Items per status.' });

const Name = z.string().meta({ description: "The portal's name for them; absent when the portal could not tell." });
const Email = z.string().meta({ description: 'Their e-mail in the portal, when known.' });
const DepartmentName = z.string().meta({ description: 'The department name, when the portal could tell.' });

/** A person by portal user id, with their name and e-mail when the portal could tell (added fields, optional). */
export const PersonOut = z
  .strictObject({ id: z.number().int(), name: Name.optional(), email: Email.optional() })
  .meta({ description: 'A portal user. `name` and `email` are looked up for reading; absent when unknown.' });
export type PersonOut = z.infer<typeof PersonOut>;

/** A target as the plan asked for it. */
export const TargetOut = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), id: z.number().int(), name: Name.optional(), email: Email.optional() }),
  z.strictObject({
    type: z.literal('head'),
    departmentId: z.number().int().optional(),
    departmentName: DepartmentName.optional(),
  }),
  z.strictObject({ type: z.literal('department'), id: z.number().int(), name: DepartmentName.optional() }),
]);

/** A target after the directory was asked: concrete people. */
export const ResolvedTargetOut = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('user'),
    id: z.number().int(),
    via: z.enum(['user', 'head']),
    name: Name.optional(),
    email: Email.optional(),
  }),
  z.strictObject({
    type: z.literal('department'),
    id: z.number().int(),
    memberIds: z.array(z.number().int()),
    name: DepartmentName.optional(),
    members: z
      .array(PersonOut)
      .optional()
      .meta({ description: 'The receivers (memberIds, in the same order), with their names when known.' }),
  }),
]);

/** Where a robot handoff came from (the robot "Change Related Responsible", issue 10). */
export const RobotSourceOut = z.strictObject({
  type: z.literal('robot'),
  document: z.strictObject({ kind: z.enum(['deals', 'leads']), id: z.number().int() }),
  includeDocument: z.boolean(),
  relations: z.array(z.enum(['activities', 'tasks', 'contacts', 'company', 'quotes', 'invoices'])),
  role: z.string().optional().meta({ description: 'The role the receiver was resolved from, when one was named.' }),
});

export const HandoffOut = z.strictObject({
  id: z.string().meta({ description: 'H-<n>, numbered per tenant.' }),
  status: z.enum(HANDOFF_STATUSES),
  mode: z.enum(['permanent', 'temporary']),
  from: PersonOut,
  to: TargetOut,
  targets: z.record(z.string(), ResolvedTargetOut).meta({ description: 'The receivers per kind.' }),
  kinds: z.array(z.string()),
  options: z.strictObject({
    allItems: z.boolean(),
    dryRun: z.boolean(),
    forceReturn: z.boolean(),
    notify: z.boolean(),
    sweep: z.boolean(),
  }),
  total: z.number().int().min(0),
  counts: StatusCountsOut,
  countsByKind: z.record(z.string(), StatusCountsOut),
  startAt: NullableInstant.meta({ description: 'The asked-for future start, if any.' }),
  returnAt: NullableInstant.meta({ description: 'When a temporary handoff returns; null when permanent.' }),
  createdAt: Instant,
  updatedAt: Instant,
  startedAt: NullableInstant,
  finishedAt: NullableInstant,
  returnStartedAt: NullableInstant,
  returnedAt: NullableInstant,
  cancelRequested: z.boolean(),
  initiator: z.string().meta({ description: 'Who started it, as a label for the audit trail, e.g. "api-key:hr".' }),
  initiatorUser: PersonOut.optional().meta({ description: "The initiator's portal user, when the surface knew it." }),
  error: z.string().nullable().meta({ description: 'Why the whole handoff failed, if it did.' }),
  source: RobotSourceOut.optional().meta({
    description: 'A robot handoff only: the deal or lead it came from and the related records its toggles chose.',
  }),
  waiting: z
    .array(
      z.strictObject({
        kind: z.string(),
        count: z.number().int().min(1),
        waitingFor: z.string().meta({ description: 'The later handoff (H-n) that holds these items.' }),
        holder: PersonOut.meta({ description: 'Who has them until that handoff ends.' }),
      }),
    )
    .optional()
    .meta({
      description:
        'Once the return has begun: lent items (counted as moved) that a later handoff still holds for someone who is away; they come home when that one ends.',
    }),
});
export type HandoffOut = z.infer<typeof HandoffOut>;

export const HandoffListOut = z.strictObject({ handoffs: z.array(HandoffOut), nextCursor: z.string().nullable() });
export type HandoffListOut = z.infer<typeof HandoffListOut>;

export const ItemOut = z.strictObject({
  kind: z.string(),
  itemId: z.number().int(),
  title: z.string(),
  originalOwnerId: z.number().int(),
  newOwnerId: z.number().int(),
  status: z.enum(ITEM_STATUSES),
  skipReason: z.enum(['already_with_target', 'dry_run', 'changed_since', 'closed']).optional(),
  error: z.string().optional(),
  currentOwnerId: z.number().int().optional().meta({
    description:
      'Who held the item when the return found it elsewhere: kept items (changed by hand), and lent items waiting on a later handoff (waitingFor).',
  }),
  via: z.string().optional().meta({
    description: 'The ledger: the earlier handoff (H-n) the from-user held this item through (lent or given).',
  }),
  waitingFor: z.string().optional().meta({
    description:
      'The ledger: a later handoff (H-n) still holds this lent item for someone who is away; it comes home when that one ends.',
  }),
});
export type ItemOut = z.infer<typeof ItemOut>;

export const ItemPageOut = z.strictObject({ items: z.array(ItemOut), nextCursor: z.string().nullable() });
export type ItemPageOut = z.infer<typeof ItemPageOut>;

export const PreviewOut = z.strictObject({
  from: PersonOut,
  mode: z.enum(['permanent', 'temporary']),
  startAt: NullableInstant,
  returnAt: NullableInstant,
  dryRun: z.boolean(),
  kinds: z.array(z.string()),
  targets: z.record(z.string(), ResolvedTargetOut),
  countsByKind: z.record(z.string(), z.number().int().min(0)).meta({ description: 'Items that would move, per kind.' }),
  countsByTarget: z
    .array(
      z.strictObject({
        kind: z.string(),
        userId: z.number().int(),
        name: Name.optional(),
        count: z.number().int().min(0),
      }),
    )
    .meta({ description: 'Items each receiver would get, per kind.' }),
  total: z.number().int().min(0),
});
export type PreviewOut = z.infer<typeof PreviewOut>;

export const KindListOut = z.strictObject({ kinds: z.array(z.strictObject({ kind: z.string(), label: z.string() })) });
export type KindListOut = z.infer<typeof KindListOut>;

export const ErrorOut = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'A stable code, e.g. invalid_input, same_person, already_running.' }),
    message: z.string().meta({ description: 'One sentence naming the problem.' }),
    field: z.string().optional().meta({ description: 'The input at fault, e.g. from.email or returnAt.' }),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    handoff: z.string().optional().meta({ description: 'The H-<n> concerned, e.g. the one already running.' }),
    heads: z
      .array(
        z.strictObject({
          departmentId: z.number(),
          departmentName: z.string(),
          userId: z.number(),
          name: z.string(),
        }),
      )
      .optional()
      .meta({ description: "ambiguous_head: the heads to choose from; send to: { type: 'head', departmentId }." }),
    backup: z.strictObject({ id: z.number(), name: z.string() }).optional().meta({
      description:
        "receiver_away: who covers for the absent receiver; send the same request with to: { type: 'user', id }.",
    }),
    until: z.string().optional().meta({ description: 'receiver_away: when the absent receiver is back (ISO 8601).' }),
  }),
});
