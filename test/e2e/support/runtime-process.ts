/**
 * Starts the Handoff runtime (bot/main.ts via runtime-child.ts) as a child process on loopback, for tests that kill
 * it: SIGKILL (a crash) or SIGTERM (a graceful stop). Node runs the TypeScript entry through tsx's loader in the same
 * process (`node --import tsx`), not through the tsx CLI, which would put a wrapper process in between that a SIGKILL
 * cannot pass through. Every process started here is tracked so `stopAllRuntimes` can clean up after a failure.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..', '..');
const childEntry = join(import.meta.dirname, 'runtime-child.ts');

/** Whether tsx is installed (it comes with the dev dependencies); the tests skip without it. */
export const canSpawnRuntime = existsSync(join(root, 'node_modules', 'tsx', 'package.json'));

/** A single API key for the runtime's single-portal tenant. */
export const TEST_API_KEY = 'e2e-process-api-key-0123456789';

export interface RuntimeProcessOptions {
  readonly databasePath: string;
  /** The sandbox portal's webhook URL (loopback http is accepted). */
  readonly webhookUrl: string;
  /** The client-side twin of the sandbox's bucket: BITRIX24_RATE_BURST / BITRIX24_RATE_PER_SECOND. */
  readonly rate?: { readonly burst: number; readonly perSecond: number };
  readonly processEveryMs?: number;
  readonly lockLifetimeMs?: number;
  readonly sweepIntervalMs?: number;
  readonly runLeaseMs?: number;
  /** pino level of the child's log (kept in memory for failure messages). Default 'info'. */
  readonly logLevel?: string;
  /** How long to wait for the child to listen. Default 30 s (a cold tsx start on a loaded 2-core machine). */
  readonly startTimeoutMs?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RuntimeProcess {
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Settles when the process has exited, however it ended. */
  readonly exited: Promise<Exit>;
  /** Whether it is still running. */
  readonly running: boolean;
  /** Sends a signal; synchronous, so a SIGKILL lands before the caller's next line runs. */
  kill(signal: NodeJS.Signals): void;
  /** The last lines the process printed (pino JSON and stderr), for failure messages. */
  logTail(lines?: number): string;
  /** Parsed pino lines with this `msg`. */
  logged(msg: string): Record<string, unknown>[];
  /** Waits for exit, or fails after `timeoutMs` naming what it waited for and showing the log tail. */
  waitForExit(timeoutMs: number): Promise<Exit>;
}

const live = new Set<ChildProcess>();
// Should the test worker itself end early, its children must not outlive it and keep writing to the portal.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Spawns the runtime and resolves once it listens (its `handoff.listening` log line carries the port). */
export async function spawnRuntime(options: RuntimeProcessOptions): Promise<RuntimeProcess> {
  const args = ['--import', 'tsx', childEntry];
  if (options.processEveryMs !== undefined) args.push('--process-every-ms', String(options.processEveryMs));
  if (options.lockLifetimeMs !== undefined) args.push('--lock-lifetime-ms', String(options.lockLifetimeMs));
  if (options.sweepIntervalMs !== undefined) args.push('--sweep-interval-ms', String(options.sweepIntervalMs));
  if (options.runLeaseMs !== undefined) args.push('--run-lease-ms', String(options.runLeaseMs));
  const rate = options.rate ?? { burst: 50, perSecond: 2 };
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel ?? 'info',
      DATABASE_PATH: options.databasePath,
      BITRIX24_WEBHOOK_URL: options.webhookUrl,
      BITRIX24_RATE_BURST: String(rate.burst),
      BITRIX24_RATE_PER_SECOND: String(rate.perSecond),
      API_KEY: TEST_API_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the runtime process did not start');

  const tail: string[] = [];
  const parsed: Record<string, unknown>[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 400) tail.shift();
  };
  let resolvePort: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    remember(line);
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      parsed.push(entry);
      if (entry.msg === 'handoff.listening' && typeof entry.port === 'number') resolvePort(entry.port);
    } catch {
      // Not a pino line (a stray console write): kept in the tail only.
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => remember(`[stderr] ${line}`));

  let running = true;
  const exited = new Promise<Exit>((resolve) => {
    // 'close', not 'exit': it comes after the output pipes are drained, so the last log lines are in by then.
    child.once('close', (code, signal) => {
      running = false;
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const logTail = (lines = 40) => tail.slice(-lines).join('\n');

  const startTimeout = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    port.then((p) => ({ kind: 'listening' as const, port: p })),
    exited.then((exit) => ({ kind: 'exited' as const, exit })),
    new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), startTimeout);
    }),
  ]);
  clearTimeout(timer);
  if (outcome.kind !== 'listening') {
    child.kill('SIGKILL');
    const why =
      outcome.kind === 'exited'
        ? `exited (code ${outcome.exit.code}, signal ${outcome.exit.signal})`
        : `did not listen within ${startTimeout} ms`;
    throw new Error(`the runtime process ${why}; its output:\n${logTail()}`);
  }

  return {
    pid,
    url: `http://127.0.0.1:${outcome.port}`,
    exited,
    get running() {
      return running;
    },
    kill: (signal) => {
      if (running) child.kill(signal);
    },
    logTail,
    logged: (msg) => parsed.filter((entry) => entry.msg === msg),
    waitForExit: async (timeoutMs) => {
      let exitTimer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<undefined>((resolve) => {
          exitTimer = setTimeout(() => resolve(undefined), timeoutMs);
        }),
      ]);
      clearTimeout(exitTimer);
      if (result === undefined) {
        throw new Error(
          `the runtime process (pid ${pid}) did not exit within ${timeoutMs} ms; its output:\n${logTail()}`,
        );
      }
      return result;
    },
  };
}

/** Kills (SIGKILL) every runtime process still alive and waits for them: the afterEach of every test using them. */
export async function stopAllRuntimes(): Promise<void> {
  const waits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}
