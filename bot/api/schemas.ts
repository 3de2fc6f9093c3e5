/**
 * Request schemas of the REST API (ARCHITECTURE.md, "The plan, as the REST API takes it"). Plain shapes with no
 * transforms, so openapi.ts can write them out with `z.toJSONSchema` and the document cannot drift from the checks.
 * @module
 */
import { z } from 'zod';
import { isSpaKind, STATIC_KINDS } from '../../engine/kinds.js';
import { HANDOFF_STATUSES, ITEM_STATUSES } from '../../engine/model.js';

/** An entity kind: a static kind or `spa:<entityTypeId>` (≥ 128). */
export const KindName = z
  .string()
  .regex(new RegExp(`^(?:${STATIC_KINDS.join('|')}|spa:\\d{3,6})$`), {
    message: `unknown entity kind (expected ${STATIC_KINDS.join(', ')} or spa:<entityTypeId>)`,
  })
  .refine((kind) => !kind.startsWith('spa:') || isSpaKind(kind), { message: 'smart process ids start at 128' })
  .meta({
    description:
      'An entity kind: tasks, activities, leads, deals, contacts, companies, quotes, invoices or spa:<entityTypeId>.',
  });
export type KindName = z.infer<typeof KindName>;

const UserIdField = z.number().int().positive().meta({ description: 'A Bitrix24 portal user id.' });
const EmailField = z.email().max(320).meta({ description: "The portal user's e-mail." });

function oneOfIdOrEmail(value: { id?: number | undefined; email?: string | undefined }, ctx: z.core.$RefinementCtx) {
  if ((value.id === undefined) === (value.email === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give either "id" or "email", not both and not neither' });
  }
}

/** A person named by portal user id or by e-mail. */
export const PersonInput = z
  .strictObject({ id: UserIdField.optional(), email: EmailField.optional() })
  .superRefine(oneOfIdOrEmail)
  .meta({ description: 'A person: { "id": 12 } or { "email": "anna@acme.com" } (exactly one).' });
export type PersonInput = z.infer<typeof PersonInput>;

const UserTarget = z
  .strictObject({ type: z.literal('user'), id: UserIdField.optional(), email: EmailField.optional() })
  .superRefine(oneOfIdOrEmail);
const HeadTarget = z.strictObject({
  type: z.literal('head'),
  departmentId: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Which department head, when the from-user sits in several.' }),
});
const DepartmentTarget = z.strictObject({
  type: z.literal('department'),
  id: z.number().int().positive().meta({ description: 'Department id; its active members share the items evenly.' }),
});

/** Who receives: an employee (by id or e-mail), the from-user's head, or a department. */
export const TargetInput = z.discriminatedUnion('type', [UserTarget, HeadTarget, DepartmentTarget], {
  error: 'expected { "type": "user" | "head" | "department", … }',
});
export type TargetInput = z.infer<typeof TargetInput>;

/** An instant: ISO 8601 with an offset, or a natural-language phrase read in a time zone. */
export const WhenInput = z.union(
  [
    z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 instant, e.g. 2026-12-20T09:00:00Z.' }),
    z.iso.date().meta({
      description:
        "A calendar date, e.g. 2027-01-05: 09:00 that day in the from-user's Bitrix24 time zone (UTC when the profile has none).",
    }),
    z.strictObject({
      phrase: z.string().min(1).max(200).meta({ description: 'e.g. "next monday 9am", "in 2 weeks", "dec 20 9am".' }),
      timeZone: z
        .string()
        .min(1)
        .max(100)
        .meta({ description: 'IANA time zone the phrase is read in, e.g. Europe/Kyiv.' }),
    }),
  ],
  {
    error:
      'expected an ISO 8601 instant such as "2026-12-20T09:00:00Z", a date such as "2027-01-05", or { "phrase": "next monday 9am", "timeZone": "Europe/Kyiv" }',
  },
);
export type WhenInput = z.infer<typeof WhenInput>;

/** The plan a preview or a new handoff takes. */
export const PlanInput = z.strictObject({
  from: PersonInput,
  to: TargetInput,
  targets: z
    .record(KindName, TargetInput)
    .optional()
    .meta({ description: 'Per-kind overrides of "to", e.g. { "tasks": { "type": "user", "id": 56 } }.' }),
  kinds: z
    .array(KindName)
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Kinds to move; default: every kind the portal offers.' }),
  start: WhenInput.optional().meta({ description: 'A future start; absent: start now.' }),
  returnAt: WhenInput.optional().meta({ description: 'Temporary when present: everything comes back then.' }),
  allItems: z.boolean().optional().meta({ description: 'Move closed items too (default false: open only).' }),
  dryRun: z.boolean().optional().meta({ description: 'Record what would move; change nothing (default false).' }),
  forceReturn: z
    .boolean()
    .optional()
    .meta({ description: 'On return, take back items changed by hand since (default false).' }),
  notify: z.boolean().optional().meta({ description: 'Tell participants by direct message (default true).' }),
  sweep: z
    .boolean()
    .optional()
    .meta({ description: 'While temporary, also move items that newly land on the from-user (default true).' }),
});
export type PlanInput = z.infer<typeof PlanInput>;

/** Body of POST …/return and …/undo. */
export const ReturnInput = z.strictObject({
  force: z.boolean().optional().meta({ description: 'Take back items changed by hand since (default false).' }),
});
export type ReturnInput = z.infer<typeof ReturnInput>;

/** Body of POST …/cancel and …/retry: nothing, or an empty object. */
export const EmptyInput = z.strictObject({});

/** A comma-separated list in a query parameter, checked against `values`. */
export function csvOf<T extends string>(values: readonly T[], what: string) {
  return z.string().regex(new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`), {
    message: `expected one or more of ${values.join(', ')} (comma-separated) for ${what}`,
  });
}

const LimitParam = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, { message: `expected a whole number from 1 to ${max}` })
    .refine((v) => Number(v) >= 1 && Number(v) <= max, { message: `expected a whole number from 1 to ${max}` })
    .optional()
    .meta({ description: `Page size, 1 to ${max} (default ${fallback}).` });

export const HANDOFF_LIST_MAX = 200;
export const HANDOFF_LIST_DEFAULT = 20;
export const ITEM_PAGE_MAX = 500;
export const ITEM_PAGE_DEFAULT = 100;

/** Query of GET /api/v1/handoffs. */
export const HandoffListQuery = z.strictObject({
  status: csvOf(HANDOFF_STATUSES, 'status').optional().meta({ description: 'Handoff statuses, comma-separated.' }),
  limit: LimitParam(HANDOFF_LIST_MAX, HANDOFF_LIST_DEFAULT),
  cursor: z
    .string()
    .regex(/^H-\d{1,9}$/, { message: 'expected the nextCursor of a previous page' })
    .optional()
    .meta({ description: 'nextCursor from the previous page.' }),
});
export type HandoffListQuery = z.infer<typeof HandoffListQuery>;

/** Query of GET /api/v1/handoffs/{id}/items. */
export const ItemListQuery = z.strictObject({
  status: csvOf(ITEM_STATUSES, 'status').optional().meta({ description: 'Item statuses, comma-separated.' }),
  kind: z
    .string()
    .regex(/^[a-z:0-9]+(?:,[a-z:0-9]+)*$/, { message: 'expected entity kinds, comma-separated' })
    .optional()
    .meta({ description: 'Entity kinds, comma-separated.' }),
  limit: LimitParam(ITEM_PAGE_MAX, ITEM_PAGE_DEFAULT),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor from the previous page.' }),
});
export type ItemListQuery = z.infer<typeof ItemListQuery>;
