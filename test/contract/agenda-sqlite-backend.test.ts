/**
 * Our SQLite Agenda backend: the JobRepository contract suite on a temporary file, then what only a shared file
 * shows — several connections and processes never running one job twice, a killed process's job running again
 * after its lock lifetime, and a job scheduled for T running at T.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JobParameters } from 'agenda';
import { afterEach, describe, expect, it } from 'vitest';
import { AgendaScheduler } from '../../storage/agenda/agenda-scheduler.js';
import { type AgendaHandle, createAgenda } from '../../storage/agenda/create-agenda.js';
import { type JobRunner, startJobRunner } from '../../storage/agenda/job-runner.js';
import { SqliteJobRepository } from '../../storage/agenda/sqlite-job-repository.js';
import {
  createRecordingLogger,
  createTempDatabase,
  type JobRun,
  recordingHandlers,
  refOf,
  type TempDatabase,
} from './agenda-helpers.js';
import { jobRepositoryContractSuite } from './agenda-repository.suite.js';

const suiteDatabase = createTempDatabase('agenda-suite-');

jobRepositoryContractSuite({
  name: 'sqlite',
  create: async () => {
    const repository = new SqliteJobRepository(suiteDatabase.open());
    await repository.connect();
    return repository;
  },
  cleanup: async () => suiteDatabase.dispose(),
  missingId: () => 'no-such-job',
  skip: false,
});

/** Everything a test opened, closed in reverse order afterwards. */
const opened: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

function tempDatabase(): TempDatabase {
  const temp = createTempDatabase();
  opened.push(() => temp.dispose());
  return temp;
}

async function agendaOn(temp: TempDatabase, name?: string): Promise<AgendaHandle> {
  const handle = await createAgenda({ sqlite: temp.open(), notifications: 'polling', ...(name ? { name } : {}) });
  opened.push(() => handle.close());
  return handle;
}

async function runnerOn(temp: TempDatabase, runs: JobRun[], options: { lockLifetimeMs?: number } = {}) {
  const handle = await agendaOn(temp);
  const runner: JobRunner = await startJobRunner({
    agenda: handle.agenda,
    handlers: recordingHandlers(runs, () => new Promise((resolve) => setTimeout(resolve, 5))),
    logger: createRecordingLogger(),
    processEveryMs: 50,
    shutdownTimeoutMs: 2000,
    ...options,
  });
  opened.push(() => runner.stop());
  return handle;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const readers = new WeakMap<TempDatabase, ReturnType<TempDatabase['open']>>();

/** How many rows agenda_jobs holds; completed one-off runs are removed, so 0 means "all done". */
function storedJobs(temp: TempDatabase): number {
  const db = readers.get(temp) ?? temp.open();
  readers.set(temp, db);
  return (db.prepare('SELECT COUNT(*) AS n FROM agenda_jobs').get() as { n: number }).n;
}

describe('SQLite backend specifics', () => {
  it('creates its table beside other tables, idempotently, and leaves them alone', async () => {
    const temp = tempDatabase();
    const db = temp.open();
    db.exec('CREATE TABLE handoffs (id TEXT PRIMARY KEY)');
    db.prepare('INSERT INTO handoffs VALUES (?)').run('h1');

    await new SqliteJobRepository(db).connect();
    await new SqliteJobRepository(temp.open()).connect();

    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'agenda_jobs' }, { name: 'handoffs' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM handoffs').get()).toEqual({ n: 1 });
  });

  it('refuses query operators in a unique key with a clear error', async () => {
    const repository = new SqliteJobRepository(tempDatabase().open());
    await repository.connect();
    const job: JobParameters = { name: 'x', priority: 0, nextRunAt: new Date(), type: 'normal', data: {} };

    const saving = repository.saveJob({ ...job, unique: { 'data.k': { $where: 'sleep(1000)' } } }, undefined);

    await expect(saving).rejects.toThrow(/unsupported operator in job selector for "data.k"/);
  });

  it('two connections on one file never hand out the same job', async () => {
    const temp = tempDatabase();
    const [a, b] = [new SqliteJobRepository(temp.open()), new SqliteJobRepository(temp.open())];
    await a.connect();
    await b.connect();
    for (let i = 0; i < 50; i++) {
      await a.saveJob({ name: 'x', priority: 0, nextRunAt: new Date(), type: 'normal', data: { i } }, undefined);
    }
    const next = (repo: SqliteJobRepository) =>
      repo.getNextJobToRun('x', new Date(Date.now() + 1000), new Date(Date.now() - 60_000), undefined, undefined);

    const handedOut: string[] = [];
    for (let turn = 0; turn < 60; turn++) {
      const job = await next(turn % 2 === 0 ? a : b);
      if (job) handedOut.push(String(job._id));
    }

    expect(handedOut).toHaveLength(50);
    expect(new Set(handedOut).size).toBe(50);
  });
});

describe('Agenda on the SQLite backend', () => {
  it('two Agenda instances on one file run each of many jobs exactly once', async () => {
    const temp = tempDatabase();
    const runs: JobRun[] = [];
    const [one, two] = [await runnerOn(temp, runs), await runnerOn(temp, runs)];
    const scheduler = new AgendaScheduler(one.agenda);

    for (let i = 0; i < 40; i++) await scheduler.schedule('handoff.start', refOf(i), new Date());

    await expect.poll(() => storedJobs(temp), { timeout: 15_000 }).toBe(0);
    const counts = countBy(runs, (run) => run.handoffId);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(two.backendName).toBe('SQLite');
  });

  it('two processes on one file run each of many jobs exactly once', async () => {
    const temp = tempDatabase();
    const scheduler = new AgendaScheduler((await agendaOn(temp)).agenda);
    const workers = [spawnWorker(temp.path, 'work', 60_000), spawnWorker(temp.path, 'work', 60_000)];
    for (const worker of workers) await worker.ready();

    for (let i = 0; i < 60; i++) await scheduler.schedule('handoff.start', refOf(i), new Date());

    await expect.poll(() => storedJobs(temp), { timeout: 20_000 }).toBe(0);
    const starts = workers.flatMap((w) => w.events.filter((e) => e.event === 'start'));
    const counts = countBy(starts, (e) => String(e.handoffId));
    expect(counts.size).toBe(60);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    console.info(`jobs per process: ${workers.map((w) => w.events.filter((e) => e.event === 'start').length)}`);
  });

  it('a job whose process was killed runs again once its lock lifetime has passed', async () => {
    const temp = tempDatabase();
    const lockLifetimeMs = 1500;
    const scheduler = new AgendaScheduler((await agendaOn(temp)).agenda);
    await scheduler.schedule('handoff.start', refOf('killed'), new Date());
    const worker = spawnWorker(temp.path, 'hang', lockLifetimeMs);
    await worker.ready();
    await expect.poll(() => worker.events.some((e) => e.event === 'start'), { timeout: 10_000 }).toBe(true);

    await worker.kill('SIGKILL');
    const row = temp.open().prepare('SELECT locked_at FROM agenda_jobs').get() as { locked_at: number | null };
    const runs: JobRun[] = [];
    await runnerOn(temp, runs, { lockLifetimeMs });

    await expect.poll(() => runs.length, { timeout: 10_000 }).toBe(1);
    expect(row.locked_at).not.toBeNull();
    expect(runs[0]?.handoffId).toBe('h-killed');
    // Never taken over while the dead process's lock was still valid.
    expect(runs[0]?.at).toBeGreaterThanOrEqual((row.locked_at ?? 0) + lockLifetimeMs);
    await expect.poll(() => storedJobs(temp), { timeout: 5_000 }).toBe(0);
    expect(runs).toHaveLength(1);
  });

  it('a lock left behind by a crashed run is picked up again', async () => {
    const temp = tempDatabase();
    const handle = await agendaOn(temp);
    const job = await handle.agenda.create('handoff.return', { tenantId: 't1', handoffId: 'h-left' }).save();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await handle.agenda.db.saveJobState({ ...job.attrs, lockedAt: hourAgo, lastRunAt: hourAgo, nextRunAt: null }, {});
    const runs: JobRun[] = [];

    await runnerOn(temp, runs);

    await expect
      .poll(() => runs.map((r) => `${r.job} ${r.handoffId}`), { timeout: 10_000 })
      .toEqual(['handoff.return h-left']);
  });

  it('a job scheduled for T runs at T (never before), within the poll interval', async () => {
    const temp = tempDatabase();
    const runs: JobRun[] = [];
    const handle = await runnerOn(temp, runs);
    const at = new Date(Date.now() + 400);

    await new AgendaScheduler(handle.agenda).schedule('handoff.return', refOf('T'), at);

    await expect.poll(() => runs.length, { timeout: 5_000 }).toBe(1);
    expect(runs[0]?.at).toBeGreaterThanOrEqual(at.getTime());
  });
});

interface WorkerEvent {
  readonly pid: number;
  readonly at: number;
  readonly event: 'ready' | 'start' | 'done';
  readonly handoffId?: string;
}

/** Starts agenda-child-worker.ts in its own Node process; stopped (SIGTERM) after the test unless killed before. */
function spawnWorker(dbPath: string, mode: 'work' | 'hang', lockLifetimeMs: number) {
  const script = join(import.meta.dirname, 'agenda-child-worker.ts');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', script, dbPath, mode, String(lockLifetimeMs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const events: WorkerEvent[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => events.push(JSON.parse(line) as WorkerEvent));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  opened.push(() => kill('SIGTERM'));
  return {
    events,
    kill,
    async ready(): Promise<void> {
      await expect
        .poll(() => events.some((e) => e.event === 'ready') || child.exitCode !== null, { timeout: 20_000 })
        .toBe(true);
      if (child.exitCode !== null) throw new Error(`worker exited early: ${stderr}`);
    },
  };
}
