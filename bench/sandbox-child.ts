/**
 * The sandbox portal in a forked child process (bench/bitrix24-sandbox-process.ts), so a benchmark measures its own
 * CPU and memory apart from the portal's. Shared by every benchmark that talks to the sandbox.
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxOptions } from '../bitrix24/sandbox/index.js';
import type { Logger } from '../engine/ports.js';

export interface SandboxChildStats {
  readonly requests: number;
  readonly throttled: number;
  /** Throttled answers after the first `burst` requests (the limiter should leave none). */
  readonly throttledAfterBurst: number;
  /** The child's CPU time since it started, µs. */
  readonly cpuMicros: number;
  /** Requests per REST method (`batch` for a batch). */
  readonly byMethod: Readonly<Record<string, number>>;
  /** When the portal saw the first and the last request (ms since epoch, the machine's clock); null when none. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
}

export interface SandboxChild {
  readonly url: string;
  readonly webhookUrl: string;
  /** The portal's counters since it started (or since `resetStats`). */
  stats(burst: number): Promise<SandboxChildStats>;
  /** Zeroes the portal's counters and request log. */
  resetStats(): Promise<void>;
  close(): void;
}

type ChildAnswer =
  | { type: 'ready'; url: string; webhookUrl: string }
  | { type: 'reset' }
  | {
      type: 'stats';
      stats: { requests: number; throttled: number };
      throttledAfterBurst: number;
      cpuMicros: number;
      byMethod: Record<string, number>;
      firstAt: number | null;
      lastAt: number | null;
    };

/** A logger that drops everything: benchmarks print their own figures. */
export const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quietLogger,
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function ask<T extends ChildAnswer['type']>(
  child: ChildProcess,
  message: object,
  type: T,
): Promise<Extract<ChildAnswer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const listen = (answer: ChildAnswer) => {
      if (answer.type !== type) return;
      child.off('message', listen);
      child.off('exit', exited);
      resolve(answer as Extract<ChildAnswer, { type: T }>);
    };
    const exited = (code: number | null) => {
      child.off('message', listen);
      reject(new Error(`sandbox child exited (code ${code}) before answering ${type}`));
    };
    child.on('message', listen);
    child.once('exit', exited);
    child.send(message);
  });
}

/** Forks the sandbox child (the .ts or .js sibling of this file, whichever is running) and starts the portal. */
export async function startSandboxChild(options: SandboxOptions): Promise<SandboxChild> {
  const self = fileURLToPath(import.meta.url);
  const childPath = self.replace(/sandbox-child\.(ts|js)$/, 'bitrix24-sandbox-process.$1');
  // The parent's flags (e.g. --expose-gc) are for the parent's measurements only; tsx's loader must carry over.
  const execArgv = process.execArgv.filter((flag) => flag !== '--expose-gc');
  const child = fork(childPath, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await ask(child, { type: 'start', options }, 'ready');
    return {
      url: ready.url,
      webhookUrl: ready.webhookUrl,
      async stats(burst) {
        const answer = await ask(child, { type: 'stats', burst }, 'stats');
        return {
          ...answer.stats,
          throttledAfterBurst: answer.throttledAfterBurst,
          cpuMicros: answer.cpuMicros,
          byMethod: answer.byMethod,
          firstAt: answer.firstAt,
          lastAt: answer.lastAt,
        };
      },
      async resetStats() {
        await ask(child, { type: 'reset' }, 'reset');
      },
      close() {
        if (child.connected) child.send({ type: 'close' });
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
