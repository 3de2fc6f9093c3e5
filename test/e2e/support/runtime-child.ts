/**
 * Child-process entry for the process-level e2e tests (crash, shutdown): runs bot/main.ts exactly as production does
 * (runFromEnvironment: config from the environment, createRuntime, serve, SIGTERM handling), with the test knobs
 * that the environment cannot express (sub-second Agenda polling, short lock and run-lease lifetimes, a sweep in seconds) from argv.
 * @module
 */
import { parseArgs } from 'node:util';
import { runFromEnvironment } from '../../../bot/main.js';

const { values } = parseArgs({
  options: {
    'process-every-ms': { type: 'string' },
    'lock-lifetime-ms': { type: 'string' },
    'sweep-interval-ms': { type: 'string' },
    'run-lease-ms': { type: 'string' },
  },
});

function millis(name: keyof typeof values): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number of milliseconds`);
  return n;
}

const processEveryMs = millis('process-every-ms');
const lockLifetimeMs = millis('lock-lifetime-ms');
const sweepIntervalMs = millis('sweep-interval-ms');
const runLeaseMs = millis('run-lease-ms');

await runFromEnvironment(process.env, {
  ...(processEveryMs === undefined ? {} : { processEveryMs }),
  ...(lockLifetimeMs === undefined ? {} : { lockLifetimeMs }),
  ...(sweepIntervalMs === undefined ? {} : { sweepIntervalMs }),
  ...(runLeaseMs === undefined ? {} : { runLeaseMs }),
});
