import { afterEach, describe, expect, it } from 'vitest';
import { createAgenda } from '../../../../storage/agenda/create-agenda.js';
import { SqliteJobRepository } from '../../../../storage/agenda/sqlite-job-repository.js';
import { createTempDatabase } from '../../../contract/agenda-helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('createAgenda', () => {
  it('with a SQLite handle: our backend, a unique instance name, and the handle left open on close', async () => {
    const temp = createTempDatabase('create-agenda-');
    cleanups.push(() => temp.dispose());
    const db = temp.open();

    const one = await createAgenda({ sqlite: db });
    const two = await createAgenda({ sqlite: db });
    await one.close();
    await one.close();

    expect(one.backendName).toBe('SQLite');
    expect(one.agenda.db).toBeInstanceOf(SqliteJobRepository);
    expect(one.agenda.attrs.name).not.toBe(two.agenda.attrs.name);
    expect(db.open).toBe(true);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'agenda_jobs'").get()).toEqual({
      name: 'agenda_jobs',
    });
  });

  it('with an unreachable MongoDB: a start-up error that names the backend but not the URL', async () => {
    const url = 'mongodb://handoff:s3cret@127.0.0.1:1/handoff?serverSelectionTimeoutMS=200';

    const creating = createAgenda({ mongoUrl: url });

    await expect(creating).rejects.toThrow('Agenda could not connect to its MongoDB backend');
    await expect(creating).rejects.not.toThrow(/s3cret/);
  });
});
