/**
 * Crash safety, end to end: the real runtime (bot/main.ts) in a child process moves a few thousand items at a slow,
 * scaled rate against the sandbox portal in this process; the child is SIGKILLed mid-transfer and a new one on the
 * same SQLite file (short Agenda lock lifetime) takes the job over. No item may be updated twice or left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityKind } from '../../engine/kinds.js';
import { openDatabaseView } from './support/database.js';
import { createHandoffApi, waitFor } from './support/handoff-api.js';
import { canSpawnRuntime, type RuntimeProcess, spawnRuntime, stopAllRuntimes } from './support/runtime-process.js';
import { addItems, ownedBy, type ServedPortal, servePortal, updateCountsOtherThan } from './support/served-portal.js';

// Slow enough that a transfer of ~1,800 items takes a few seconds (about 40 update batches plus listing), fast enough
// to keep the test short. The runtime's limiter mirrors the portal's bucket, as in production.
const RATE = { burst: 8, perSecond: 20 };
const COUNTS: Readonly<Record<'deals' | 'tasks', number>> = { deals: 1_500, tasks: 300 };
const KINDS = Object.keys(COUNTS) as ('deals' | 'tasks')[];

interface World {
  readonly served: ServedPortal;
  readonly from: number;
  readonly to: number;
  readonly ids: Readonly<Record<'deals' | 'tasks', number[]>>;
  readonly databasePath: string;
}

let dir: string;
let served: ServedPortal | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handoff-crash-'));
});

afterEach(async () => {
  await stopAllRuntimes();
  await served?.close();
  served = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function createWorld(): Promise<World> {
  served = await servePortal({ rate: RATE, seed: { seed: 7, users: 4, itemsPerUser: 1 } });
  const { portal } = served;
  const from = portal.addUser().id;
  const to = portal.addUser().id;
  const ids = {
    deals: addItems(portal, 'deals', from, COUNTS.deals),
    tasks: addItems(portal, 'tasks', from, COUNTS.tasks),
  };
  return { served, from, to, ids, databasePath: join(dir, 'handoff.db') };
}

function movedInPortal(world: World): number {
  return KINDS.reduce((sum, kind) => sum + ownedBy(world.served.portal, kind, world.ids[kind], world.to), 0);
}

const total = COUNTS.deals + COUNTS.tasks;

function startRuntime(world: World, extra: { lockLifetimeMs?: number } = {}): Promise<RuntimeProcess> {
  return spawnRuntime({
    databasePath: world.databasePath,
    webhookUrl: world.served.webhookUrl,
    rate: RATE,
    processEveryMs: 100,
    ...extra,
  });
}

async function startTransfer(world: World, runtime: RuntimeProcess): Promise<string> {
  const created = await createHandoffApi(runtime.url).create({
    from: { id: world.from },
    to: { type: 'user', id: world.to },
    kinds: KINDS,
    notify: false,
  });
  return created.id;
}

/** Resumes on a new process with a short lock lifetime and waits for completion; returns the final read-back. */
async function resumeToCompletion(world: World, handoffId: string) {
  // The killed process's lock on the job stays in the table; 1.5 s without a heartbeat and it counts as dead.
  const second = await startRuntime(world, { lockLifetimeMs: 1_500 });
  const api = createHandoffApi(second.url);
  return waitFor(
    `${handoffId} to complete on the second process`,
    async () => {
      const view = await api.get(handoffId);
      return view.status === 'running' ? undefined : view;
    },
    { timeoutMs: 45_000, intervalMs: 100, detail: () => second.logTail() },
  );
}

/** Every item moved exactly once in the portal, and stored as moved. */
async function expectAllMovedOnce(world: World, no: number) {
  const { portal } = world.served;
  for (const kind of KINDS as EntityKind[]) {
    const ids = world.ids[kind as 'deals' | 'tasks'];
    expect(ownedBy(portal, kind, ids, world.to), `${kind} with the target`).toBe(ids.length);
    expect(updateCountsOtherThan(portal, kind, ids, 1), `${kind} not updated exactly once`).toEqual([]);
  }
  const db = openDatabaseView(world.databasePath);
  try {
    const handoff = await db.handoff(no);
    const items = await db.items(handoff.id);
    expect(items).toHaveLength(total);
    expect(items.filter((item) => item.status !== 'moved').map((i) => `${i.kind}#${i.itemId}:${i.status}`)).toEqual([]);
    const events = (await db.events(handoff.id)).map((e) => e.type);
    expect(events).toContain('handoff.resumed');
  } finally {
    db.close();
  }
}

describe.skipIf(!canSpawnRuntime)('crash safety (SIGKILL mid-transfer, resume on a new process)', () => {
  it('a batch the portal applied but the process never recorded is read back, not sent again', async () => {
    const world = await createWorld();
    const first = await startRuntime(world);
    // Kill the moment the portal has applied an update batch that takes the count past a quarter, before the
    // response leaves: that batch's items are changed in the portal and still `pending` in the store.
    let killedAt: number | undefined;
    world.served.afterRequest(() => {
      const moved = movedInPortal(world);
      if (moved >= total / 4) {
        first.kill('SIGKILL');
        killedAt = moved;
        world.served.afterRequest(undefined);
      }
    });

    const handoffId = await startTransfer(world, first);
    const exit = await first.waitForExit(45_000);

    expect(exit.signal).toBe('SIGKILL');
    expect(killedAt).toBeLessThan(total);
    const no = Number(handoffId.slice(2));
    const db = openDatabaseView(world.databasePath);
    try {
      const handoff = await db.handoff(no);
      expect(handoff.status).toBe('running');
      const pending = await db.items(handoff.id, ['pending']);
      const sentNotRecorded = pending.filter(
        (item) => world.served.portal.ownerOf(item.kind, item.itemId) === world.to,
      );
      expect(sentNotRecorded.length, 'items applied by the portal but pending in the store').toBeGreaterThan(0);
      const job = db.jobs('handoff.start');
      expect(job, 'the killed process still holds the job lock').toMatchObject([{ lockedAt: expect.any(Number) }]);
    } finally {
      db.close();
    }

    const final = await resumeToCompletion(world, handoffId);

    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ moved: total, pending: 0, failed: 0 });
    await expectAllMovedOnce(world, no);
  }, 120_000);

  it('a kill at an arbitrary moment mid-transfer leaves nothing updated twice and nothing behind', async () => {
    const world = await createWorld();
    const first = await startRuntime(world);
    const handoffId = await startTransfer(world, first);

    // Polled from outside, so the kill lands wherever the process happens to be (listing, storing, sending).
    const movedAtKill = await waitFor(
      'some but not all items to move',
      () => {
        const moved = movedInPortal(world);
        return moved >= total / 3 ? moved : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 20, detail: () => first.logTail() },
    );
    first.kill('SIGKILL');
    await first.waitForExit(10_000);

    expect(movedAtKill).toBeLessThan(total);
    const final = await resumeToCompletion(world, handoffId);

    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ moved: total, pending: 0, failed: 0 });
    await expectAllMovedOnce(world, Number(handoffId.slice(2)));
  }, 120_000);
});
