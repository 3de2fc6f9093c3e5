/**
 * Contract suite for Agenda's `JobRepository`, laid out like agenda's own repository suite (not published on npm):
 * what Agenda relies on from a backend — saves (plain, single, unique, debounce), locking, the next job to run with
 * lock deadlines, and the queries of its API. Runners: agenda-sqlite-backend.test.ts, agenda-mongo-backend.test.ts.
 * @module
 */
import type { JobParameters, JobRepository } from 'agenda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

export interface JobRepositorySuiteOptions {
  readonly name: string;
  /** A connected repository on an empty store of its own; called once. */
  readonly create: () => Promise<JobRepository>;
  /** Called once after the suite: drop the store, close connections. */
  readonly cleanup: (repository: JobRepository) => Promise<void>;
  /** An id the backend accepts but that names no stored job. */
  readonly missingId: () => string;
  /** A reason to skip (printed), or false. */
  readonly skip: string | false;
}

const MINUTE = 60_000;

function job(overrides: Partial<JobParameters> = {}): JobParameters {
  return { name: 'job-a', priority: 0, nextRunAt: new Date(), type: 'normal', data: { n: 1 }, ...overrides };
}

export function jobRepositoryContractSuite(options: JobRepositorySuiteOptions): void {
  if (options.skip) console.info(`JobRepository contract (${options.name}) skipped: ${options.skip}`);

  describe.skipIf(options.skip !== false)(`JobRepository contract: ${options.name}`, () => {
    let repo: JobRepository;
    const save = (params: JobParameters) => repo.saveJob(params, { lastModifiedBy: 'suite' });
    const count = async () => (await repo.queryJobs({})).total;

    beforeAll(async () => {
      repo = await options.create();
    });
    beforeEach(async () => {
      await repo.purgeAllJobs();
    });
    afterAll(async () => {
      if (repo) await options.cleanup(repo);
    });

    describe('saveJob', () => {
      it('inserts a job and returns it with an id; every field reads back', async () => {
        const at = new Date(Date.now() + MINUTE);
        const start = new Date(Date.now() - MINUTE);

        const saved = await save(
          job({ nextRunAt: at, priority: 10, data: { tenantId: 't1', nested: { a: [1, 2] } }, repeatInterval: 5000 }),
        );
        await save(
          job({ name: 'job-b', repeatInterval: '5 minutes', repeatTimezone: 'Europe/Kyiv', startDate: start }),
        );
        await save(job({ name: 'job-c', skipDays: [0, 6], repeatAt: '3:30pm' }));

        expect(saved._id).toBeTruthy();
        const read = await repo.getJobById(String(saved._id));
        expect(read).toMatchObject({
          name: 'job-a',
          priority: 10,
          type: 'normal',
          nextRunAt: at,
          data: { tenantId: 't1', nested: { a: [1, 2] } },
          repeatInterval: 5000,
          lastModifiedBy: 'suite',
        });
        const b = (await repo.queryJobs({ name: 'job-b' })).jobs[0];
        expect(b).toMatchObject({ repeatInterval: '5 minutes', repeatTimezone: 'Europe/Kyiv', startDate: start });
        const c = (await repo.queryJobs({ name: 'job-c' })).jobs[0];
        expect(c).toMatchObject({ skipDays: [0, 6], repeatAt: '3:30pm' });
      });

      it('getJobById answers null for an unknown id', async () => {
        expect(await repo.getJobById(options.missingId())).toBeNull();
      });

      it('updates a job by id instead of inserting another', async () => {
        const saved = await save(job());
        const later = new Date(Date.now() + 5 * MINUTE);

        await save({ ...saved, data: { n: 2 }, nextRunAt: later });

        expect(await count()).toBe(1);
        expect(await repo.getJobById(String(saved._id))).toMatchObject({ data: { n: 2 }, nextRunAt: later });
      });

      it('does not bring back a job removed before its update', async () => {
        const saved = await save(job());
        await repo.removeJobs({ id: String(saved._id) });

        const result = await save({ ...saved, data: { n: 2 } });

        expect(result.data).toEqual({ n: 2 });
        expect(await count()).toBe(0);
      });

      it("keeps one 'single' job per name: a second save updates it", async () => {
        await save(job({ type: 'single', nextRunAt: new Date(Date.now() + MINUTE), data: { v: 1 } }));

        await save(job({ type: 'single', nextRunAt: new Date(Date.now() + MINUTE), data: { v: 2 } }));

        const { jobs, total } = await repo.queryJobs({ name: 'job-a' });
        expect(total).toBe(1);
        expect(jobs[0]?.data).toEqual({ v: 2 });
      });

      it("a 'single' save with a due nextRunAt keeps the stored schedule; a future one replaces it", async () => {
        const planned = new Date(Date.now() + 10 * MINUTE);
        await save(job({ type: 'single', nextRunAt: planned }));

        await save(job({ type: 'single', nextRunAt: new Date(Date.now() - 1000) }));
        const kept = (await repo.queryJobs({ name: 'job-a' })).jobs[0];
        const future = new Date(Date.now() + 20 * MINUTE);
        await save(job({ type: 'single', nextRunAt: future }));
        const moved = (await repo.queryJobs({ name: 'job-a' })).jobs[0];

        expect(kept?.nextRunAt).toEqual(planned);
        expect(moved?.nextRunAt).toEqual(future);
      });

      it('upserts on a unique key: same key updates, another key inserts', async () => {
        const unique = (h: string) => ({ 'data.handoffId': h });
        await save(job({ data: { handoffId: 'h1', v: 1 }, unique: unique('h1') }));

        await save(job({ data: { handoffId: 'h1', v: 2 }, unique: unique('h1') }));
        await save(job({ data: { handoffId: 'h2', v: 1 }, unique: unique('h2') }));

        const { jobs, total } = await repo.queryJobs({ name: 'job-a', data: { handoffId: 'h1' } });
        expect(total).toBe(1);
        expect(jobs[0]?.data).toEqual({ handoffId: 'h1', v: 2 });
        expect(await count()).toBe(2);
      });

      it('a unique key matches within the job name only', async () => {
        await save(job({ name: 'job-a', data: { k: 1 }, unique: { 'data.k': 1 } }));

        await save(job({ name: 'job-b', data: { k: 1 }, unique: { 'data.k': 1 } }));

        expect(await count()).toBe(2);
      });

      it('insertOnly leaves an existing unique job as it was', async () => {
        await save(job({ data: { k: 1, v: 'first' }, unique: { 'data.k': 1 } }));

        const result = await save(
          job({ data: { k: 1, v: 'second' }, unique: { 'data.k': 1 }, uniqueOpts: { insertOnly: true } }),
        );

        expect(result.data).toEqual({ k: 1, v: 'first' });
        expect(await count()).toBe(1);
      });

      it('trailing debounce pushes nextRunAt out on every save, until maxWait forces a run', async () => {
        const debounced = (v: number, maxWait?: number) =>
          job({
            data: { k: 1, v },
            unique: { 'data.k': 1 },
            uniqueOpts: { debounce: { delay: 10 * MINUTE, ...(maxWait ? { maxWait } : {}) } },
          });
        const first = await save(debounced(1));
        const before = Date.now();

        const second = await save(debounced(2));
        // The debounce window began long ago: maxWait is exceeded, so the job is due now.
        await save({ ...second, debounceStartedAt: new Date(Date.now() - 60 * MINUTE) });
        const forced = await save(debounced(3, 30 * MINUTE));

        expect(first.nextRunAt?.getTime()).toBeGreaterThanOrEqual(before + 10 * MINUTE - 1000);
        expect(second.nextRunAt?.getTime()).toBeGreaterThanOrEqual(before + 10 * MINUTE);
        expect(forced.nextRunAt?.getTime()).toBeLessThanOrEqual(Date.now());
        expect(forced.data).toEqual({ k: 1, v: 3 });
        expect(await count()).toBe(1);
      });

      it('leading debounce keeps the first nextRunAt and takes the new data', async () => {
        const leading = (v: number, at: Date) =>
          job({
            nextRunAt: at,
            data: { k: 1, v },
            unique: { 'data.k': 1 },
            uniqueOpts: { debounce: { delay: MINUTE, strategy: 'leading' } },
          });
        const firstAt = new Date(Date.now() + MINUTE);
        await save(leading(1, firstAt));

        const second = await save(leading(2, new Date(Date.now() + 5 * MINUTE)));

        expect(second.nextRunAt).toEqual(firstAt);
        expect(second.data).toEqual({ k: 1, v: 2 });
      });
    });

    describe('saveJobState', () => {
      it('writes the run state of a job', async () => {
        const saved = await save(job());
        const now = new Date();

        await repo.saveJobState(
          { ...saved, lockedAt: now, lastRunAt: now, nextRunAt: null, failCount: 2, failReason: 'boom', progress: 50 },
          { lastModifiedBy: 'worker-1' },
        );

        expect(await repo.getJobById(String(saved._id))).toMatchObject({
          lockedAt: now,
          lastRunAt: now,
          nextRunAt: null,
          failCount: 2,
          failReason: 'boom',
          progress: 50,
          lastModifiedBy: 'worker-1',
        });
      });

      it('throws for a job that no longer exists', async () => {
        const saved = await save(job());
        await repo.removeJobs({ id: String(saved._id) });

        await expect(repo.saveJobState(saved, undefined)).rejects.toThrow(/does not exist anymore/);
      });
    });

    describe('lockJob and unlocking', () => {
      it('locks an unlocked job once; a second lock fails', async () => {
        const saved = await save(job());

        const first = await repo.lockJob(saved, undefined);
        const second = await repo.lockJob(saved, undefined);

        expect(first?.lockedAt).toBeInstanceOf(Date);
        expect(second).toBeUndefined();
      });

      it('does not lock a job rescheduled since it was read, nor a disabled one', async () => {
        const saved = await save(job({ nextRunAt: new Date(Date.now() - 1000) }));
        const disabled = await save(job({ name: 'job-b', disabled: true }));
        await save({ ...saved, nextRunAt: new Date(Date.now() + MINUTE) });

        expect(await repo.lockJob(saved, undefined)).toBeUndefined();
        expect(await repo.lockJob(disabled, undefined)).toBeUndefined();
      });

      it('unlockJob releases a lock, except on a one-off job already running (nextRunAt null)', async () => {
        const due = await save(job());
        const running = await save(job({ name: 'job-b' }));
        await repo.lockJob(due, undefined);
        const locked = await repo.lockJob(running, undefined);
        await repo.saveJobState({ ...(locked as JobParameters), nextRunAt: null }, undefined);

        await repo.unlockJob(due);
        await repo.unlockJob({ ...running, nextRunAt: null });

        expect((await repo.getJobById(String(due._id)))?.lockedAt).toBeUndefined();
        expect((await repo.getJobById(String(running._id)))?.lockedAt).toBeInstanceOf(Date);
      });

      it('unlockJobs releases the given jobs whatever their nextRunAt', async () => {
        const a = await save(job());
        const b = await save(job({ name: 'job-b' }));
        const lockedA = await repo.lockJob(a, undefined);
        await repo.lockJob(b, undefined);
        await repo.saveJobState({ ...(lockedA as JobParameters), nextRunAt: null }, undefined);

        await repo.unlockJobs([String(a._id), String(b._id)]);

        const { jobs } = await repo.queryJobs({ state: 'running' });
        expect(jobs).toEqual([]);
      });
    });

    describe('getNextJobToRun', () => {
      const scan = (name = 'job-a', now = new Date(), lockLifetime = 10 * MINUTE) =>
        repo.getNextJobToRun(name, new Date(now.getTime() + 5000), new Date(now.getTime() - lockLifetime), now, {
          lastModifiedBy: 'worker-1',
        });

      it('locks the due job at `now` and does not hand it out again', async () => {
        const saved = await save(job({ nextRunAt: new Date(Date.now() - 1000) }));
        const now = new Date();

        const next = await scan('job-a', now);
        const again = await scan('job-a', now);

        expect(next).toMatchObject({ _id: saved._id, lockedAt: now, lastModifiedBy: 'worker-1' });
        expect(again).toBeUndefined();
      });

      it('takes jobs due within the scan window, but not later ones, other names or disabled ones', async () => {
        await save(job({ nextRunAt: new Date(Date.now() + MINUTE) }));
        await save(job({ name: 'job-b' }));
        await save(job({ disabled: true }));
        const soon = await save(job({ nextRunAt: new Date(Date.now() + 2000) }));

        const first = await scan();
        const second = await scan();

        expect(first?._id).toBe(soon._id);
        expect(second).toBeUndefined();
      });

      it('hands out the earliest nextRunAt first, then the higher priority', async () => {
        const at = new Date(Date.now() - MINUTE);
        const low = await save(job({ nextRunAt: at, priority: 0 }));
        const high = await save(job({ nextRunAt: at, priority: 10 }));
        const earliest = await save(job({ nextRunAt: new Date(at.getTime() - 1000), priority: -10 }));

        const order = [await scan(), await scan(), await scan()].map((j) => j?._id);

        expect(order).toEqual([earliest._id, high._id, low._id]);
      });

      it('picks up a job again once its lock is older than the lock deadline (its process died)', async () => {
        const saved = await save(job());
        const locked = await scan();
        // The process died mid-run: Agenda had already cleared nextRunAt of this one-off job.
        await repo.saveJobState({ ...(locked as JobParameters), nextRunAt: null }, undefined);
        const lockedAt = (locked as JobParameters).lockedAt as Date;

        const beforeDeadline = await scan('job-a', new Date(lockedAt.getTime() + 1000), 5000);
        const afterDeadline = await scan('job-a', new Date(lockedAt.getTime() + 6000), 5000);

        expect(beforeDeadline).toBeUndefined();
        expect(afterDeadline?._id).toBe(saved._id);
        expect(afterDeadline?.lockedAt).toEqual(new Date(lockedAt.getTime() + 6000));
      });

      it('hands each of many due jobs out exactly once', async () => {
        const ids = new Set<string>();
        for (let i = 0; i < 30; i++) ids.add(String((await save(job({ data: { i } })))._id));

        const handedOut: string[] = [];
        // Bounded, so a repository that hands jobs out twice fails instead of looping forever.
        for (let turn = 0; turn < 40; turn++) {
          const next = await scan();
          if (next) handedOut.push(String(next._id));
        }

        expect(handedOut.sort()).toEqual([...ids].sort());
      });
    });

    describe('queries', () => {
      it('queryJobs filters by name(s), id, search, data, disabled and state, and pages with a total', async () => {
        const a1 = await save(job({ data: { tenantId: 't1', handoffId: 'h1' } }));
        await save(job({ data: { tenantId: 't1', handoffId: 'h2' }, nextRunAt: new Date(Date.now() + MINUTE) }));
        await save(job({ name: 'other-b', data: { tenantId: 't2' }, disabled: true }));
        await save(job({ name: 'job-c', repeatInterval: 1000 }));

        expect((await repo.queryJobs({ name: 'job-a' })).total).toBe(2);
        expect((await repo.queryJobs({ names: ['job-a', 'job-c'] })).total).toBe(3);
        expect((await repo.queryJobs({ id: String(a1._id) })).jobs.map((j) => j._id)).toEqual([a1._id]);
        expect((await repo.queryJobs({ search: 'OTHER' })).total).toBe(1);
        expect((await repo.queryJobs({ data: { tenantId: 't1' } })).total).toBe(2);
        expect((await repo.queryJobs({ data: { tenantId: 't1', handoffId: 'h2' } })).total).toBe(1);
        expect((await repo.queryJobs({ includeDisabled: false })).total).toBe(3);
        expect((await repo.queryJobs({ state: 'scheduled' })).jobs.map((j) => j.data)).toEqual([
          { tenantId: 't1', handoffId: 'h2' },
        ]);
        expect((await repo.queryJobs({ state: 'paused' })).total).toBe(1);
        expect((await repo.queryJobs({ state: 'repeating' })).jobs[0]?.state).toBe('repeating');
        const page = await repo.queryJobs({ sort: { name: 'asc' }, skip: 1, limit: 2 });
        expect(page.total).toBe(4);
        expect(page.jobs.map((j) => j.name)).toEqual(['job-a', 'job-c']);
      });

      it('reports an overview per name, the distinct names and the queue size', async () => {
        await save(job({ nextRunAt: new Date(Date.now() - 1000) }));
        await save(job({ nextRunAt: new Date(Date.now() + MINUTE) }));
        await save(job({ name: 'job-b', disabled: true, nextRunAt: new Date(Date.now() + MINUTE) }));

        const overview = await repo.getJobsOverview();
        const names = await repo.getDistinctJobNames();
        const queued = await repo.getQueueSize();

        expect(overview.find((o) => o.name === 'job-a')).toMatchObject({ total: 2, queued: 1, scheduled: 1 });
        expect(overview.find((o) => o.name === 'job-b')).toMatchObject({ total: 1, paused: 1 });
        expect(names.sort()).toEqual(['job-a', 'job-b']);
        expect(queued).toBe(1);
      });
    });

    describe('removing, disabling and purging', () => {
      it('removeJobs by id, name, data or notNames; no criteria removes nothing', async () => {
        const a = await save(job({ data: { handoffId: 'h1' } }));
        await save(job({ data: { handoffId: 'h2' } }));
        await save(job({ name: 'job-b', data: { handoffId: 'h1' } }));
        await save(job({ name: 'job-c' }));

        expect(await repo.removeJobs({})).toBe(0);
        expect(await repo.removeJobs({ id: String(a._id) })).toBe(1);
        expect(await repo.removeJobs({ name: 'job-b', data: { handoffId: 'h2' } })).toBe(0);
        expect(await repo.removeJobs({ data: { handoffId: 'h1' } })).toBe(1);
        expect(await repo.removeJobs({ notNames: ['job-a'] })).toBe(1);
        expect((await repo.queryJobs({})).jobs.map((j) => j.data)).toEqual([{ handoffId: 'h2' }]);
      });

      it('disableJobs and enableJobs count the jobs they change; a disabled job is not handed out', async () => {
        await save(job({ nextRunAt: new Date(Date.now() - 1000) }));
        await save(job({ nextRunAt: new Date(Date.now() - 1000) }));

        const disabled = await repo.disableJobs({ name: 'job-a' });
        const disabledAgain = await repo.disableJobs({ name: 'job-a' });
        const next = await repo.getNextJobToRun('job-a', new Date(), new Date(0), undefined, undefined);
        const enabled = await repo.enableJobs({ name: 'job-a' });

        expect([disabled, disabledAgain, enabled]).toEqual([2, 0, 2]);
        expect(next).toBeUndefined();
        expect(await repo.disableJobs({})).toBe(0);
      });

      it('purgeAllJobs removes everything and says how much', async () => {
        await save(job());
        await save(job({ name: 'job-b' }));

        expect(await repo.purgeAllJobs()).toBe(2);
        expect(await count()).toBe(0);
      });
    });
  });
}
