import type { JobParameters } from 'agenda';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { HandoffError, PortalError } from '../../../../engine/errors.js';
import type { HandoffService } from '../../../../engine/service-types.js';
import { createAgenda } from '../../../../storage/agenda/create-agenda.js';
import {
  isRetryableJobError,
  type JobHandlers,
  JobPayloadError,
  type JobRunnerOptions,
  startJobRunner,
} from '../../../../storage/agenda/job-runner.js';
import {
  createRecordingLogger,
  createTempDatabase,
  type JobRun,
  recordingHandlers,
  type TempDatabase,
  untilAborted,
} from '../../../contract/agenda-helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Overrides = Partial<Omit<JobRunnerOptions, 'agenda' | 'logger'>>;

async function setup(overrides: Overrides = {}, temp?: TempDatabase) {
  const database = temp ?? createTempDatabase('runner-');
  if (!temp) cleanups.push(() => database.dispose());
  const handle = await createAgenda({ sqlite: database.open(), notifications: 'polling' });
  const runs: JobRun[] = [];
  const logger = createRecordingLogger();
  const runner = await startJobRunner({
    agenda: handle.agenda,
    handlers: recordingHandlers(runs),
    logger,
    processEveryMs: 50,
    retry: false,
    close: handle.close,
    ...overrides,
  });
  cleanups.push(() => runner.stop());
  const stored = async (handoffId: string): Promise<JobParameters | undefined> =>
    (await handle.agenda.db.queryJobs({ data: { handoffId } })).jobs[0];
  return { agenda: handle.agenda, runner, runs, logger, stored, database };
}

describe('startJobRunner', () => {
  it("takes the engine's job handlers as they are", () => {
    expectTypeOf<HandoffService['jobs']>().toExtend<JobHandlers>();
  });

  it.each([
    ['an invalid payload', new JobPayloadError('bad'), false],
    ['a domain error', new HandoffError('not_found', 'no such handoff'), false],
    ['a permanent portal error', new PortalError('denied', 'ACCESS_DENIED', false), false],
    ['a transient portal error', new PortalError('throttled', 'QUERY_LIMIT_EXCEEDED', true), true],
    ['anything else', new Error('database is locked'), true],
  ])('%s is retryable: %s', (_label, error, retryable) => {
    expect(isRetryableJobError(error)).toBe(retryable);
  });

  it('defines the three engine jobs with the configured lock lifetime and concurrency', async () => {
    const { agenda } = await setup({ lockLifetimeMs: 1234, concurrency: 2 });

    expect(Object.keys(agenda.definitions).sort()).toEqual(['handoff.return', 'handoff.start', 'handoff.sweep']);
    expect(agenda.definitions['handoff.start']).toMatchObject({ lockLifetime: 1234, concurrency: 2, lockLimit: 2 });
  });

  it('fails a job with a malformed payload, with a clear reason and no retry, and keeps running others', async () => {
    const { agenda, runs, logger, stored } = await setup({ retry: { maxRetries: 3, delayMs: 10 } });

    await agenda.create('handoff.start', { tenantId: 't1', handoffId: '' }).save();
    await agenda.create('handoff.start', { tenantId: 't1', handoffId: 'h-good' }).save();

    await expect.poll(() => runs.map((r) => r.handoffId), { timeout: 5000 }).toEqual(['h-good']);
    await expect.poll(async () => (await stored(''))?.failCount, { timeout: 5000 }).toBe(1);
    const bad = await stored('');
    expect(bad?.failReason).toMatch(/^invalid handoff\.start payload: handoffId: /);
    expect(bad?.nextRunAt).toBeNull();
    expect(logger.entries.find((e) => e.msg === 'job payload invalid')?.level).toBe('error');
  });

  it('records a failing handler and retries it with backoff', async () => {
    const runs: JobRun[] = [];
    let calls = 0;
    const { agenda, logger, stored } = await setup({
      retry: { maxRetries: 2, delayMs: 20 },
      handlers: recordingHandlers(runs, async () => {
        calls += 1;
        if (calls === 1) throw new Error('portal unreachable');
      }),
    });

    await agenda.create('handoff.return', { tenantId: 't1', handoffId: 'h-retry' }).save();

    await expect.poll(() => runs.length, { timeout: 5000 }).toBe(2);
    await expect.poll(() => stored('h-retry'), { timeout: 5000 }).toBeUndefined();
    const failure = logger.entries.find((e) => e.msg === 'job failed');
    expect(failure?.fields).toMatchObject({ job: 'handoff.return', tenantId: 't1', handoffId: 'h-retry' });
  });

  it('stop() signals running handlers, waits for them, puts their jobs back as due, then closes', async () => {
    const order: string[] = [];
    const runs: JobRun[] = [];
    const { agenda, runner, stored } = await setup({
      handlers: recordingHandlers(runs, async (_job, _ref, signal) => {
        await untilAborted(signal);
        await new Promise((resolve) => setTimeout(resolve, 50)); // finishing the current batch
        order.push('handler finished');
      }),
      close: async () => {
        order.push('closed');
      },
    });
    agenda.once('complete', () => order.push('job complete'));
    await agenda.create('handoff.start', { tenantId: 't1', handoffId: 'h-long' }).save();
    await expect.poll(() => runs.length, { timeout: 5000 }).toBe(1);

    await runner.stop();

    expect(order).toEqual(['handler finished', 'job complete', 'closed']);
    const job = await stored('h-long');
    expect(job?.lockedAt).toBeUndefined();
    expect(job?.nextRunAt?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('stop() right after a job completed, while Agenda still deletes it, does not wait out its shutdown timeout', async () => {
    // Agenda's drain() counts that job as running and waits for a 'complete' event that was already emitted; stop()
    // called from the event itself is that window, made certain.
    const { agenda, runner, runs, logger, stored } = await setup({ shutdownTimeoutMs: 5000 });
    const stopping = new Promise<void>((resolve) => {
      agenda.once('complete', () => resolve(runner.stop()));
    });
    await agenda.create('handoff.start', { tenantId: 't1', handoffId: 'h-done' }).save();

    await stopping;

    expect(runs.map((r) => r.handoffId)).toEqual(['h-done']);
    expect(logger.entries.filter((e) => e.msg === 'jobs still running at shutdown')).toEqual([]);
    expect(logger.entries.some((e) => e.msg === 'job runner stopped')).toBe(true);
    expect(await stored('h-done')).toBeUndefined(); // its deletion finished before the store was closed
  });

  it('stop() releases the locks of jobs it had locked but not started', async () => {
    const temp = createTempDatabase('runner-release-');
    cleanups.push(() => temp.dispose());
    const early = await createAgenda({ sqlite: temp.open(), notifications: 'polling' });
    // Due within the runner's first scan window: locked at once and held with a timer until its time.
    const soon = new Date(Date.now() + 1500);
    await early.agenda.create('handoff.start', { tenantId: 't1', handoffId: 'h-soon' }).schedule(soon).save();
    const { runner, runs, stored } = await setup({ processEveryMs: 2000 }, temp);
    await expect.poll(async () => (await stored('h-soon'))?.lockedAt, { timeout: 5000 }).toBeInstanceOf(Date);

    await runner.stop();

    expect((await stored('h-soon'))?.lockedAt).toBeUndefined();
    expect(runs).toEqual([]);
  });

  it('keeps the lock of a job running longer than its lock lifetime, so no one else runs it', async () => {
    const temp = createTempDatabase('runner-heartbeat-');
    cleanups.push(() => temp.dispose());
    const runs: JobRun[] = [];
    const slow = recordingHandlers(runs, () => new Promise((resolve) => setTimeout(resolve, 1200)));
    const first = await setup({ lockLifetimeMs: 300, handlers: slow }, temp);
    await setup({ lockLifetimeMs: 300, handlers: slow }, temp);

    await first.agenda.create('handoff.start', { tenantId: 't1', handoffId: 'h-slow' }).save();

    await expect.poll(() => runs.length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => first.stored('h-slow'), { timeout: 5000 }).toBeUndefined();
    expect(runs).toHaveLength(1);
  });
});
