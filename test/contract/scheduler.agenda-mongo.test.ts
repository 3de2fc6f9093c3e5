/**
 * Runs the Scheduler contract suite against AgendaScheduler on @agendajs/mongo-backend, one database per test.
 * Skipped, with the reason printed, unless MONGODB_URL points at a MongoDB server on loopback.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { AgendaScheduler } from '../../storage/agenda/agenda-scheduler.js';
import { createAgenda } from '../../storage/agenda/create-agenda.js';
import { type JobRunner, startJobRunner } from '../../storage/agenda/job-runner.js';
import { createRecordingLogger, type JobRun, recordingHandlers } from './agenda-helpers.js';
import { type SchedulerHarness, schedulerContractSuite } from './scheduler.suite.js';

const mongoUrl = process.env.MONGODB_URL;
const opened = new Map<SchedulerHarness, { runner: JobRunner; url: string }>();

/** The same server, a database of its own. */
function privateDatabaseUrl(base: string): string {
  const url = new URL(base);
  url.pathname = `/handoff_scheduler_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

schedulerContractSuite({
  name: 'agenda on mongodb',
  create: async () => {
    const url = privateDatabaseUrl(mongoUrl ?? '');
    const handle = await createAgenda({ mongoUrl: url });
    const runs: JobRun[] = [];
    const runner = await startJobRunner({
      agenda: handle.agenda,
      handlers: recordingHandlers(runs),
      logger: createRecordingLogger(),
      processEveryMs: 50,
      close: handle.close,
    });
    const harness = { scheduler: new AgendaScheduler(handle.agenda), runs };
    opened.set(harness, { runner, url });
    return harness;
  },
  cleanup: async (harness) => {
    const entry = opened.get(harness);
    opened.delete(harness);
    if (!entry) return;
    await entry.runner.stop();
    const client = await MongoClient.connect(entry.url);
    await client.db().dropDatabase();
    await client.close();
  },
  skip: mongoUrl ? false : 'MONGODB_URL is not set',
});
