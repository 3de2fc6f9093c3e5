/**
 * Runs the engine's jobs (`handoff.start`, `handoff.return`, `handoff.sweep`) on an Agenda instance: validates each
 * payload, keeps the job's lock alive while its handler works, and shuts down gracefully — stop taking jobs, ask
 * running handlers to finish their current batch (AbortSignal), wait for them, release leftover locks, close.
 * A job interrupted that way is put back as due now, so the next process resumes it from the items still pending.
 * @module
 */
import { type Agenda, type BackoffStrategy, type DrainResult, exponential, type Job } from 'agenda';
import { isHandoffError, isPortalError } from '../../engine/errors.js';
import { JOB_NAMES, type JobName, type JobRef, type Logger } from '../../engine/ports.js';
import { parseJobPayload } from './job-payload.js';

/** One engine job handler (HandoffService.jobs): must honour `signal` between batches and be safe to re-run. */
export type JobHandler = (ref: JobRef, signal: AbortSignal) => Promise<void>;

export interface JobHandlers {
  readonly start: JobHandler;
  readonly return: JobHandler;
  readonly sweep: JobHandler;
}

const HANDLER_OF = {
  'handoff.start': 'start',
  'handoff.return': 'return',
  'handoff.sweep': 'sweep',
} as const satisfies Record<JobName, keyof JobHandlers>;

export interface JobRunnerOptions {
  readonly agenda: Agenda;
  readonly handlers: JobHandlers;
  readonly logger: Logger;
  /**
   * How long a lock holds without a heartbeat before another process may take the job over. Default 5 minutes:
   * a crashed process's job resumes that long after the crash. The runner touches the lock every quarter of it.
   */
  readonly lockLifetimeMs?: number;
  /** How often Agenda polls for due jobs. Default 5 seconds. */
  readonly processEveryMs?: number;
  /** Jobs of one name running at once in this process (also its lock limit, so other processes get the rest). Default 4. */
  readonly concurrency?: number;
  /** How long stop() waits for running handlers before leaving their locks to expire. Default 60 seconds. */
  readonly shutdownTimeoutMs?: number;
  /**
   * Retries of a handler that threw, with exponential backoff. Default 3, from 30 s. Never for what a retry can't
   * fix: an invalid payload, a domain error (HandoffError), a permanent PortalError.
   */
  readonly retry?: { readonly maxRetries: number; readonly delayMs: number } | false;
  /** Called last by stop(), e.g. AgendaHandle.close. */
  readonly close?: () => Promise<void>;
}

export interface JobRunner {
  /** Graceful shutdown; resolves once handlers have finished (or the timeout passed) and `close` has run. Idempotent. */
  stop(): Promise<void>;
  /** True from start until stop() is called (for /readyz). */
  isRunning(): boolean;
}

/** A stored payload that is not `{ tenantId, handoffId }`: the job fails with this reason and is not retried. */
export class JobPayloadError extends Error {
  override readonly name = 'JobPayloadError';
}

const DEFAULTS = {
  lockLifetimeMs: 5 * 60_000,
  processEveryMs: 5_000,
  concurrency: 4,
  shutdownTimeoutMs: 60_000,
  retry: { maxRetries: 3, delayMs: 30_000 },
} as const;

/** How often stop() checks whether Agenda's running jobs have all finished (see drainAgenda). */
const DRAIN_POLL_MS = 100;

/**
 * Defines the engine's jobs on `agenda` and starts processing.
 * @example
 * const runner = await startJobRunner({ agenda, handlers: service.jobs, logger, close: handle.close });
 * process.once('SIGTERM', () => void runner.stop());
 */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { agenda, handlers, logger } = options;
  const lockLifetime = options.lockLifetimeMs ?? DEFAULTS.lockLifetimeMs;
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  const retry = options.retry ?? DEFAULTS.retry;
  const controllers = new Map<string, AbortController>();
  let stopping = false;

  const backoff: BackoffStrategy | undefined = retry
    ? onlyRetryable(exponential({ delay: retry.delayMs, maxRetries: retry.maxRetries, factor: 2 }))
    : undefined;

  const processorFor = (name: JobName) => async (job: Job<unknown>) => {
    const jobId = String(job.attrs._id);
    const log = logger.child({ job: name, jobId, attempt: (job.attrs.failCount ?? 0) + 1 });
    if (stopping) {
      // Agenda started it between our stop() and its own; hand it straight back rather than start work now.
      job.attrs.nextRunAt = new Date();
      log.debug({}, 'job deferred: runner stopping');
      return;
    }
    const payload = parseJobPayload(job.attrs.data);
    if (!payload.ok) {
      log.error({ problem: payload.problem }, 'job payload invalid');
      throw new JobPayloadError(`invalid ${name} payload: ${payload.problem}`);
    }
    const jobLog = log.child({ tenantId: payload.value.tenantId, handoffId: payload.value.handoffId });
    const controller = new AbortController();
    controllers.set(jobId, controller);
    const heartbeat = startHeartbeat(job, lockLifetime / 4, controller, jobLog);
    try {
      jobLog.debug({}, `${name} started`);
      await handlers[HANDLER_OF[name]](payload.value, controller.signal);
      jobLog.debug({}, `${name} finished`);
    } catch (err) {
      jobLog.error({ err }, 'job failed');
      throw err;
    } finally {
      controllers.delete(jobId);
      await heartbeat.stop();
      if (controller.signal.aborted) {
        // Interrupted (shutdown, or Agenda gave up on the lock): due again now, resumed from pending items.
        job.attrs.nextRunAt = new Date();
        jobLog.info({}, 'job interrupted; it will run again');
      }
    }
  };

  const onError = (err: Error) => logger.warn({ err }, 'agenda error');
  agenda.on('error', onError);
  agenda.processEvery(options.processEveryMs ?? DEFAULTS.processEveryMs);
  for (const name of JOB_NAMES) {
    agenda.define(name, processorFor(name), {
      lockLifetime,
      concurrency,
      lockLimit: concurrency,
      // Completed one-off runs carry no information worth keeping; failed ones stay for diagnosis.
      removeOnComplete: true,
      ...(backoff ? { backoff } : {}),
    });
  }
  await agenda.start();
  logger.info({ lockLifetimeMs: lockLifetime, concurrency }, 'job runner started');

  let stopped: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    stopping = true;
    for (const controller of controllers.values()) controller.abort(new Error('job runner stopping'));
    const drained = await drainAgenda(agenda, options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs);
    if (drained.timedOut) logger.warn({ running: drained.running }, 'jobs still running at shutdown');
    await releaseLeftoverLocks(agenda, new Set(controllers.keys()), logger);
    agenda.off('error', onError);
    await options.close?.();
    logger.info({ completed: drained.completed }, 'job runner stopped');
  };
  return {
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
    isRunning: () => stopped === undefined,
  };
}

/**
 * agenda.drain() without its race (agenda 6.2): a job that emitted 'complete' before drain() subscribed, while Agenda
 * was still deleting it (removeOnComplete), is counted as running, and drain() then waits out its whole timeout for
 * an event that already came. Agenda's own running count is polled, and the wait ends once it is zero.
 */
async function drainAgenda(agenda: Agenda, timeoutMs: number): Promise<DrainResult> {
  const settled = new AbortController();
  const poll = setInterval(() => {
    agenda.getRunningStats().then(
      (stats) => {
        if (Object.values(stats.jobStatus ?? {}).every((status) => (status?.running ?? 0) === 0)) settled.abort();
      },
      () => {}, // not running any more: drain() is about to return on its own
    );
  }, DRAIN_POLL_MS);
  try {
    const result = await agenda.drain({ timeout: timeoutMs, closeConnection: false, signal: settled.signal });
    return result.aborted && result.running === 0 ? { ...result, aborted: false } : result;
  } finally {
    clearInterval(poll);
  }
}

/** Whether running the job again might succeed where this run failed. */
export function isRetryableJobError(error: unknown): boolean {
  if (error instanceof JobPayloadError || isHandoffError(error)) return false;
  if (isPortalError(error)) return error.retryable;
  return true;
}

function onlyRetryable(strategy: BackoffStrategy): BackoffStrategy {
  return (context) => (isRetryableJobError(context.error) ? strategy(context) : null);
}

/**
 * Touches the job's lock periodically so a long handoff is not taken for dead. When Agenda has cancelled the run
 * (lock expired anyway), the handler is asked to stop. Touches run one at a time and stop() awaits the last, so a
 * late touch can't re-lock the row after Agenda's final unlock.
 */
function startHeartbeat(job: Job<unknown>, everyMs: number, controller: AbortController, log: Logger) {
  let last: Promise<void> = Promise.resolve();
  let gone = false;
  const timer = setInterval(() => {
    if (gone) return;
    last = last
      .then(() => job.touch())
      .catch((err: unknown) => {
        if (job.getCanceledMessage() !== undefined) {
          gone = true;
          controller.abort(new Error('job lock lost'));
          log.warn({ err }, 'job lock lost');
        } else if (err instanceof Error && /does not exist anymore/.test(err.message)) {
          // Cancelled through the Scheduler while running; the run finishes, nothing is left to keep locked.
          gone = true;
        } else {
          log.warn({ err }, 'job heartbeat failed');
        }
      });
  }, everyMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await last;
    },
  };
}

/**
 * Jobs this instance locked but never started (queued for later in the poll window) would otherwise stay locked
 * until their lock expires; give them back. Jobs still running past the timeout keep their locks.
 */
async function releaseLeftoverLocks(agenda: Agenda, running: ReadonlySet<string>, logger: Logger): Promise<void> {
  const owner = agenda.attrs.name;
  if (!owner) return;
  try {
    const { jobs } = await agenda.db.queryJobs({ names: [...JOB_NAMES], state: 'running' });
    const leftover = jobs
      .filter((job) => job.lastModifiedBy === owner && !running.has(String(job._id)))
      .map((job) => job._id);
    if (leftover.length > 0) await agenda.db.unlockJobs(leftover);
  } catch (err) {
    logger.warn({ err }, 'releasing job locks failed');
  }
}
