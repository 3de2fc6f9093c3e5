/**
 * `saveJob` of the SQLite Agenda repository: insert, update by id, Agenda's 'single' jobs (every()) and `unique`
 * jobs with insert-only and debounce, mirroring @agendajs/mongo-backend's MongoJobRepository.saveJob. Each save is
 * one IMMEDIATE transaction, so a find-then-insert can't interleave with another process on the same file.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { JobParameters } from 'agenda';
import type { Database } from 'better-sqlite3';
import { addUniqueQuery, emptyFilter, toWhere } from './sqlite-job-filter.js';
import {
  AGENDA_JOBS_TABLE,
  type JobRow,
  toJobParameters,
  toWritableRow,
  WRITABLE_COLUMNS,
  type WritableRow,
} from './sqlite-job-table.js';

const T = AGENDA_JOBS_TABLE;
const INSERT_SQL = `INSERT INTO ${T} (id, ${WRITABLE_COLUMNS.join(', ')})
  VALUES (@id, ${WRITABLE_COLUMNS.map((c) => `@${c}`).join(', ')}) RETURNING *`;

function updateSql(columns: readonly string[], where: string): string {
  return `UPDATE ${T} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE ${where} RETURNING *`;
}

const ALL_BUT_NEXT_RUN = WRITABLE_COLUMNS.filter((c) => c !== 'next_run_at');

export interface SaveContext {
  readonly db: Database;
  readonly lastModifiedBy: string | undefined;
  readonly now: Date;
}

/** Saves a job as Agenda's `JobRepository.saveJob` promises; returns the stored job (with its id). */
export function saveJobRow<DATA>(ctx: SaveContext, job: JobParameters<DATA>): JobParameters<DATA> {
  const run = ctx.db.transaction(() => saveInTransaction(ctx, job));
  return run.immediate();
}

function saveInTransaction<DATA>(ctx: SaveContext, job: JobParameters<DATA>): JobParameters<DATA> {
  const { db, now } = ctx;
  const row = toWritableRow(job as JobParameters, ctx.lastModifiedBy);

  if (job._id) {
    const updated = db.prepare(updateSql(WRITABLE_COLUMNS, 'id = @id AND name = @name')).get({ ...row, id: job._id }) as
      | JobRow
      | undefined;
    // A job removed meanwhile is not resurrected: like Mongo, hand back what we were given.
    return updated ? toJobParameters<DATA>(updated) : job;
  }

  if (row.type === 'single') {
    const existing = db.prepare(`SELECT * FROM ${T} WHERE name = ? AND type = 'single' LIMIT 1`).get(row.name) as
      | JobRow
      | undefined;
    if (!existing) return insert<DATA>(db, row);
    // A due nextRunAt only applies on insert ($setOnInsert in Mongo): re-declaring every() at start-up must not
    // push an existing schedule around.
    const protectNextRun = row.next_run_at !== null && row.next_run_at <= now.getTime();
    return update<DATA>(db, existing.id, row, protectNextRun ? ALL_BUT_NEXT_RUN : WRITABLE_COLUMNS);
  }

  if (job.unique) {
    const filter = emptyFilter();
    addUniqueQuery(filter, { ...job.unique, name: row.name });
    const existing = db.prepare(`SELECT * FROM ${T} ${toWhere(filter)} ORDER BY rowid LIMIT 1`).get(...filter.params) as
      | JobRow
      | undefined;
    const debounce = job.uniqueOpts?.debounce;
    if (debounce) return saveDebounced<DATA>(ctx, row, existing, debounce);
    if (!existing) return insert<DATA>(db, row);
    if (job.uniqueOpts?.insertOnly) return toJobParameters<DATA>(existing);
    return update<DATA>(db, existing.id, row, WRITABLE_COLUMNS);
  }

  return insert<DATA>(db, row);
}

type Debounce = NonNullable<NonNullable<JobParameters['uniqueOpts']>['debounce']>;

/** Debounce as Mongo's repository does it: trailing pushes nextRunAt out (bounded by maxWait), leading keeps it. */
function saveDebounced<DATA>(
  ctx: SaveContext,
  row: WritableRow,
  existing: JobRow | undefined,
  debounce: Debounce,
): JobParameters<DATA> {
  const now = ctx.now.getTime();
  if (!existing) {
    const first: WritableRow =
      debounce.strategy === 'leading'
        ? { ...row, debounce_started_at: now }
        : { ...row, next_run_at: now + debounce.delay, debounce_started_at: now };
    return insert<DATA>(ctx.db, first);
  }
  const startedAt = existing.debounce_started_at ?? now;
  if (debounce.strategy === 'leading') {
    return update<DATA>(
      ctx.db,
      existing.id,
      { ...row, next_run_at: existing.next_run_at, debounce_started_at: startedAt },
      WRITABLE_COLUMNS,
    );
  }
  const waitedTooLong = debounce.maxWait !== undefined && debounce.maxWait > 0 && now - startedAt >= debounce.maxWait;
  const next: WritableRow = waitedTooLong
    ? { ...row, next_run_at: now, debounce_started_at: null }
    : { ...row, next_run_at: now + debounce.delay, debounce_started_at: startedAt };
  return update<DATA>(ctx.db, existing.id, next, WRITABLE_COLUMNS);
}

function insert<DATA>(db: Database, row: WritableRow): JobParameters<DATA> {
  const inserted = db.prepare(INSERT_SQL).get({ ...row, id: randomUUID() }) as JobRow;
  return toJobParameters<DATA>(inserted);
}

function update<DATA>(db: Database, id: string, row: WritableRow, columns: readonly string[]): JobParameters<DATA> {
  const params: Record<string, unknown> = { id };
  for (const column of columns) params[column] = row[column as keyof WritableRow];
  const updated = db.prepare(updateSql(columns, 'id = @id')).get(params) as JobRow;
  return toJobParameters<DATA>(updated);
}
