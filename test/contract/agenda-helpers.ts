/**
 * Shared test helpers for storage/agenda: temporary SQLite files, a recording logger, job references, and a
 * runner harness that records every handler run.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { toHandoffId, toTenantId } from '../../engine/ids.js';
import type { JobName, JobRef, Logger } from '../../engine/ports.js';
import type { JobHandler, JobHandlers } from '../../storage/agenda/job-runner.js';

export interface TempDatabase {
  readonly path: string;
  /** Opens another connection to the same file, as a second process would. */
  open(): Database.Database;
  /** Closes every connection opened here and deletes the folder. */
  dispose(): void;
}

/** A fresh folder with one database file in WAL mode, as the product opens it. */
export function createTempDatabase(prefix = 'agenda-'): TempDatabase {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const path = join(folder, 'handoff.db');
  const handles: Database.Database[] = [];
  return {
    path,
    open() {
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      handles.push(db);
      return db;
    },
    dispose() {
      for (const db of handles) if (db.open) db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string | undefined;
  readonly fields: Record<string, unknown>;
}

/** A Logger that keeps what it is told, child bindings merged in. */
export function createRecordingLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const write = (level: LogEntry['level']) => (obj: Record<string, unknown>, msg?: string) => {
      entries.push({ level, msg, fields: { ...bindings, ...obj } });
    };
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), { entries });
}

/** A job reference for handoff `h-<n>` of tenant `t1`. */
export function refOf(n: number | string, tenant = 't1'): JobRef {
  return { tenantId: toTenantId(tenant), handoffId: toHandoffId(`h-${n}`) };
}

export interface JobRun {
  readonly job: JobName;
  readonly handoffId: string;
  readonly tenantId: string;
  /** Date.now() when the handler was entered. */
  readonly at: number;
}

/** Handlers that record each run and then run `body` (default: return at once). */
export function recordingHandlers(
  runs: JobRun[],
  body: (job: JobName, ref: JobRef, signal: AbortSignal) => Promise<void> = async () => {},
): JobHandlers {
  const handler =
    (job: JobName): JobHandler =>
    async (ref, signal) => {
      runs.push({ job, handoffId: ref.handoffId, tenantId: ref.tenantId, at: Date.now() });
      await body(job, ref, signal);
    };
  return { start: handler('handoff.start'), return: handler('handoff.return'), sweep: handler('handoff.sweep') };
}

/** Resolves when `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
