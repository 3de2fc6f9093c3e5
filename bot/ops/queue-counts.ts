/**
 * The job queue for /metrics: Agenda's own overview (per job name: queued, running, scheduled, failed), which both
 * backends answer (our SQLite repository and Agenda's Mongo one). Every job name of the engine is reported, with 0
 * when the queue holds none (completed one-off jobs are removed).
 * @module
 */
import type { Agenda } from 'agenda';
import { JOB_NAMES } from '../../engine/ports.js';
import type { QueueCount } from './collect.js';

const STATES = ['queued', 'running', 'scheduled', 'failed'] as const;

export async function queueCounts(agenda: Pick<Agenda, 'getJobsOverview'>): Promise<QueueCount[]> {
  const overview = new Map((await agenda.getJobsOverview()).map((job) => [job.name, job]));
  const names = [...new Set([...JOB_NAMES, ...overview.keys()])];
  return names.flatMap((name) =>
    STATES.map((state) => ({ job: name, state, count: overview.get(name)?.[state] ?? 0 })),
  );
}
