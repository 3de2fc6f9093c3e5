/**
 * One real handoff for the benchmarks: the sandbox portal in a child process, the SQLite store in a temp folder, the
 * real engine (createHandoffService) over Bitrix24WorkSystem, a scheduler that just records, and a notifier that
 * counts. Store and notifier calls are timed (wall time inside each call) to show where the run's time goes.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PortalPool } from '../bitrix24/portal-pool.js';
import type { SeedOptions } from '../bitrix24/sandbox/index.js';
import { createBitrix24WorkSystem } from '../bitrix24/work-system.js';
import { toPortalUserId, toTenantId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import type { ItemCounts } from '../engine/model.js';
import type { HandoffStore, JobName, JobRef, Notifier, Scheduler } from '../engine/ports.js';
import { createHandoffService } from '../engine/service.js';
import { openSqliteDatabase } from '../storage/sqlite.js';
import { SqliteHandoffStore } from '../storage/sqlite-store.js';
import { quietLogger, type SandboxChildStats, sleep, startSandboxChild } from './sandbox-child.js';

export interface HandoffBenchOptions {
  /** Open items of the from-user per kind. */
  readonly items: Readonly<Partial<Record<EntityKind, number>>>;
  /** The portal's bucket (the sandbox enforces it and the client paces itself by it); false: no limit anywhere. */
  readonly rate: { readonly burst: number; readonly perSecond: number } | false;
  /** Added to every notifier call, to stand in for a chat API round trip. Default 0. */
  readonly notifierLatencyMs?: number;
  /**
   * Preview the plan first (as every surface's review step does), then wait until the portal's bucket has drained
   * what the preview used, as it does while a person reads the preview; only create + start are timed.
   */
  readonly previewFirst?: boolean;
}

export interface HandoffBenchResult {
  readonly items: number;
  readonly status: string;
  readonly counts: ItemCounts;
  /** From service.create to the end of the start job. */
  readonly wallMs: number;
  /** The same span on the machine's clock (ms since epoch), to set against the portal's request log. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** This process's CPU time over the same span (engine, connector, store, HTTP client), µs. */
  readonly cpuMicros: number;
  readonly sandbox: SandboxChildStats;
  /** Wall time spent inside store calls, per method, ms. */
  readonly storeMs: Readonly<Record<string, number>>;
  readonly storeCalls: number;
  readonly notifierCalls: number;
  readonly notifierMs: number;
}

/** Records schedules; the benchmark runs due start jobs itself, straight away. */
class RecordingScheduler implements Scheduler {
  readonly due: { job: JobName; ref: JobRef }[] = [];
  async schedule(job: JobName, ref: JobRef): Promise<void> {
    this.due.push({ job, ref });
  }
  async scheduleEvery(): Promise<void> {}
  async cancel(ref: JobRef, job?: JobName): Promise<void> {
    const keep = this.due.filter((d) => d.ref.handoffId !== ref.handoffId || (job !== undefined && d.job !== job));
    this.due.splice(0, this.due.length, ...keep);
  }
  /** The next due `handoff.start`, removed from the list. */
  takeStart(): JobRef | undefined {
    const index = this.due.findIndex((d) => d.job === 'handoff.start');
    if (index < 0) return undefined;
    return this.due.splice(index, 1)[0]?.ref;
  }
}

/** Wraps every function-valued member so calls add their wall time to `ms[name]`. New members pass through too. */
function timed<T extends object>(target: T, ms: Record<string, number>, calls: { n: number }): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        calls.n += 1;
        try {
          return await value.apply(object, args);
        } finally {
          ms[key] = (ms[key] ?? 0) + performance.now() - started;
        }
      };
    },
  });
}

function countingNotifier(latencyMs: number, tally: { n: number; ms: number }): Notifier {
  const call = async () => {
    const started = performance.now();
    tally.n += 1;
    if (latencyMs > 0) await sleep(latencyMs);
    tally.ms += performance.now() - started;
  };
  return { progress: call, items: call, participants: call };
}

const FROM = toPortalUserId(2);
const TO = toPortalUserId(3);
const TENANT = toTenantId('bench');

/** Runs one handoff of every listed item from user 2 to user 3 and measures it. */
export async function runHandoffBench(options: HandoffBenchOptions): Promise<HandoffBenchResult> {
  const kinds = Object.keys(options.items) as EntityKind[];
  const total = kinds.reduce((sum, kind) => sum + (options.items[kind] ?? 0), 0);
  const seed: SeedOptions = {
    itemsPerUser: 0,
    bulk: kinds.map((kind) => ({ userId: FROM, kind, count: options.items[kind] ?? 0 })),
  };
  const sandbox = await startSandboxChild({ rate: options.rate, seed });
  const folder = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
  const database = openSqliteDatabase(join(folder, 'handoff.db'));
  try {
    // No limit: a bucket the client never fills (it still runs its one-request-at-a-time queue).
    const rate = options.rate === false ? { burst: 1_000_000, perSecond: 1_000_000 } : options.rate;
    const workSystem = createBitrix24WorkSystem({
      portal: { kind: 'webhook', url: sandbox.webhookUrl },
      fetch,
      now: Date.now,
      sleep,
      logger: quietLogger,
      rate,
      // Backoff scaled like the rate: the reference's 1.5 s base is for 2 requests per second (§4).
      retry: { baseDelayMs: Math.max(10, Math.round((1500 * 2) / Math.min(rate.perSecond, 1000))) },
      pool: new PortalPool({ now: Date.now, sleep }),
    });
    const storeMs: Record<string, number> = {};
    const storeCalls = { n: 0 };
    const notifierTally = { n: 0, ms: 0 };
    const store: HandoffStore = timed(new SqliteHandoffStore(database), storeMs, storeCalls);
    const scheduler = new RecordingScheduler();
    const service = createHandoffService({
      store,
      workSystems: async () => workSystem,
      scheduler,
      notifier: countingNotifier(options.notifierLatencyMs ?? 0, notifierTally),
      clock: { now: () => new Date() },
      logger: quietLogger,
    });

    const plan = {
      tenantId: TENANT,
      initiator: { label: 'bench' },
      fromUserId: FROM,
      to: { type: 'user' as const, userId: TO },
      kinds,
      when: { mode: 'permanent' as const },
      options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false },
    };
    if (options.previewFirst) {
      await service.preview(plan);
      const used = (await sandbox.stats(0)).requests;
      const perSecond = options.rate === false ? 1_000_000 : options.rate.perSecond;
      await sleep(Math.ceil((used / perSecond) * 1000) + 250);
    }
    await sandbox.resetStats();
    const cpuBefore = process.cpuUsage();
    const startedAt = Date.now();
    const started = performance.now();
    const { view } = await service.create(plan);
    for (let ref = scheduler.takeStart(); ref; ref = scheduler.takeStart()) await service.jobs.start(ref);
    const wallMs = performance.now() - started;
    const endedAt = Date.now();
    const cpu = process.cpuUsage(cpuBefore);
    const storeMsDuringRun = { ...storeMs };
    const storeCallsDuringRun = storeCalls.n;
    const burst = options.rate === false ? 0 : options.rate.burst;
    const after = await service.get(TENANT, view.handoff.no);
    return {
      items: total,
      status: after.handoff.status,
      counts: after.counts,
      wallMs,
      startedAt,
      endedAt,
      cpuMicros: cpu.user + cpu.system,
      sandbox: await sandbox.stats(burst),
      storeMs: storeMsDuringRun,
      storeCalls: storeCallsDuringRun,
      notifierCalls: notifierTally.n,
      notifierMs: notifierTally.ms,
    };
  } finally {
    database.close();
    rmSync(folder, { recursive: true, force: true });
    sandbox.close();
  }
}
