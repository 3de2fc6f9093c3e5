/**
 * A Scheduler that only records: tests see what was scheduled, for when, and run due jobs themselves against a
 * fake clock. One pending entry per (job, handoff), as the port says.
 * @module
 */
import type { Clock, JobName, JobRef, Scheduler } from '../../engine/ports.js';

export interface ScheduledJob {
  readonly job: JobName;
  readonly ref: JobRef;
  readonly at: Date;
  readonly everyMs?: number;
}

export type JobRunner = Record<'start' | 'return' | 'sweep', (ref: JobRef) => Promise<void>>;

const RUNNER_KEY: Record<JobName, keyof JobRunner> = {
  'handoff.start': 'start',
  'handoff.return': 'return',
  'handoff.sweep': 'sweep',
};

function keyOf(job: JobName, ref: JobRef): string {
  return `${job}|${ref.tenantId}|${ref.handoffId}`;
}

export class ManualScheduler implements Scheduler {
  readonly #pending = new Map<string, ScheduledJob>();
  /** Every call, in order. */
  readonly calls: (
    | { op: 'schedule' | 'scheduleEvery'; job: JobName; ref: JobRef; at?: Date; everyMs?: number }
    | { op: 'cancel'; ref: JobRef; job?: JobName }
  )[] = [];

  constructor(private readonly clock: Clock) {}

  async schedule(job: JobName, ref: JobRef, at: Date): Promise<void> {
    this.calls.push({ op: 'schedule', job, ref, at });
    this.#pending.set(keyOf(job, ref), { job, ref, at });
  }

  async scheduleEvery(job: JobName, ref: JobRef, intervalMs: number): Promise<void> {
    this.calls.push({ op: 'scheduleEvery', job, ref, everyMs: intervalMs });
    this.#pending.set(keyOf(job, ref), {
      job,
      ref,
      at: new Date(this.clock.now().getTime() + intervalMs),
      everyMs: intervalMs,
    });
  }

  async cancel(ref: JobRef, job?: JobName): Promise<void> {
    this.calls.push({ op: 'cancel', ref, ...(job ? { job } : {}) });
    for (const [key, entry] of this.#pending) {
      if (entry.ref.handoffId === ref.handoffId && entry.ref.tenantId === ref.tenantId && (!job || entry.job === job))
        this.#pending.delete(key);
    }
  }

  /** The pending entry of a job for a handoff, if any. */
  get(job: JobName, handoffId: string): ScheduledJob | undefined {
    return [...this.#pending.values()].find((e) => e.job === job && e.ref.handoffId === handoffId);
  }

  pending(): ScheduledJob[] {
    return [...this.#pending.values()];
  }

  /** Jobs due at the clock's now, soonest first. */
  due(): ScheduledJob[] {
    const now = this.clock.now().getTime();
    return this.pending()
      .filter((e) => e.at.getTime() <= now)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /**
   * Runs due jobs until none is due (jobs may schedule others). A one-off is removed before it runs; a recurring one
   * is moved one interval on. Returns the names run, in order.
   */
  async runDue(runner: JobRunner, maxRuns = 100): Promise<JobName[]> {
    const ran: JobName[] = [];
    for (let i = 0; i < maxRuns; i += 1) {
      const next = this.due()[0];
      if (!next) return ran;
      const key = keyOf(next.job, next.ref);
      if (next.everyMs === undefined) this.#pending.delete(key);
      else this.#pending.set(key, { ...next, at: new Date(this.clock.now().getTime() + next.everyMs) });
      ran.push(next.job);
      await runner[RUNNER_KEY[next.job]](next.ref);
    }
    throw new Error(`runDue: still jobs due after ${maxRuns} runs`);
  }
}
