/**
 * Store benchmark: 10,000 items inserted and then updated in batches of 50 (the engine's pace), plus counts and a
 * full cursor walk, on SQLite (a WAL file in a temp folder) and in memory. Prints figures; not a test.
 * Run: npx tsx bench/store.ts [items], or `node dist/bench/store.js [items]` after `npm run build`.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { toHandoffId, toPortalUserId, toTenantId } from '../engine/ids.js';
import type { HandoffStore, ItemUpdate, NewItem } from '../engine/ports.js';
import { MemoryHandoffStore } from '../storage/memory-store.js';
import { openSqliteDatabase } from '../storage/sqlite.js';
import { SqliteHandoffStore } from '../storage/sqlite-store.js';
import type { SummaryRow } from './summary.js';

const BATCH = 50;
const tenantId = toTenantId('bench');

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms`);
  return ms;
}

interface StoreFigures {
  readonly insertOneMs: number;
  readonly insertBatchesMs: number;
  readonly updateBatchesMs: number;
}

async function bench(name: string, store: HandoffStore, ITEMS: number): Promise<StoreFigures> {
  console.log(`${name}: ${ITEMS} items, batches of ${BATCH}`);
  const create = async () =>
    (
      await store.createHandoff({
        tenantId,
        id: toHandoffId(randomUUID()),
        status: 'running',
        plan: {
          tenantId,
          initiator: { label: 'bench' },
          fromUserId: toPortalUserId(1),
          to: { type: 'user', userId: toPortalUserId(2) },
          when: { mode: 'permanent' },
          options: { allItems: false, dryRun: true, forceReturn: false, notify: false, sweep: false },
        },
        targets: { deals: { type: 'user', userId: toPortalUserId(2), via: 'user' } },
        kinds: ['deals'],
        createdAt: new Date(),
      })
    ).handoff.id;
  const items: NewItem[] = Array.from({ length: ITEMS }, (_, i) => ({
    kind: i % 2 === 0 ? 'deals' : 'tasks',
    itemId: i + 1,
    title: `Item ${i + 1}`,
    originalOwnerId: toPortalUserId(1),
    newOwnerId: toPortalUserId(2),
    status: 'pending',
  }));
  const updates: ItemUpdate[] = items.map((i) => ({ kind: i.kind, itemId: i.itemId, status: 'moved' }));

  const a = await create();
  const insertOne = await time('insertItems, one call', () => store.insertItems(tenantId, a, items));
  const b = await create();
  const insertBatches = await time(`insertItems, ${ITEMS / BATCH} calls of ${BATCH}`, async () => {
    for (const chunk of chunks(items, BATCH)) await store.insertItems(tenantId, b, chunk);
  });
  const updateBatches = await time(`updateItems, ${ITEMS / BATCH} calls of ${BATCH}`, async () => {
    for (const chunk of chunks(updates, BATCH)) await store.updateItems(tenantId, b, chunk);
  });
  await time('insertItems again (all ignored), batches', async () => {
    for (const chunk of chunks(items, BATCH)) await store.insertItems(tenantId, b, chunk);
  });
  await time('countItems', () => store.countItems(tenantId, b));
  await time('listItems, full cursor walk (pages of 1000)', async () => {
    let after: { kind: NewItem['kind']; itemId: number } | undefined;
    for (;;) {
      const page = await store.listItems(tenantId, b, { limit: 1000, ...(after ? { after } : {}) });
      const last = page.at(-1);
      if (!last) break;
      after = { kind: last.kind, itemId: last.itemId };
    }
  });
  console.log(
    `  => insert+update in batches: ${(insertBatches + updateBatches).toFixed(1)} ms ` +
      `(${Math.round((2 * ITEMS) / ((insertBatches + updateBatches) / 1000))} item writes/s); one-call insert ${insertOne.toFixed(1)} ms`,
  );
  return { insertOneMs: insertOne, insertBatchesMs: insertBatches, updateBatchesMs: updateBatches };
}

function rows(name: string, items: number, figures: StoreFigures): SummaryRow[] {
  const bench = `store, ${name} (${items / 1000}k items)`;
  return [
    {
      bench,
      metric: 'insert+update, batches of 50',
      value: figures.insertBatchesMs + figures.updateBatchesMs,
      unit: 'ms',
      digits: 1,
    },
    { bench, metric: 'insertItems, one call', value: figures.insertOneMs, unit: 'ms', digits: 1 },
  ];
}

/** Runs the store benchmark on SQLite (a WAL file in a temp folder) and in memory; returns the summary rows. */
export async function main(items = 10_000): Promise<SummaryRow[]> {
  const folder = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
  try {
    const database = openSqliteDatabase(join(folder, 'handoff.db'));
    let sqlite: StoreFigures;
    try {
      sqlite = await bench('sqlite (WAL file)', new SqliteHandoffStore(database), items);
    } finally {
      database.close();
    }
    const memory = await bench('memory', new MemoryHandoffStore(), items);
    return [...rows('sqlite', items, sqlite), ...rows('memory', items, memory)];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(Number(process.argv[2] ?? 10_000)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
