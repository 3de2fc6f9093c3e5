/**
 * Crash safety, end to end: the real runtime (bot/main.ts) in a child process moves ~1,800 items at a slow, scaled
 * rate against the sandbox portal in this process; the child is SIGKILLed mid-transfer and a new one on the same
 * SQLite file takes the job over — with the production lock lifetime (JOB_LOCK_SECONDS, 20 s) within 60 s of the
 * restart. No item may be updated twice or left behind; a cancel sent after the crash takes effect at once.
 */
import { describe, expect, it } from 'vitest';
import { openDatabaseView } from './support/database.js';
import { createHandoffApi, waitFor } from './support/handoff-api.js';
import { canSpawnRuntime } from './support/runtime-process.js';
import { updateCountsOtherThan } from './support/served-portal.js';
import { KINDS, noOf, TOTAL, useTransferWorlds } from './support/transfer-world.js';

// What a killed process leaves behind: its Agenda lock on the job and its run lease on the handoff. Sub-second
// lifetimes let the next process take over at once (production: both JOB_LOCK_SECONDS, 20 s; the last test uses it).
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

  it('a kill at an arbitrary moment, restarted with the production lock lifetime: finished within 60 s of the restart, nothing updated twice', async () => {
    const w = await newWorld();
    // No lifetime overrides: the job lock and the run lease are JOB_LOCK_SECONDS' default, kept alive by timers.
    const first = await w.startRuntime();
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
    const second = await w.startRuntime();
    const final = await w.waitUntilFinished(second, id, 60_000);

    expect(movedAtKill).toBeLessThan(TOTAL);
    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ moved: TOTAL, pending: 0, failed: 0 });
    await w.expectAllMovedOnce(id);
  }, 180_000);

  it('a cancel sent after the crash, before the job is taken over, takes effect at once and nothing moves after it', async () => {
    const w = await newWorld();
    // The lease of the dead run runs out within a second; its job lock (JOB_LOCK_SECONDS) holds the job for 20 s.
    const first = await w.startRuntime(FIRST);
    const id = await w.startTransfer(first);
    await waitFor('some items to move', () => (w.movedInPortal() >= TOTAL / 4 ? true : undefined), {
      timeoutMs: 45_000,
      intervalMs: 20,
      detail: () => first.logTail(),
    });
    first.kill('SIGKILL');
    await first.waitForExit(10_000);
    const second = await w.startRuntime(FIRST);

    const answer = await createHandoffApi(second.url).cancel(id);
    const movedAtCancel = w.movedInPortal();
    // The job, taken over once the dead process's lock runs out, finds the handoff cancelled and does nothing.
    await waitFor(
      'the taken-over job to find the handoff cancelled',
      () => (second.logged('handoff not startable; nothing to do').length > 0 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 200, detail: () => second.logTail() },
    );

    expect(answer.status).toBe('cancelled');
    expect(answer.counts).toMatchObject({ pending: 0 });
    expect(answer.counts.moved).toBe(movedAtCancel);
    expect(movedAtCancel).toBeLessThan(TOTAL);
    expect(w.movedInPortal()).toBe(movedAtCancel);
    for (const kind of KINDS) {
      const moved = w.ids[kind].filter((item) => w.served.portal.ownerOf(kind, item) === w.to);
      const rest = w.ids[kind].filter((item) => !moved.includes(item));
      expect(updateCountsOtherThan(w.served.portal, kind, moved, 1), `${kind} moved not exactly once`).toEqual([]);
      expect(updateCountsOtherThan(w.served.portal, kind, rest, 0), `${kind} updated after the cancel`).toEqual([]);
    }
  }, 180_000);
});
