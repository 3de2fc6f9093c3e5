/**
 * Builds the Agenda instance for this deployment: on our SQLite backend in the product's database file, or on
 * MongoDB (@agendajs/mongo-backend) when MONGODB_URL is configured — the scale-out path where replicas share a queue.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type AgendaBackend } from 'agenda';
import type { Database } from 'better-sqlite3';
import { SqliteAgendaBackend } from './sqlite-agenda-backend.js';

export type AgendaStorageOptions =
  | {
      /** An open better-sqlite3 handle on the product's database; the caller closes it after Agenda stops. */
      readonly sqlite: Database;
      readonly mongoUrl?: never;
      /** See SqliteAgendaBackendOptions.notifications (default 'in-process'). */
      readonly notifications?: 'in-process' | 'polling';
    }
  | {
      /** A MongoDB connection string; Agenda opens and closes its own client. */
      readonly mongoUrl: string;
      readonly sqlite?: never;
      /** Collection for the jobs (default 'agendaJobs', Agenda's own default). */
      readonly collection?: string;
    };

export type CreateAgendaOptions = AgendaStorageOptions & {
  /**
   * This instance's name, stored as `lastModifiedBy` on jobs it locks; must differ between processes so a stopping
   * runner can release exactly its own leftover locks. Default: host, pid and a random suffix.
   */
  readonly name?: string;
  /** Jobs running at once in this process, all job names together (Agenda's default is 20). */
  readonly maxConcurrency?: number;
};

export interface AgendaHandle {
  readonly agenda: Agenda;
  /** 'SQLite' or 'MongoDB', for logs and health output. */
  readonly backendName: string;
  /** Releases what the backend opened (the Mongo client); leaves a passed-in SQLite handle open. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects the chosen backend, then hands it to Agenda already connected: Agenda's constructor would otherwise
 * connect in the background and turn a bad URL into an unhandled rejection instead of a start-up error.
 * @example
 * const { agenda, close } = await createAgenda({ sqlite: db });
 * const scheduler = new AgendaScheduler(agenda);
 */
export async function createAgenda(options: CreateAgendaOptions): Promise<AgendaHandle> {
  const backend = toBackend(options);
  try {
    await backend.connect();
  } catch (err) {
    // Never echo the connection string: it may carry credentials.
    throw new Error(`Agenda could not connect to its ${backend.name} backend`, { cause: err });
  }
  const agenda = new Agenda({
    backend: alreadyConnected(backend),
    name: options.name ?? defaultInstanceName(),
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
  });
  await agenda.ready;
  let closed: Promise<void> | undefined;
  return {
    agenda,
    backendName: backend.name,
    close: () => {
      closed ??= backend.disconnect();
      return closed;
    },
  };
}

function toBackend(options: AgendaStorageOptions): AgendaBackend {
  if (options.sqlite) {
    return new SqliteAgendaBackend({ db: options.sqlite, notifications: options.notifications ?? 'in-process' });
  }
  if (options.mongoUrl) {
    return new MongoBackend({
      address: options.mongoUrl,
      ...(options.collection ? { collection: options.collection } : {}),
    });
  }
  throw new Error('createAgenda needs either `sqlite` or `mongoUrl`');
}

function alreadyConnected(backend: AgendaBackend): AgendaBackend {
  return {
    name: backend.name,
    repository: backend.repository,
    notificationChannel: backend.notificationChannel,
    logger: backend.logger,
    ownsConnection: backend.ownsConnection,
    connect: async () => {},
    disconnect: () => backend.disconnect(),
  };
}

function defaultInstanceName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
