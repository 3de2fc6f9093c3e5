import { afterEach, describe, expect, it } from 'vitest';
import { AgendaScheduler } from '../../../../storage/agenda/agenda-scheduler.js';
import { createAgenda } from '../../../../storage/agenda/create-agenda.js';
import { createTempDatabase, refOf } from '../../../contract/agenda-helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const temp = createTempDatabase('agenda-scheduler-');
  cleanups.push(() => temp.dispose());
  const sqlite = temp.open();
  const handle = await createAgenda({ sqlite, notifications: 'polling' });
  cleanups.push(() => handle.close());
  return { agenda: handle.agenda, scheduler: new AgendaScheduler(handle.agenda), sqlite };
}

describe('AgendaScheduler', () => {
  it('stores one pending job per (job, handoff) whose payload is exactly { tenantId, handoffId }', async () => {
    const { agenda, scheduler } = await setup();
    const ref = { ...refOf(1), extra: 'never stored' };
    const at = new Date(Date.now() + 60_000);

    await scheduler.schedule('handoff.return', ref, new Date(Date.now() + 30_000));
    await scheduler.schedule('handoff.return', ref, at);
    await scheduler.schedule('handoff.start', ref, at);

    const { jobs } = await agenda.queryJobs({ sort: { name: 'asc' } });
    expect(jobs.map((j) => [j.name, j.data, j.nextRunAt])).toEqual([
      ['handoff.return', { tenantId: 't1', handoffId: 'h-1' }, at],
      ['handoff.start', { tenantId: 't1', handoffId: 'h-1' }, at],
    ]);
  });

  it('keeps the earlier schedule when the new one cannot be written (a return job is never lost)', async () => {
    const { agenda, scheduler, sqlite } = await setup();
    const first = new Date(Date.now() + 30_000);
    await scheduler.schedule('handoff.return', refOf(1), first);
    // Inserts fail from here on (as on a full disk), deletes still work.
    sqlite.exec(
      "CREATE TRIGGER no_new_jobs BEFORE INSERT ON agenda_jobs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    );

    await expect(scheduler.schedule('handoff.return', refOf(1), new Date(Date.now() + 60_000))).rejects.toThrow();

    const { jobs } = await agenda.queryJobs({ name: 'handoff.return' });
    expect(jobs.map((j) => j.nextRunAt)).toEqual([first]);
  });

  it('scheduleEvery stores a repeating job first due one interval from now', async () => {
    const { agenda, scheduler } = await setup();
    const before = Date.now();

    await scheduler.scheduleEvery('handoff.sweep', refOf(2), 900_000);

    const [job] = (await agenda.queryJobs({ name: 'handoff.sweep' })).jobs;
    expect(job?.repeatInterval).toBe(900_000);
    expect(job?.nextRunAt?.getTime()).toBeGreaterThanOrEqual(before + 900_000);
  });

  it('cancel leaves jobs of the same handoff id in another tenant alone', async () => {
    const { agenda, scheduler } = await setup();
    await scheduler.schedule('handoff.start', refOf(3, 'tenant-a'), new Date(Date.now() + 60_000));
    await scheduler.schedule('handoff.start', refOf(3, 'tenant-b'), new Date(Date.now() + 60_000));

    await scheduler.cancel(refOf(3, 'tenant-a'));

    const { jobs } = await agenda.queryJobs({});
    expect(jobs.map((j) => j.data)).toEqual([{ tenantId: 'tenant-b', handoffId: 'h-3' }]);
  });

  it.each([
    ['an invalid date', (s: AgendaScheduler) => s.schedule('handoff.start', refOf(4), new Date(Number.NaN))],
    ['a zero interval', (s: AgendaScheduler) => s.scheduleEvery('handoff.sweep', refOf(4), 0)],
    ['an infinite interval', (s: AgendaScheduler) => s.scheduleEvery('handoff.sweep', refOf(4), Infinity)],
  ])('refuses %s (a programmer error) with a RangeError', async (_label, call) => {
    const { scheduler } = await setup();

    await expect(call(scheduler)).rejects.toBeInstanceOf(RangeError);
  });
});
