/**
 * The engine's jobs as the scheduler sees them: names (ports.ts JOB_NAMES), the payload schema `{ tenantId,
 * handoffId }` (all state is in the store) and handlers that parse the payload before running. storage/agenda
 * registers `createJobHandlers(service.jobs, logger)` with Agenda; Agenda's types never reach the engine.
 * @module
 */
import { z } from 'zod';
import { HandoffId, TenantId } from './ids.js';
import type { JobName, JobRef, Logger } from './ports.js';
import type { HandoffService } from './service-types.js';

export const JobPayload = z.object({ tenantId: TenantId, handoffId: HandoffId });
export type JobPayload = z.infer<typeof JobPayload>;

export type ParsedJobPayload =
  | { readonly ok: true; readonly value: JobRef }
  | { readonly ok: false; readonly problem: string };

/** Reads a stored job payload; never throws. */
export function parseJobPayload(input: unknown): ParsedJobPayload {
  const result = JobPayload.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** What a job handler takes: the raw stored payload, and a signal aborted on shutdown. */
export type JobHandler = (payload: unknown, signal?: AbortSignal) => Promise<void>;

/**
 * One handler per job name. A payload that does not parse is logged and dropped (running it again cannot help).
 * @example
 * const handlers = createJobHandlers(service.jobs, logger);
 * agenda.define('handoff.start', (job) => handlers['handoff.start'](job.attrs.data));
 */
export function createJobHandlers(jobs: HandoffService['jobs'], logger: Logger): Record<JobName, JobHandler> {
  function wrap(job: JobName, run: (ref: JobRef, signal?: AbortSignal) => Promise<void>): JobHandler {
    return async (payload, signal) => {
      const parsed = parseJobPayload(payload);
      if (!parsed.ok) {
        logger.error({ job, problem: parsed.problem }, 'invalid job payload');
        return;
      }
      await run(parsed.value, signal);
    };
  }
  return {
    'handoff.start': wrap('handoff.start', jobs.start),
    'handoff.return': wrap('handoff.return', jobs.return),
    'handoff.sweep': wrap('handoff.sweep', jobs.sweep),
  };
}
