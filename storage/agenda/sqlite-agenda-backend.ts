/**
 * Agenda's `AgendaBackend` on SQLite: our `SqliteJobRepository` in the product's database file, polled by Agenda.
 * Optionally an in-process notification channel, so a job saved for "now" by this process starts at once instead
 * of at the next poll; other processes on the same file still find it by polling.
 * @module
 */
import { type AgendaBackend, InMemoryNotificationChannel, type NotificationChannel } from 'agenda';
import type { Database } from 'better-sqlite3';
import { SqliteJobRepository } from './sqlite-job-repository.js';

export interface SqliteAgendaBackendOptions {
  /** An open better-sqlite3 handle (WAL mode recommended). It stays the caller's: disconnect() never closes it. */
  readonly db: Database;
  /** `in-process` (default): wake this process's Agenda when it saves a due job. `polling`: rely on processEvery. */
  readonly notifications?: 'in-process' | 'polling';
}

export class SqliteAgendaBackend implements AgendaBackend {
  readonly name = 'SQLite';
  readonly repository: SqliteJobRepository;
  readonly notificationChannel: NotificationChannel | undefined;
  /** The database handle was passed in, so Agenda must not close it. */
  readonly ownsConnection = false;

  constructor(options: SqliteAgendaBackendOptions) {
    this.repository = new SqliteJobRepository(options.db);
    this.notificationChannel =
      (options.notifications ?? 'in-process') === 'in-process' ? new InMemoryNotificationChannel() : undefined;
  }

  async connect(): Promise<void> {
    await this.repository.connect();
  }

  /** Nothing to release: the handle belongs to the caller, who closes it after Agenda has stopped. */
  async disconnect(): Promise<void> {}
}
