/**
 * Runs the Scheduler contract suite against AgendaScheduler on our SQLite Agenda backend, one temporary file per test.
 * @module
 */
import { AgendaScheduler } from '../../storage/agenda/agenda-scheduler.js';
import { createAgenda } from '../../storage/agenda/create-agenda.js';
import { type JobRunner, startJobRunner } from '../../storage/agenda/job-runner.js';
import {
  createRecordingLogger,
  createTempDatabase,
  type JobRun,
  recordingHandlers,
  type TempDatabase,
} from './agenda-helpers.js';
import { type SchedulerHarness, schedulerContractSuite } from './scheduler.suite.js';

const opened = new Map<SchedulerHarness, { runner: JobRunner; temp: TempDatabase }>();

schedulerContractSuite({
  name: 'agenda on sqlite',
  create: async () => {
    const temp = createTempDatabase('scheduler-');
    const handle = await createAgenda({ sqlite: temp.open() });
    const runs: JobRun[] = [];
    const runner = await startJobRunner({
      agenda: handle.agenda,
      handlers: recordingHandlers(runs),
      logger: createRecordingLogger(),
      processEveryMs: 50,
      close: handle.close,
    });
    const harness = { scheduler: new AgendaScheduler(handle.agenda), runs };
    opened.set(harness, { runner, temp });
    return harness;
  },
  cleanup: async (harness) => {
    const entry = opened.get(harness);
    opened.delete(harness);
    await entry?.runner.stop();
    entry?.temp.dispose();
  },
  skip: false,
});
