/**
 * Agenda's `JobRepository` on SQLite (better-sqlite3), in the product's own database file. Locking is one atomic
 * statement per lock (UPDATE … WHERE id = (SELECT …) RETURNING), so several processes sharing the file never hold
 * the same job; an expired lock is taken over like Mongo's repository does. Semantics mirror
 * @agendajs/mongo-backend's MongoJobRepository; test/contract/agenda-sqlite-backend.test.ts checks them.
 * @module
 */
import {
  computeJobState,
  type JobId,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobsSort,
  type JobWithState,
  type RemoveJobsOptions,
} from 'agenda';
import type { Database } from 'better-sqlite3';
import { addDataFilter, addIds, addNames, emptyFilter, toRemoveFilter, toWhere } from './sqlite-job-filter.js';
import { saveJobRow } from './sqlite-job-save.js';
import {
  AGENDA_JOBS_TABLE,
  ensureAgendaJobsTable,
  type JobRow,
  toJobParameters,
  toMillis,
} from './sqlite-job-table.js';

const T = AGENDA_JOBS_TABLE;

/** Order of "which due job first": earliest nextRunAt (NULL first, as in Mongo), then highest priority. */
const NEXT_JOB_ORDER = 'ORDER BY next_run_at ASC, priority DESC, rowid ASC';

const SORT_COLUMNS: Readonly<Record<keyof JobsSort, string>> = {
  nextRunAt: 'next_run_at',
  lastRunAt: 'last_run_at',
  lastFinishedAt: 'last_finished_at',
  priority: 'priority',
  name: 'name',
  data: 'data',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class SqliteJobRepository implements JobRepository {
  readonly #db: Database;
  #connected = false;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Creates the table and indexes when missing. The database handle stays the caller's (never closed here). */
  async connect(): Promise<void> {
    ensureAgendaJobsTable(this.#db);
    this.#connected = true;
  }

  #rows(sql: string, params: readonly unknown[] = []): JobRow[] {
    if (!this.#connected) throw new Error('SqliteJobRepository used before connect()');
    return this.#db.prepare(sql).all(...params) as JobRow[];
  }

  #row(sql: string, params: Record<string, unknown> | readonly unknown[]): JobRow | undefined {
    if (!this.#connected) throw new Error('SqliteJobRepository used before connect()');
    const statement = this.#db.prepare(sql);
    return (Array.isArray(params) ? statement.get(...params) : statement.get(params)) as JobRow | undefined;
  }

  #run(sql: string, params: readonly unknown[] = []): number {
    if (!this.#connected) throw new Error('SqliteJobRepository used before connect()');
    return this.#db.prepare(sql).run(...params).changes;
  }

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const { state, includeDisabled = true, sort, skip = 0, limit = 0 } = options;
    const now = new Date();
    const filter = emptyFilter();
    addNames(filter, options.name, options.names);
    addIds(filter, options.id, options.ids);
    if (typeof options.search === 'string' && options.search.length > 0) {
      filter.clauses.push(`name LIKE ? ESCAPE '\\'`);
      filter.params.push(`%${escapeLike(options.search)}%`);
    }
    if (options.data !== undefined) addDataFilter(filter, options.data);
    if (!includeDisabled) filter.clauses.push('disabled IS NOT 1');
    const order = this.#orderBy(sort);
    const withState = (row: JobRow): JobWithState => {
      const job = toJobParameters(row) as JobWithState;
      return { ...job, state: computeJobState(job, now) };
    };

    if (!state) {
      // Without a state filter, paging can happen in SQL (a state never excludes a row).
      const page = `${limit > 0 ? 'LIMIT ?' : 'LIMIT -1'} OFFSET ?`;
      const rows = this.#rows(`SELECT * FROM ${T} ${toWhere(filter)} ${order} ${page}`, [
        ...filter.params,
        ...(limit > 0 ? [limit] : []),
        skip,
      ]);
      const count = this.#db.prepare(`SELECT COUNT(*) AS n FROM ${T} ${toWhere(filter)}`).get(...filter.params) as {
        n: number;
      };
      return { jobs: rows.map(withState), total: count.n };
    }

    // A state is computed from several timestamps, so it is filtered here and paged afterwards (as in Mongo's).
    const matching = this.#rows(`SELECT * FROM ${T} ${toWhere(filter)} ${order}`, filter.params)
      .map(withState)
      .filter((job) => (state === 'paused' ? job.disabled === true : job.state === state));
    const end = limit > 0 ? skip + limit : undefined;
    return { jobs: matching.slice(skip, end), total: matching.length };
  }

  #orderBy(sort: JobsSort | undefined): string {
    const parts = Object.entries(sort ?? {})
      .filter(([key, dir]) => key in SORT_COLUMNS && (dir === 'asc' || dir === 'desc'))
      .map(([key, dir]) => `${SORT_COLUMNS[key as keyof JobsSort]} ${dir === 'asc' ? 'ASC' : 'DESC'}`);
    return `ORDER BY ${parts.length > 0 ? parts.join(', ') : 'next_run_at DESC, last_run_at DESC'}, rowid ASC`;
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = new Date();
    const overviews = new Map<string, JobsOverview>();
    for (const row of this.#rows(`SELECT * FROM ${T} ORDER BY name`)) {
      const job = toJobParameters(row);
      let overview = overviews.get(job.name);
      if (!overview) {
        overview = {
          name: job.name,
          total: 0,
          running: 0,
          scheduled: 0,
          queued: 0,
          completed: 0,
          failed: 0,
          repeating: 0,
          paused: 0,
        };
        overviews.set(job.name, overview);
      }
      overview.total++;
      overview[computeJobState(job, now)]++;
      if (job.disabled === true) overview.paused++;
    }
    return [...overviews.values()];
  }

  async getDistinctJobNames(): Promise<string[]> {
    return (this.#db.prepare(`SELECT DISTINCT name FROM ${T} ORDER BY name`).all() as { name: string }[]).map(
      (r) => r.name,
    );
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    const row = this.#row(`SELECT * FROM ${T} WHERE id = ?`, [id]);
    return row ? toJobParameters(row) : null;
  }

  async getQueueSize(): Promise<number> {
    const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM ${T} WHERE next_run_at < ?`).get(Date.now()) as {
      n: number;
    };
    return row.n;
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const filter = toRemoveFilter(options);
    return filter ? this.#run(`DELETE FROM ${T} ${toWhere(filter)}`, filter.params) : 0;
  }

  async saveJob<DATA = unknown>(
    job: JobParameters<DATA>,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters<DATA>> {
    if (!this.#connected) throw new Error('SqliteJobRepository used before connect()');
    return saveJobRow({ db: this.#db, lastModifiedBy: options?.lastModifiedBy, now: new Date() }, job);
  }

  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (!job._id) throw new Error('Cannot save job state without job ID');
    const changes = this.#run(
      `UPDATE ${T} SET locked_at = ?, next_run_at = ?, last_run_at = ?, progress = ?, fail_reason = ?, fail_count = ?,
        failed_at = ?, last_finished_at = ?, last_modified_by = ? WHERE id = ? AND name = ?`,
      [
        toMillis(job.lockedAt),
        toMillis(job.nextRunAt),
        toMillis(job.lastRunAt),
        job.progress ?? null,
        job.failReason ?? null,
        job.failCount ?? null,
        toMillis(job.failedAt),
        toMillis(job.lastFinishedAt),
        options?.lastModifiedBy ?? null,
        String(job._id),
        job.name,
      ],
    );
    if (changes !== 1) {
      throw new Error(
        `job ${job._id} (name: ${job.name}) cannot be updated in the database, maybe it does not exist anymore?`,
      );
    }
  }

  /** Locks this very job if it is still unlocked, enabled and due at the same instant it was read with. */
  async lockJob(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const row = this.#row(
      `UPDATE ${T} SET locked_at = @now, last_modified_by = @by
        WHERE id = @id AND name = @name AND locked_at IS NULL AND next_run_at IS @nextRunAt AND disabled IS NOT 1
        RETURNING *`,
      {
        now: Date.now(),
        by: options?.lastModifiedBy ?? null,
        id: String(job._id),
        name: job.name,
        nextRunAt: toMillis(job.nextRunAt),
      },
    );
    return row ? toJobParameters(row) : undefined;
  }

  /** Unlocks a job unless it is a one-off already running (nextRunAt NULL), as Mongo's repository does. */
  async unlockJob(job: JobParameters): Promise<void> {
    if (!job._id) return;
    this.#run(`UPDATE ${T} SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL`, [String(job._id)]);
  }

  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    if (jobIds.length === 0) return;
    const ids = jobIds.map(String);
    this.#run(`UPDATE ${T} SET locked_at = NULL WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  }

  /**
   * Finds and locks, in one statement, the next job of `jobName`: unlocked and due by `nextScanAt`, or locked before
   * `lockDeadline` (its process died or stalled). SQLite runs the statement under the database write lock, so two
   * processes on one file can never both lock the same job.
   */
  async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    const row = this.#row(
      `UPDATE ${T} SET locked_at = @lockTime, last_modified_by = @by
        WHERE id = (
          SELECT id FROM ${T}
          WHERE name = @name AND disabled IS NOT 1
            AND ((locked_at IS NULL AND next_run_at <= @nextScanAt) OR locked_at <= @lockDeadline)
          ${NEXT_JOB_ORDER} LIMIT 1)
        RETURNING *`,
      {
        lockTime: (now ?? new Date()).getTime(),
        by: options?.lastModifiedBy ?? null,
        name: jobName,
        nextScanAt: nextScanAt.getTime(),
        lockDeadline: lockDeadline.getTime(),
      },
    );
    return row ? toJobParameters(row) : undefined;
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    const filter = toRemoveFilter(options);
    if (!filter) return 0;
    // Only rows that change count, like Mongo's modifiedCount.
    return this.#run(`UPDATE ${T} SET disabled = 1 ${toWhere(filter)} AND disabled IS NOT 1`, filter.params);
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    const filter = toRemoveFilter(options);
    if (!filter) return 0;
    return this.#run(`UPDATE ${T} SET disabled = 0 ${toWhere(filter)} AND disabled IS NOT 0`, filter.params);
  }

  async purgeAllJobs(): Promise<number> {
    return this.#run(`DELETE FROM ${T}`);
  }
}
