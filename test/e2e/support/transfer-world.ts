/**
 * The shared setup of the process-level transfer tests (crash, shutdown): a sandbox portal with a slow, scaled rate
 * and a from-user holding ~1,800 open deals and tasks, a temp SQLite file, runtime processes on it, and the final
 * check that every item moved exactly once and is stored as moved.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { openDatabaseView } from './database.js';
import { createHandoffApi, type HandoffJson, waitFor } from './handoff-api.js';
import { type RuntimeProcess, type RuntimeProcessOptions, spawnRuntime, stopAllRuntimes } from './runtime-process.js';
import { addItems, ownedBy, type ServedPortal, servePortal, updateCountsOtherThan } from './served-portal.js';

// Slow enough that the transfer takes a few seconds (about 40 update batches plus listing), fast enough to keep the
// tests short. The runtime's limiter mirrors the portal's bucket, as in production.
export const RATE = { burst: 8, perSecond: 20 } as const;
export const COUNTS = { deals: 1_500, tasks: 300 } as const;
export type WorldKind = keyof typeof COUNTS;
export const KINDS = Object.keys(COUNTS) as WorldKind[];
export const TOTAL = COUNTS.deals + COUNTS.tasks;

export interface TransferWorld {
  readonly served: ServedPortal;
  readonly from: number;
  readonly to: number;
  readonly ids: Readonly<Record<WorldKind, readonly number[]>>;
  readonly databasePath: string;
  /** Items of the from-user now with the target, in the portal. */
  movedInPortal(): number;
  /** A runtime process on the world's database and portal; Agenda polls every 100 ms. */
  startRuntime(extra?: Pick<RuntimeProcessOptions, 'lockLifetimeMs' | 'runLeaseMs'>): Promise<RuntimeProcess>;
  /** Creates the permanent handoff through the REST API; returns its `H-n`. */
  startTransfer(runtime: RuntimeProcess): Promise<string>;
  /** Waits (bounded, default 45 s) until the handoff leaves `running` on `runtime`; returns the read-back. */
  waitUntilFinished(runtime: RuntimeProcess, id: string, timeoutMs?: number): Promise<HandoffJson>;
  /** Every item moved exactly once in the portal and is stored `moved`; the run was resumed. */
  expectAllMovedOnce(id: string): Promise<void>;
  /** Kills what is left, closes the portal, removes the temp folder. Safe after a failure. */
  dispose(): Promise<void>;
}

export async function createTransferWorld(): Promise<TransferWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-process-'));
  let served: ServedPortal;
  try {
    served = await servePortal({ rate: RATE, seed: { seed: 7, users: 4, itemsPerUser: 1 } });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { portal } = served;
  const from = portal.addUser().id;
  const to = portal.addUser().id;
  const ids = {
    deals: addItems(portal, 'deals', from, COUNTS.deals),
    tasks: addItems(portal, 'tasks', from, COUNTS.tasks),
  };
  const databasePath = join(dir, 'handoff.db');

  const world: TransferWorld = {
    served,
    from,
    to,
    ids,
    databasePath,
    movedInPortal: () => KINDS.reduce((sum, kind) => sum + ownedBy(portal, kind, ids[kind], to), 0),
    startRuntime: (extra = {}) =>
      spawnRuntime({ databasePath, webhookUrl: served.webhookUrl, rate: RATE, processEveryMs: 100, ...extra }),
    startTransfer: async (runtime) => {
      const api = createHandoffApi(runtime.url);
      const created = await api.create({
        from: { id: from },
        to: { type: 'user', id: to },
        kinds: KINDS,
        notify: false,
      });
      return created.id;
    },
    waitUntilFinished: (runtime, id, timeoutMs = 45_000) => {
      const api = createHandoffApi(runtime.url);
      return waitFor(
        `${id} to finish on process ${runtime.pid}`,
        async () => {
          const view = await api.get(id);
          return view.status === 'running' ? undefined : view;
        },
        { timeoutMs, intervalMs: 100, detail: () => runtime.logTail() },
      );
    },
    expectAllMovedOnce: async (id) => {
      for (const kind of KINDS) {
        expect(ownedBy(portal, kind, ids[kind], to), `${kind} with the target`).toBe(ids[kind].length);
        expect(updateCountsOtherThan(portal, kind, ids[kind], 1), `${kind} not updated exactly once`).toEqual([]);
      }
      const db = openDatabaseView(databasePath);
      try {
        const handoff = await db.handoff(noOf(id));
        const items = await db.items(handoff.id);
        expect(items).toHaveLength(TOTAL);
        const notMoved = items.filter((item) => item.status !== 'moved');
        expect(notMoved.map((i) => `${i.kind}#${i.itemId}:${i.status}`)).toEqual([]);
        expect((await db.events(handoff.id)).map((e) => e.type)).toContain('handoff.resumed');
      } finally {
        db.close();
      }
    },
    dispose: async () => {
      await stopAllRuntimes();
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** 'H-12' → 12 */
/**
 * Registers the clean-up of every world a test file creates and returns the factory: a fresh world per call,
 * disposed after its test however it ends.
 */
export function useTransferWorlds(): () => Promise<TransferWorld> {
  const worlds: TransferWorld[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0)) await world.dispose();
  });
  return async () => {
    const world = await createTransferWorld();
    worlds.push(world);
    return world;
  };
}

export function noOf(id: string): number {
  const no = Number(id.replace(/^H-/, ''));
  if (!Number.isInteger(no)) throw new Error(`not a handoff number: ${id}`);
  return no;
}
