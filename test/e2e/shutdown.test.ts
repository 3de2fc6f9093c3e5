/**
 * Graceful shutdown, end to end: SIGTERM reaches the real runtime (bot/main.ts runFromEnvironment) in a child process
 * in the middle of a transfer. It must stop taking jobs, finish and record the batch under way, hand the job back
 * unlocked and exit 0; a new process (default 5-minute lock lifetime, so only a released lock lets it in within the
 * deadline) resumes and completes with no item updated twice.
 */
import { describe, expect, it } from 'vitest';
import { openDatabaseView } from './support/database.js';
import { waitFor } from './support/handoff-api.js';
import { canSpawnRuntime } from './support/runtime-process.js';
import { noOf, TOTAL, useTransferWorlds } from './support/transfer-world.js';

/** A fresh world per call, disposed after its test however it ends. */
const newWorld = useTransferWorlds();

describe.skipIf(!canSpawnRuntime)('graceful shutdown (SIGTERM mid-transfer)', () => {
  it('records the batch under way, releases the job, exits 0, and the next process completes it', async () => {
    const w = await newWorld();
    const first = await w.startRuntime();
    const id = await w.startTransfer(first);
    await waitFor('a quarter of the items to move', () => (w.movedInPortal() >= TOTAL / 4 ? true : undefined), {
      timeoutMs: 45_000,
      intervalMs: 20,
      detail: () => first.logTail(),
    });

    first.kill('SIGTERM');
    const exit = await first.waitForExit(30_000);

    expect(exit, first.logTail()).toEqual({ code: 0, signal: null });
    expect(first.logged('handoff.stopped'), 'the graceful path ran to its end').toHaveLength(1);
    const movedAtExit = w.movedInPortal();
    expect(movedAtExit, 'stopped mid-transfer instead of running it to the end').toBeLessThan(TOTAL);
    const db = openDatabaseView(w.databasePath);
    try {
      const handoff = await db.handoff(noOf(id));
      expect(handoff.status).toBe('running');
      const items = await db.items(handoff.id);
      const { portal } = w.served;
      // Every owner change the portal applied is recorded: nothing pending whose owner already changed.
      const unrecorded = items
        .filter((item) => item.status === 'pending' && portal.ownerOf(item.kind, item.itemId) !== item.originalOwnerId)
        .map((item) => `${item.kind}#${item.itemId}`);
      expect(unrecorded).toEqual([]);
      expect(items.filter((item) => item.status === 'moved')).toHaveLength(movedAtExit);
      // The job is handed back: one start job, unlocked, due now.
      const jobs = db.jobs('handoff.start');
      expect(jobs).toEqual([
        { name: 'handoff.start', handoffId: handoff.id, lockedAt: null, nextRunAt: expect.any(Number) },
      ]);
      expect(jobs[0]?.nextRunAt).toBeLessThanOrEqual(Date.now());
    } finally {
      db.close();
    }

    const second = await w.startRuntime();
    const final = await w.waitUntilFinished(second, id);

    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ moved: TOTAL, pending: 0, failed: 0 });
    await w.expectAllMovedOnce(id);
  }, 120_000);
});
