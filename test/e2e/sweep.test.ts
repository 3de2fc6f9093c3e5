/**
 * The follow-up sweep, end to end on the real composition (createRuntime: SQLite store, Agenda on SQLite, the
 * Bitrix24 connector against the sandbox portal on loopback, the REST API): while a temporary handoff is active, items
 * that newly land on the from-user move to the receiver on the next sweep, and "return now" gives them back with the
 * rest. The sweep runs every second here (SWEEP_INTERVAL_MINUTES allows whole minutes only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import type { EntityKind } from '../../engine/kinds.js';
import { openDatabaseView } from './support/database.js';
import { createHandoffApi, waitFor } from './support/handoff-api.js';
import { type InProcessRuntime, startInProcessRuntime } from './support/in-process-runtime.js';
import { addItems, ownedBy, updateCountsOtherThan } from './support/served-portal.js';
import { noOf } from './support/transfer-world.js';

const DAY_MS = 86_400_000;

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newSandbox(): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ rate: false, seed: { seed: 3, users: 4, itemsPerUser: 1 } });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

async function newRuntime(...args: Parameters<typeof startInProcessRuntime>): Promise<InProcessRuntime> {
  const runtime = await startInProcessRuntime(...args);
  cleanups.push(() => runtime.close());
  return runtime;
}

describe('follow-up sweep of a temporary handoff', () => {
  it('moves items that land on the from-user later, and return-now gives them back with the rest', async () => {
    const sandbox = await newSandbox();
    const { portal } = sandbox;
    const from = portal.addUser().id;
    const to = portal.addUser().id;
    const first = { deals: addItems(portal, 'deals', from, 20), tasks: addItems(portal, 'tasks', from, 5) };
    const h = await newRuntime(sandbox.webhookUrl, {
      processEveryMs: 100,
      sweepIntervalMs: 1_000,
      // A return that finds a sweep under way tries again after the sweep's lease (default 2 minutes).
      runLeaseMs: 1_000,
    });
    const api = createHandoffApi(h.url);
    const wait = { timeoutMs: 20_000, intervalMs: 50, detail: () => h.logTail() };

    const { id } = await api.create({
      from: { id: from },
      to: { type: 'user', id: to },
      kinds: ['deals', 'tasks'],
      returnAt: new Date(Date.now() + DAY_MS).toISOString(),
      sweep: true,
      notify: false,
    });
    const active = await waitFor(
      `${id} to finish its transfer`,
      async () => {
        const view = await api.get(id);
        return view.status === 'return_scheduled' ? view : undefined;
      },
      wait,
    );
    const later = { deals: addItems(portal, 'deals', from, 4), tasks: addItems(portal, 'tasks', from, 2) };
    const closedLater = portal.addItem('deals', { ownerId: from, open: false });
    const swept = await waitFor(
      'the sweep to move the new items and record them',
      async () => {
        const view = await api.get(id);
        return view.counts.moved === 31 ? view : undefined;
      },
      wait,
    );

    expect(active.counts).toMatchObject({ moved: 25, failed: 0 });
    expect(swept.status).toBe('return_scheduled');
    for (const kind of ['deals', 'tasks'] as const) {
      expect(ownedBy(portal, kind, later[kind], to), `new ${kind} swept to the receiver`).toBe(later[kind].length);
    }
    expect(portal.ownerOf('deals', closedLater), 'closed items are not swept').toBe(from);

    await api.returnNow(id);
    const returned = await waitFor(
      `${id} to be returned`,
      async () => {
        const view = await api.get(id);
        return view.status === 'returned' ? view : undefined;
      },
      wait,
    );

    expect(returned.counts).toMatchObject({ returned: 31, moved: 0, pending: 0, kept: 0, failed: 0 });
    const all: Record<'deals' | 'tasks', number[]> = {
      deals: [...first.deals, ...later.deals],
      tasks: [...first.tasks, ...later.tasks],
    };
    for (const kind of ['deals', 'tasks'] as const satisfies readonly EntityKind[]) {
      expect(ownedBy(portal, kind, all[kind], from), `${kind} back with the from-user`).toBe(all[kind].length);
      // Once there, once back: the sweep never sent an item that was already moved.
      expect(updateCountsOtherThan(portal, kind, all[kind], 2)).toEqual([]);
    }
    expect(portal.updateCount('deals', closedLater)).toBe(0);
    const db = openDatabaseView(h.databasePath);
    try {
      const stored = await db.handoff(noOf(id));
      expect((await db.events(stored.id)).map((e) => e.type)).toContain('sweep.moved');
      // The return stopped the sweep: nothing is left scheduled for this handoff.
      expect(db.jobs().filter((job) => job.handoffId === stored.id)).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
