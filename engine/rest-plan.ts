/**
 * The plan as the REST API takes it (ARCHITECTURE.md, "The plan, as the REST API takes it"), as a zod schema. The
 * API turns it into an engine Plan: it resolves e-mails to portal users and date phrases to instants; the engine
 * never sees either.
 * @module
 */
import { z } from 'zod';

const PositiveId = z.coerce.number().int().positive();

/** A person: by portal user id or by e-mail. */
export const RestUserRef = z.union([
  z.object({ id: PositiveId }).strict(),
  z.object({ email: z.email().max(320) }).strict(),
]);
export type RestUserRef = z.infer<typeof RestUserRef>;

export const RestTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), id: PositiveId }).strict(),
  z.object({ type: z.literal('user'), email: z.email().max(320) }).strict(),
  z.object({ type: z.literal('head'), departmentId: PositiveId.optional() }).strict(),
  z.object({ type: z.literal('department'), id: PositiveId }).strict(),
]);
export type RestTarget = z.infer<typeof RestTarget>;

/** An instant: ISO 8601 with an offset, or a phrase read in a time zone (by commands/dates.ts, not the engine). */
export const RestInstant = z.union([
  z.iso.datetime({ offset: true }),
  z.object({ phrase: z.string().min(1).max(200), timeZone: z.string().min(1).max(100) }).strict(),
]);
export type RestInstant = z.infer<typeof RestInstant>;

export const RestPlan = z
  .object({
    from: RestUserRef,
    to: RestTarget,
    /** Per-kind overrides of `to`; keys are entity kinds (checked against the portal by the engine). */
    targets: z.record(z.string(), RestTarget).optional(),
    /** Default: every kind the portal offers. */
    kinds: z.array(z.string().min(1).max(40)).max(200).optional(),
    start: RestInstant.optional(),
    /** Present: a temporary handoff that comes back at this instant. */
    returnAt: RestInstant.optional(),
    allItems: z.boolean().default(false),
    dryRun: z.boolean().default(false),
    forceReturn: z.boolean().default(false),
    notify: z.boolean().default(true),
    /** Move items that land on the from-user while a temporary handoff is active. */
    sweep: z.boolean().default(false),
  })
  .strict();
export type RestPlan = z.infer<typeof RestPlan>;
