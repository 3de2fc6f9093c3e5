/**
 * Contract suite for the engine's `Scheduler` port (engine/ports.ts), observed only through the port and the job
 * handlers it triggers: schedule runs at its time and replaces an earlier schedule, cancel removes, every repeats.
 * "Did not run" is checked against a later fence job, never by sleeping. Runners: scheduler.agenda-*.test.ts.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobName, JobRef, Scheduler } from '../../engine/ports.js';
import { type JobRun, refOf } from './agenda-helpers.js';

export interface SchedulerHarness {
  readonly scheduler: Scheduler;
  /** Every handler run so far, in order; the harness polls for due jobs every ~50 ms. */
  readonly runs: readonly JobRun[];
}

export interface SchedulerSuiteOptions {
  readonly name: string;
  /** A running scheduler on an empty store of its own; called before every test. */
  readonly create: () => Promise<SchedulerHarness>;
  /** Stops it and drops its store; called after every test. */
  readonly cleanup: (harness: SchedulerHarness) => Promise<void>;
  /** A reason to skip (printed), or false. */
  readonly skip: string | false;
}

const later = (ms: number) => new Date(Date.now() + ms);

export function schedulerContractSuite(options: SchedulerSuiteOptions): void {
  if (options.skip) console.info(`Scheduler contract (${options.name}) skipped: ${options.skip}`);

  describe.skipIf(options.skip !== false)(`Scheduler contract: ${options.name}`, () => {
    let harness: SchedulerHarness | undefined;
    const scheduler = () => (harness as SchedulerHarness).scheduler;
    const runs = () => (harness as SchedulerHarness).runs;
    const runsOf = (job: JobName, ref: JobRef) =>
      runs().filter((r) => r.job === job && r.handoffId === ref.handoffId && r.tenantId === ref.tenantId);
    /** Schedules a fence job after `ms` and waits for it: anything due before it has had its chance to run. */
    const fence = async (ms: number) => {
      const ref = refOf(`fence-${Math.random()}`);
      await scheduler().schedule('handoff.start', ref, later(ms));
      await expect.poll(() => runsOf('handoff.start', ref).length, { timeout: 10_000 }).toBe(1);
    };

    beforeEach(async () => {
      harness = await options.create();
    });
    afterEach(async () => {
      if (harness) await options.cleanup(harness);
      harness = undefined;
    });

    it('runs a scheduled job once, at its time, with its tenant and handoff', async () => {
      const ref = refOf(1, 'tenant-a');
      const at = later(200);

      await scheduler().schedule('handoff.return', ref, at);

      await expect.poll(() => runsOf('handoff.return', ref).length, { timeout: 10_000 }).toBe(1);
      expect(runsOf('handoff.return', ref)[0]?.at).toBeGreaterThanOrEqual(at.getTime());
      await fence(300);
      expect(runsOf('handoff.return', ref)).toHaveLength(1);
    });

    it('runs a job scheduled in the past now', async () => {
      const ref = refOf(2);

      await scheduler().schedule('handoff.start', ref, new Date(Date.now() - 60_000));

      await expect.poll(() => runsOf('handoff.start', ref).length, { timeout: 10_000 }).toBe(1);
    });

    it('scheduling the same job and handoff again replaces the earlier schedule', async () => {
      const ref = refOf(3);
      await scheduler().schedule('handoff.return', ref, later(200));

      const replacedAt = later(500);
      await scheduler().schedule('handoff.return', ref, replacedAt);

      await fence(900);
      expect(runsOf('handoff.return', ref)).toHaveLength(1);
      expect(runsOf('handoff.return', ref)[0]?.at).toBeGreaterThanOrEqual(replacedAt.getTime());
    });

    it('schedules of other jobs or other handoffs are independent', async () => {
      const [one, two] = [refOf(4), refOf(5)];

      await scheduler().schedule('handoff.start', one, later(100));
      await scheduler().schedule('handoff.return', one, later(100));
      await scheduler().schedule('handoff.start', two, later(100));

      await fence(400);
      expect(runsOf('handoff.start', one)).toHaveLength(1);
      expect(runsOf('handoff.return', one)).toHaveLength(1);
      expect(runsOf('handoff.start', two)).toHaveLength(1);
    });

    it('cancel(ref, job) removes that pending job only', async () => {
      const ref = refOf(6);
      await scheduler().schedule('handoff.start', ref, later(300));
      await scheduler().schedule('handoff.return', ref, later(300));

      await scheduler().cancel(ref, 'handoff.start');

      await fence(700);
      expect(runsOf('handoff.start', ref)).toHaveLength(0);
      expect(runsOf('handoff.return', ref)).toHaveLength(1);
    });

    it("cancel(ref) removes every pending job of the handoff and leaves other handoffs' jobs", async () => {
      const [ref, other] = [refOf(7), refOf(8)];
      await scheduler().schedule('handoff.start', ref, later(300));
      await scheduler().schedule('handoff.return', ref, later(300));
      await scheduler().scheduleEvery('handoff.sweep', ref, 250);
      await scheduler().schedule('handoff.start', other, later(300));

      await scheduler().cancel(ref);

      await fence(700);
      expect(runs().filter((r) => r.handoffId === ref.handoffId)).toEqual([]);
      expect(runsOf('handoff.start', other)).toHaveLength(1);
    });

    it('scheduleEvery repeats, first after one interval, until cancelled', async () => {
      const ref = refOf(9);
      const scheduledAt = Date.now();

      await scheduler().scheduleEvery('handoff.sweep', ref, 150);

      await expect.poll(() => runsOf('handoff.sweep', ref).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      expect(runsOf('handoff.sweep', ref)[0]?.at).toBeGreaterThanOrEqual(scheduledAt + 150);
      await scheduler().cancel(ref, 'handoff.sweep');
      const atCancel = runsOf('handoff.sweep', ref).length;
      await fence(600);
      // A run already under way when cancelled may still finish; nothing after it.
      expect(runsOf('handoff.sweep', ref).length).toBeLessThanOrEqual(atCancel + 1);
    });

    it('scheduleEvery again replaces the earlier interval', async () => {
      const ref = refOf(10);
      await scheduler().scheduleEvery('handoff.sweep', ref, 3_600_000);

      await scheduler().scheduleEvery('handoff.sweep', ref, 100);

      await expect.poll(() => runsOf('handoff.sweep', ref).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    });
  });
}
