/**
 * A separate process creating handoffs on a shared SQLite file, for the multi-process test in
 * handoff-store.sqlite-processes.test.ts. Started with `node --import tsx`; waits for a line on stdin, then creates
 * `count` handoffs (even rounds for a shared from-user, odd rounds for its own ones) and prints one JSON line.
 * With a handoff id as fourth argument it instead claims that handoff's run lease `count` times, each time as a new
 * owner, and prints how many claims it won.
 * Usage: handoff-store-sqlite-child.ts <dbPath> <count> <userBase> [leaseHandoffId]
 * @module
 */
import { createInterface } from 'node:readline';
import { isHandoffError } from '../../engine/errors.js';
import { toHandoffId } from '../../engine/ids.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteHandoffStore } from '../../storage/sqlite-store.js';
import { newHandoff, T1 } from './handoff-store.fixtures.js';

const [dbPath, count = '50', userBase = '1000', leaseHandoffId] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: handoff-store-sqlite-child.ts <dbPath> <count> <userBase>');

const database = openSqliteDatabase(dbPath);
const store = new SqliteHandoffStore(database);
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
input.close();

if (leaseHandoffId !== undefined) {
  const now = new Date('2026-03-01T10:00:00.000Z');
  const until = new Date('2026-03-01T10:02:00.000Z');
  let won = 0;
  for (let i = 0; i < Number(count); i++) {
    if (await store.claimRun(T1, toHandoffId(leaseHandoffId), `child-${userBase}-${i}`, until, now)) won += 1;
  }
  database.close();
  process.stdout.write(`${JSON.stringify({ won })}\n`);
  process.exit(0);
}

const numbers: number[] = [];
let sharedCreated = 0;
let refused = 0;
for (let i = 0; i < Number(count); i++) {
  const shared = i % 2 === 0;
  try {
    const { handoff } = await store.createHandoff(newHandoff({ fromUserId: shared ? 1 : Number(userBase) + i }));
    numbers.push(handoff.no);
    if (shared) sharedCreated += 1;
  } catch (error) {
    if (!isHandoffError(error) || error.code !== 'already_running') throw error;
    refused += 1;
  }
}
database.close();
process.stdout.write(`${JSON.stringify({ numbers, sharedCreated, refused })}\n`);
