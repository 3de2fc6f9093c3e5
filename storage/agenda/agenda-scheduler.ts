/**
 * The engine's `Scheduler` port on an Agenda instance (SQLite or Mongo backend alike). Only this module and the job
 * runner touch Agenda's `Job`; the engine sees job names and `{ tenantId, handoffId }`.
 * @module
 */
import type { Agenda } from 'agenda';
import { JOB_NAMES, type JobName, type JobRef, type Scheduler } from '../../engine/ports.js';
import { toJobPayload } from './job-payload.js';

export class AgendaScheduler implements Scheduler {
  readonly #agenda: Agenda;

  constructor(agenda: Agenda) {
    this.#agenda = agenda;
  }

  /**
   * Replaces any earlier schedule of (job, handoff) by one run at `at`. A new row rather than Agenda's `unique` upsert:
   * an upsert would reuse the row of a run under way, and that run's final state write would then overwrite the new
   * schedule. The new row is written before the earlier ones are removed, so a crash or a failed write in between
   * leaves two schedules (the engine settles an early or repeated run) rather than none: a lost return job would
   * leave lent work with its receiver for good. A removed run finishes normally; only its bookkeeping write is lost.
   */
  async schedule(job: JobName, ref: JobRef, at: Date): Promise<void> {
    if (Number.isNaN(at.getTime())) throw new RangeError(`schedule(${job}): invalid date`);
    await this.#replace(job, ref, () => this.#agenda.create(job, toJobPayload(ref)).schedule(at).save());
  }

  /** Replaces any earlier schedule of (job, handoff) by a run every `intervalMs`, the first one interval from now. */
  async scheduleEvery(job: JobName, ref: JobRef, intervalMs: number): Promise<void> {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`scheduleEvery(${job}): interval must be a positive number of milliseconds`);
    }
    // Not agenda.every(): its 'single' jobs are one per job name, and we need one per handoff.
    await this.#replace(job, ref, () =>
      this.#agenda.create(job, toJobPayload(ref)).repeatEvery(Math.round(intervalMs), { skipImmediate: true }).save(),
    );
  }

  /** Writes the new schedule, then removes the rows of (job, handoff) that stood before it. */
  async #replace(job: JobName, ref: JobRef, write: () => Promise<unknown>): Promise<void> {
    const { jobs } = await this.#agenda.queryJobs({ name: job, data: toJobPayload(ref) });
    await write();
    const earlier = jobs.map((j) => String(j._id));
    if (earlier.length > 0) await this.#agenda.cancel({ ids: earlier });
  }

  async cancel(ref: JobRef, job?: JobName): Promise<void> {
    await this.#agenda.cancel({
      ...(job ? { name: job } : { names: [...JOB_NAMES] }),
      data: toJobPayload(ref),
    });
  }
}
