/**
 * Request and answer schemas of /api/v1/vacations (issue 12), plain shapes so openapi.ts writes them out as they are
 * checked.
 * @module
 */
import { z } from 'zod';
import { VACATION_STATES } from '../../engine/vacation-model.js';
import { HandoffOut, PersonOut, TargetOut } from './response-schemas.js';
import { KindName, PersonInput, TargetInput, WhenInput } from './schemas.js';

/** URL-safe, so it can name the vacation in a path; an HR system's own id. */
export const ExternalId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/, {
    message: 'expected 1 to 200 letters, digits or . _ : @ - (starting with a letter or digit)',
  })
  .meta({ description: "The HR system's id of the leave; unique per tenant. Creating it again answers the first." });

const RoleBackup = z.strictObject({
  type: z.literal('role'),
  name: z.string().min(1).max(40).meta({ description: 'A named role of the tenant (its holder covers).' }),
});

/** Who covers: a person, the employee's head, a department, or a named role. */
export const VacationBackupInput = z.union([TargetInput, RoleBackup], {
  error: 'expected { "type": "user" | "head" | "department" | "role", … }',
});

export const VacationInput = z.strictObject({
  externalId: ExternalId,
  employee: PersonInput.meta({ description: 'Who is away.' }),
  backup: VacationBackupInput.meta({
    description: "Who covers: a person, the employee's head, a department, or a role (resolved now).",
  }),
  start: WhenInput.optional().meta({
    description: 'When the leave starts; absent, now or past: the handoff starts at once.',
  }),
  end: WhenInput.meta({ description: 'When the employee is back: everything returns then.' }),
  kinds: z.array(KindName).min(1).max(50).optional().meta({ description: 'Kinds to cover; default every kind.' }),
});
export type VacationInput = z.infer<typeof VacationInput>;

export const VacationMoveInput = z
  .strictObject({
    start: WhenInput.optional().meta({ description: 'A new start (only before the leave started).' }),
    end: WhenInput.optional().meta({
      description: 'A new end: earlier or later; now or past ends it (cancelled before the start, returned after).',
    }),
  })
  .refine((v) => v.start !== undefined || v.end !== undefined, { message: 'give "start", "end" or both' });
export type VacationMoveInput = z.infer<typeof VacationMoveInput>;

export const VacationListQuery = z.strictObject({
  handoff: z
    .string()
    .regex(/^(?:[Hh]-)?\d{1,9}$/, { message: 'expected a handoff such as H-3' })
    .optional()
    .meta({ description: 'Only the vacation this handoff covers (H-<n>).' }),
  state: z.enum(VACATION_STATES).optional().meta({ description: 'active or cancelled.' }),
  limit: z
    .string()
    .regex(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'expected 1 to 200' })
    .optional()
    .meta({ description: 'At most this many, newest first (default 50).' }),
});

const Instant = z.iso.datetime({ offset: true });

export const VacationOut = z.strictObject({
  externalId: z.string(),
  employee: PersonOut,
  backup: z.union([TargetOut, z.strictObject({ type: z.literal('role'), name: z.string() })]),
  start: Instant,
  end: Instant,
  kinds: z.array(z.string()).nullable().meta({ description: 'null: every kind.' }),
  state: z.enum(VACATION_STATES),
  createdBy: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
  handoff: HandoffOut.meta({ description: 'The handoff that covers the leave; its status says where the work is.' }),
});
export type VacationOut = z.infer<typeof VacationOut>;

export const VacationChangeOut = z.strictObject({
  outcome: z.enum(['moved', 'unchanged', 'cancelled', 'returning', 'ended']).meta({
    description:
      'moved: dates changed; unchanged; cancelled: it had not started; returning: the work comes back now; ended: it already had.',
  }),
  vacation: VacationOut,
});
export type VacationChangeOut = z.infer<typeof VacationChangeOut>;

export const VacationListOut = z.strictObject({ vacations: z.array(VacationOut) });
export type VacationListOut = z.infer<typeof VacationListOut>;
