/**
 * The payload of the engine's jobs as stored by Agenda: `{ tenantId, handoffId }` and nothing else (all state is
 * in the store). Parsed with zod on the way out, because a stored row is untrusted input like any other.
 * @module
 */
import { z } from 'zod';
import { HandoffId, TenantId } from '../../engine/ids.js';
import type { JobRef } from '../../engine/ports.js';

export const JobPayload = z.object({ tenantId: TenantId, handoffId: HandoffId });
export type JobPayload = z.infer<typeof JobPayload>;

export type ParsedJobPayload =
  | { readonly ok: true; readonly value: JobRef }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a stored payload; never throws. The problem names each bad field.
 * @example parseJobPayload({ tenantId: 't1' }) // { ok: false, problem: 'handoffId: Invalid input: expected string, received undefined' }
 */
export function parseJobPayload(data: unknown): ParsedJobPayload {
  const result = JobPayload.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const problem = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem };
}

/** The payload for a job reference: exactly the two ids, whatever else the object carries. */
export function toJobPayload(ref: JobRef): JobPayload {
  return { tenantId: ref.tenantId, handoffId: ref.handoffId };
}
