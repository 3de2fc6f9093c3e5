/**
 * Crash safety, end to end: the real runtime (bot/main.ts) in a child process moves ~1,800 items at a slow, scaled
 * rate against the sandbox portal in this process; the child is SIGKILLed mid-transfer and a new one on the same
 * SQLite file (short Agenda lock lifetime) takes the job over. No item may be updated twice or left behind.
 */
import { describe, expect, it } from 'vitest';
import { openDatabaseView } from './support/database.js';
import { waitFor } from './support/handoff-api.js';
import { canSpawnRuntime } from './support/runtime-process.js';
import { noOf, TOTAL, useTransferWorlds } from './support/transfer-world.js';

// What a killed process leaves behind: its Agenda lock on the job and its run lease on the handoff. Short lifetimes let
// the next process take over within seconds (production: 5 minutes and 2 minutes); the lease must run out first.
const FIRST = { runLeaseMs: 1_000 } as const;
const SECOND = { runLeaseMs: 1_000, lockLifetimeMs: 1_500 } as const;

/** A fresh world per call, disposed after its test however it ends. */
const newWorld = useTransferWorlds();

describe.skipIf(!canSpawnRuntime)('crash safety (SIGKILL mid-transfer, resume on a new process)', () => {
  it('a batch the portal applied but the process never recorded is read back, not sent again', async () => {
    const w = await newWorld();
    const first = await w.startRuntime(FIRST);
    const id = await w.startTransfer(first);
    // Kill the moment the portal has applied an update batch (the count moved during this request: the runtime sends
    // one request at a time) past a quarter of the items, before the response leaves: that batch's items are changed
    // in the portal and still `pending` in the store.
    let movedAtKill: number | undefined;
    let seen = w.movedInPortal();
    w.served.afterRequest(() => {
      const moved = w.movedInPortal();
      const applied = moved > seen;
      seen = moved;
      if (!applied || moved < TOTAL / 4) return;
      first.kill('SIGKILL');
      movedAtKill = moved;
      w.served.afterRequest(undefined);
    });
    const exit = await first.waitForExit(45_000);

    expect(exit.signal).toBe('SIGKILL');
    expect(movedAtKill).toBeLessThan(TOTAL);
    const db = openDatabaseView(w.databasePath);
    try {
      const handoff = await db.handoff(noOf(id));
      expect(handoff.status).toBe('running');
      const pending = await db.items(handoff.id, ['pending']);
      const sentNotRecorded = pending.filter((item) => w.served.portal.ownerOf(item.kind, item.itemId) === w.to);
      expect(sentNotRecorded.length, 'items applied by the portal but pending in the store').toBeGreaterThan(0);
      expect(db.jobs('handoff.start'), 'the dead process still holds the job lock').toMatchObject([
        { lockedAt: expect.any(Number) },
      ]);
    } finally {
      db.close();
    }

    const second = await w.startRuntime(SECOND);
    const final = await w.waitUntilFinished(second, id);

    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ moved: TOTAL, pending: 0, failed: 0 });
    await w.expectAllMovedOnce(id);
  }, 120_000);

  it('a kill at an arbitrary moment mid-transfer leaves nothing updated twice and nothing behind', async () => {
    const w = await newWorld();
    const first = await w.startRuntime(FIRST);
    const id = await w.startTransfer(first);

    // Polled from outside, so the kill lands wherever the process happens to be (listing, storing, sending).
    const movedAtKill = await waitFor(
      'some but not all items to move',
      () => {
        const moved = w.movedInPortal();
        return moved >= TOTAL / 3 ? moved : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 20, detail: () => first.logTail() },
    );
    first.kill('SIGKILL');
    await first.waitForExit(10_000);
    const second = await w.startRuntime(SECOND);
    const final = await w.waitUntilFinished(second, id);

    expect(movedAtKill).toBeLessThan(TOTAL);
    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ moved: TOTAL, pending: 0, failed: 0 });
    await w.expectAllMovedOnce(id);
  }, 120_000);
});
