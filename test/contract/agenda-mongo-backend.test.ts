/**
 * Runs the JobRepository contract suite against @agendajs/mongo-backend, so our SQLite backend's expectations are
 * checked against the reference implementation. Skipped, with the reason printed, unless MONGODB_URL is set.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient, ObjectId } from 'mongodb';
import { jobRepositoryContractSuite } from './agenda-repository.suite.js';

const mongoUrl = process.env.MONGODB_URL;
const url = new URL(mongoUrl ?? 'mongodb://127.0.0.1/unused');
url.pathname = `/handoff_agenda_repo_${randomBytes(4).toString('hex')}`;
let backend: MongoBackend | undefined;

jobRepositoryContractSuite({
  name: 'mongodb',
  create: async () => {
    backend = new MongoBackend({ address: url.toString() });
    await backend.connect();
    return backend.repository;
  },
  cleanup: async () => {
    await backend?.disconnect();
    const client = await MongoClient.connect(url.toString());
    await client.db().dropDatabase();
    await client.close();
  },
  missingId: () => new ObjectId().toHexString(),
  skip: mongoUrl ? false : 'MONGODB_URL is not set',
});
