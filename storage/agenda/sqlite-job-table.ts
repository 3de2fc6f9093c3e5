/**
 * The `agenda_jobs` table of our SQLite Agenda backend: its DDL, and the mapping between a row and Agenda's
 * `JobParameters`. The table lives in the product's SQLite file beside the drizzle tables but is not part of the
 * drizzle schema: Agenda owns its shape, so it is created here with CREATE TABLE IF NOT EXISTS.
 * @module
 */
import { type JobParameters, toJobId } from 'agenda';
import type { Database } from 'better-sqlite3';

export const AGENDA_JOBS_TABLE = 'agenda_jobs';

/**
 * Dates are INTEGER milliseconds since the epoch (exact equality for `lockJob`, cheap range scans); `data`,
 * `repeat_interval` and `skip_days` are JSON text. `disabled` is NULL, 0 or 1 like Mongo's null/false/true, so
 * enable/disable count only the rows they change.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS ${AGENDA_JOBS_TABLE} (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  type TEXT NOT NULL DEFAULT 'normal',
  next_run_at INTEGER,
  locked_at INTEGER,
  last_run_at INTEGER,
  last_finished_at INTEGER,
  failed_at INTEGER,
  fail_count INTEGER,
  fail_reason TEXT,
  repeat_interval TEXT,
  repeat_timezone TEXT,
  repeat_at TEXT,
  data TEXT NOT NULL DEFAULT 'null',
  disabled INTEGER,
  progress REAL,
  last_modified_by TEXT,
  fork INTEGER,
  debounce_started_at INTEGER,
  start_date INTEGER,
  end_date INTEGER,
  skip_days TEXT
);
-- getNextJobToRun: both branches of its OR (unlocked and due; lock expired) are range scans on this index.
CREATE INDEX IF NOT EXISTS ${AGENDA_JOBS_TABLE}_next_idx ON ${AGENDA_JOBS_TABLE} (name, locked_at, next_run_at);
-- The scheduler finds a handoff's jobs by name and payload (schedule replaces, cancel removes).
CREATE INDEX IF NOT EXISTS ${AGENDA_JOBS_TABLE}_handoff_idx
  ON ${AGENDA_JOBS_TABLE} (name, json_extract(data, '$.handoffId'));
-- Agenda's 'single' jobs (every()) exist once per name; the index makes that hold even across processes.
CREATE UNIQUE INDEX IF NOT EXISTS ${AGENDA_JOBS_TABLE}_single_idx ON ${AGENDA_JOBS_TABLE} (name) WHERE type = 'single';
`;

/** Creates the table and its indexes when missing; safe to run on every start. */
export function ensureAgendaJobsTable(db: Database): void {
  db.exec(DDL);
}

/** A stored row, as better-sqlite3 returns it. */
export interface JobRow {
  id: string;
  name: string;
  priority: number;
  type: string;
  next_run_at: number | null;
  locked_at: number | null;
  last_run_at: number | null;
  last_finished_at: number | null;
  failed_at: number | null;
  fail_count: number | null;
  fail_reason: string | null;
  repeat_interval: string | null;
  repeat_timezone: string | null;
  repeat_at: string | null;
  data: string;
  disabled: number | null;
  progress: number | null;
  last_modified_by: string | null;
  fork: number | null;
  debounce_started_at: number | null;
  start_date: number | null;
  end_date: number | null;
  skip_days: string | null;
}

/** Every column but `id`, in one order: what an insert or a full update writes. */
export const WRITABLE_COLUMNS = [
  'name',
  'priority',
  'type',
  'next_run_at',
  'locked_at',
  'last_run_at',
  'last_finished_at',
  'failed_at',
  'fail_count',
  'fail_reason',
  'repeat_interval',
  'repeat_timezone',
  'repeat_at',
  'data',
  'disabled',
  'progress',
  'last_modified_by',
  'fork',
  'debounce_started_at',
  'start_date',
  'end_date',
  'skip_days',
] as const satisfies readonly (keyof JobRow)[];

export type WritableRow = Pick<JobRow, (typeof WRITABLE_COLUMNS)[number]>;

/** A date as stored: milliseconds, or NULL. Agenda sometimes hands over date strings; they are accepted too. */
export function toMillis(value: Date | string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

function toDate(ms: number | null): Date | undefined {
  return ms === null ? undefined : new Date(ms);
}

function toFlag(value: boolean | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return value ? 1 : 0;
}

/**
 * The columns for a job, with unset fields as NULL — Mongo's repository `$set`s every field the same way, so a save
 * replaces the stored job's fields rather than merging into them. `unique` and `uniqueOpts` are not stored (Mongo
 * strips them too); they only steer the save.
 */
export function toWritableRow(job: JobParameters, lastModifiedBy: string | undefined): WritableRow {
  return {
    name: job.name,
    priority: job.priority ?? 0,
    type: job.type ?? 'normal',
    next_run_at: toMillis(job.nextRunAt),
    locked_at: toMillis(job.lockedAt),
    last_run_at: toMillis(job.lastRunAt),
    last_finished_at: toMillis(job.lastFinishedAt),
    failed_at: toMillis(job.failedAt),
    fail_count: job.failCount ?? null,
    fail_reason: job.failReason ?? null,
    repeat_interval: job.repeatInterval === undefined ? null : JSON.stringify(job.repeatInterval),
    repeat_timezone: job.repeatTimezone ?? null,
    repeat_at: job.repeatAt ?? null,
    data: JSON.stringify(job.data ?? null),
    disabled: toFlag(job.disabled),
    progress: job.progress ?? null,
    last_modified_by: lastModifiedBy ?? null,
    fork: toFlag(job.fork),
    debounce_started_at: toMillis(job.debounceStartedAt),
    start_date: toMillis(job.startDate),
    end_date: toMillis(job.endDate),
    skip_days: job.skipDays === undefined ? null : JSON.stringify(job.skipDays),
  };
}

/** A row as Agenda's `JobParameters`; NULL becomes undefined except `nextRunAt`, which Agenda reads as null. */
export function toJobParameters<DATA = unknown>(row: JobRow): JobParameters<DATA> {
  const job: JobParameters<DATA> = {
    _id: toJobId(row.id),
    name: row.name,
    priority: row.priority,
    nextRunAt: row.next_run_at === null ? null : new Date(row.next_run_at),
    type: row.type === 'single' ? 'single' : 'normal',
    // The payload type is the caller's promise, as with every Agenda backend.
    data: JSON.parse(row.data) as DATA,
  };
  const optional: Record<string, unknown> = {
    lockedAt: toDate(row.locked_at),
    lastRunAt: toDate(row.last_run_at),
    lastFinishedAt: toDate(row.last_finished_at),
    failedAt: toDate(row.failed_at),
    failCount: row.fail_count ?? undefined,
    failReason: row.fail_reason ?? undefined,
    repeatInterval: row.repeat_interval === null ? undefined : (JSON.parse(row.repeat_interval) as string | number),
    repeatTimezone: row.repeat_timezone ?? undefined,
    repeatAt: row.repeat_at ?? undefined,
    disabled: row.disabled === null ? undefined : row.disabled === 1,
    progress: row.progress ?? undefined,
    lastModifiedBy: row.last_modified_by ?? undefined,
    fork: row.fork === null ? undefined : row.fork === 1,
    debounceStartedAt: toDate(row.debounce_started_at),
    startDate: toDate(row.start_date),
    endDate: toDate(row.end_date),
    skipDays: row.skip_days === null ? undefined : (JSON.parse(row.skip_days) as number[]),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(job, { [key]: value });
  }
  return job;
}
