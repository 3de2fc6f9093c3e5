/**
 * A separate process running the job runner on a shared SQLite file, for the multi-process tests in
 * agenda-sqlite-backend.test.ts. Started with `node --import tsx`; prints one JSON line per event on stdout.
 * Usage: agenda-child-worker.ts <dbPath> <work|hang> <lockLifetimeMs>
 * @module
 */
import Database from 'better-sqlite3';
import { createAgenda } from '../../storage/agenda/create-agenda.js';
import { startJobRunner } from '../../storage/agenda/job-runner.js';
import { createRecordingLogger } from './agenda-helpers.js';

const [dbPath, mode = 'work', lockLifetime = '60000'] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: agenda-child-worker.ts <dbPath> <work|hang> <lockLifetimeMs>');

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, at: Date.now(), ...event })}\n`);
}

const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const handle = await createAgenda({ sqlite: db, notifications: 'polling', name: `child-${process.pid}` });
const handler = async (ref: { handoffId: string }) => {
  emit({ event: 'start', handoffId: ref.handoffId });
  // 'hang' keeps the job (and its heartbeat) alive until the parent kills this process.
  await new Promise((resolve) => setTimeout(resolve, mode === 'hang' ? 3_600_000 : 10));
  emit({ event: 'done', handoffId: ref.handoffId });
};
const runner = await startJobRunner({
  agenda: handle.agenda,
  handlers: { start: handler, return: handler, sweep: handler },
  logger: createRecordingLogger(),
  processEveryMs: 50,
  lockLifetimeMs: Number(lockLifetime),
  concurrency: 4,
  shutdownTimeoutMs: 2000,
  close: handle.close,
});
emit({ event: 'ready' });
process.once('SIGTERM', () => {
  void runner.stop().then(() => {
    db.close();
    process.exit(0);
  });
});
