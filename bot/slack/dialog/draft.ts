/**
 * The dialog's draft (Who → When → What → Review), carried between steps in the view's `private_metadata`
 * (≤ 3000 characters, slack.md §2.2) and parsed with a schema on the way back in, never cast.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const SlackId = z.string().regex(/^[A-Z0-9]{2,30}$/);

export const DraftTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), slackUserId: SlackId, portalUserId: z.number().int().positive() }),
  z.object({ type: z.literal('head') }),
  z.object({ type: z.literal('department'), departmentId: z.number().int().positive(), name: z.string().max(200) }),
]);
export type DraftTarget = z.infer<typeof DraftTarget>;

export const Draft = z.object({
  v: z.literal(1),
  /** Also the idempotency key of the handoff this dialog starts. */
  id: z.string().min(8).max(64),
  teamId: z.string().max(30),
  /** Where /handoff was typed: the progress message goes there. */
  channelId: z.string().max(30).optional(),
  /** Who opened the dialog. */
  userId: SlackId,
  timeZone: z.string().max(64).default('UTC'),
  from: z.object({ slackUserId: SlackId, portalUserId: z.number().int().positive() }).optional(),
  to: DraftTarget.optional(),
  /** Per-module overrides: tasks to someone else, CRM to someone else. */
  overrides: z.object({ tasks: DraftTarget.optional(), crm: DraftTarget.optional() }).default({}),
  startAt: z.iso.datetime().optional(),
  returnAt: z.iso.datetime().optional(),
  kinds: z.array(z.string().max(20)).max(60).optional(),
  allItems: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  forceReturn: z.boolean().default(false),
  notify: z.boolean().default(true),
});
export type Draft = z.infer<typeof Draft>;

export const MAX_METADATA = 3000;

export function newDraft(input: { teamId: string; userId: string; channelId?: string; timeZone: string }): Draft {
  return Draft.parse({
    v: 1,
    id: randomUUID(),
    teamId: input.teamId,
    userId: input.userId,
    timeZone: input.timeZone,
    ...(input.channelId === undefined ? {} : { channelId: input.channelId }),
  });
}

/** Serialises a draft for private_metadata; throws only on a programmer error (a draft that cannot fit). */
export function toMetadata(draft: Draft): string {
  const text = JSON.stringify(draft);
  if (text.length > MAX_METADATA) throw new Error(`dialog draft is ${text.length} characters (max ${MAX_METADATA})`);
  return text;
}

/** Reads private_metadata back; null when it is missing or not a draft. */
export function parseMetadata(metadata: unknown): Draft | null {
  if (typeof metadata !== 'string' || metadata.length === 0) return null;
  try {
    const parsed = Draft.safeParse(JSON.parse(metadata));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
