/**
 * A crash in the middle of a return that follows the ledger's chain (issue 8 meets crash safety): A lends ~1,800
 * items to B (H-1), B hands everything to C for good (H-2), A comes back (return now on H-1): every item goes from C
 * to A. The runtime (bot/main.ts in a child process, on a real SQLite file) is SIGKILLed mid-return; a new process
 * finishes it. Every item ends with A, updated exactly three times (lent, given on, brought home), and H-2's records
 * of them read returned.
 */
import { describe, expect, it } from 'vitest';
import { openDatabaseView } from './support/database.js';
import { createHandoffApi, waitFor } from './support/handoff-api.js';
import { canSpawnRuntime } from './support/runtime-process.js';
import { ownedBy, updateCountsOtherThan } from './support/served-portal.js';
import { KINDS, noOf, TOTAL, useTransferWorlds } from './support/transfer-world.js';

const FAST = { runLeaseMs: 1_000, lockLifetimeMs: 1_500 } as const;
const newWorld = useTransferWorlds();

describe.skipIf(!canSpawnRuntime)('crash safety of a return that follows a chain', () => {
  it('SIGKILL while H-1 brings items home from the receiver of H-2: a new process finishes, nothing sent twice', async () => {
    const w = await newWorld();
    const { portal } = w.served;
    const c = portal.addUser().id;
    const owned = (userId: number) => KINDS.reduce((sum, kind) => sum + ownedBy(portal, kind, w.ids[kind], userId), 0);

    const first = await w.startRuntime(FAST);
    const api = createHandoffApi(first.url);
    const h1 = await api.create({
      from: { id: w.from },
      to: { type: 'user', id: w.to },
      kinds: KINDS,
      returnAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      notify: false,
    });
    await waitFor(
      'H-1 to lend everything',
      async () => ((await api.get(h1.id)).status === 'return_scheduled' ? true : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        detail: () => first.logTail(),
      },
    );
    const h2 = await api.create({ from: { id: w.to }, to: { type: 'user', id: c }, kinds: KINDS, notify: false });
    await waitFor(
      'H-2 to give everything on',
      async () => ((await api.get(h2.id)).status === 'completed' ? true : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        detail: () => first.logTail(),
      },
    );
    expect(owned(c)).toBe(TOTAL);

    await api.returnNow(h1.id);
    await waitFor('some items home', () => (owned(w.from) >= TOTAL / 3 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 20,
      detail: () => first.logTail(),
    });
    first.kill('SIGKILL');
    await first.waitForExit(10_000);
    expect(owned(w.from)).toBeLessThan(TOTAL);

    const second = await w.startRuntime(FAST);
    const after = createHandoffApi(second.url);
    const final = await waitFor(
      'H-1 returned on the new process',
      async () => {
        const view = await after.get(h1.id);
        return view.status === 'returned' ? view : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100, detail: () => second.logTail() },
    );

    expect(final.counts).toMatchObject({ returned: TOTAL, kept: 0, moved: 0 });
    expect(owned(w.from)).toBe(TOTAL);
    for (const kind of KINDS) {
      expect(updateCountsOtherThan(portal, kind, w.ids[kind], 3), `${kind} not updated exactly three times`).toEqual(
        [],
      );
    }
    const db = openDatabaseView(w.databasePath);
    try {
      const given = await db.handoff(noOf(h2.id));
      const records = await db.items(given.id);
      expect(records.filter((r) => r.status !== 'returned').map((r) => `${r.kind}#${r.itemId}:${r.status}`)).toEqual(
        [],
      );
      const lent = await db.items((await db.handoff(noOf(h1.id))).id);
      expect(lent.filter((r) => r.status !== 'returned')).toEqual([]);
    } finally {
      db.close();
    }
  }, 240_000);
});
