/**
 * Agenda wiring for the composition root: build Agenda on SQLite or MongoDB, the engine's Scheduler port on it,
 * and the runner that executes the engine's jobs. See README.md in this folder.
 * @module
 */
export { AgendaScheduler } from './agenda-scheduler.js';
export { type AgendaHandle, type CreateAgendaOptions, createAgenda } from './create-agenda.js';
export { JobPayload, parseJobPayload, toJobPayload } from './job-payload.js';
export {
  isRetryableJobError,
  type JobHandler,
  type JobHandlers,
  JobPayloadError,
  type JobRunner,
  type JobRunnerOptions,
  startJobRunner,
} from './job-runner.js';
export { SqliteAgendaBackend, type SqliteAgendaBackendOptions } from './sqlite-agenda-backend.js';
export { SqliteJobRepository } from './sqlite-job-repository.js';
export { AGENDA_JOBS_TABLE } from './sqlite-job-table.js';
