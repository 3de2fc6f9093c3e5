/**
 * Reads the runtime's SQLite file from the test process (WAL lets it read beside the child that writes): the handoff,
 * its items and the Agenda jobs, to check what a killed or stopped process left behind.
 * @module
 */
import { type HandoffId, toTenantId } from '../../../engine/ids.js';
import type { Handoff, HandoffEvent, HandoffItem, ItemStatus } from '../../../engine/model.js';
import { AGENDA_JOBS_TABLE } from '../../../storage/agenda/sqlite-job-table.js';
import { openSqliteDatabase } from '../../../storage/sqlite.js';
import { SqliteHandoffStore } from '../../../storage/sqlite-store.js';

/** bot/main.ts DEFAULT_TENANT (not imported: that module loads every surface, which these readers do not need). */
const DEFAULT_TENANT = toTenantId('default');

export interface JobRow {
  readonly name: string;
  readonly handoffId: string | undefined;
  readonly lockedAt: number | null;
  readonly nextRunAt: number | null;
}

export interface DatabaseView {
  /** The handoff `H-<no>` of the single-portal tenant. */
  handoff(no: number): Promise<Handoff>;
  /** Every item of the handoff (optionally of some statuses), in the store's order. */
  items(handoffId: HandoffId, statuses?: readonly ItemStatus[]): Promise<HandoffItem[]>;
  events(handoffId: HandoffId): Promise<readonly HandoffEvent[]>;
  jobs(name?: string): JobRow[];
  close(): void;
}

export function openDatabaseView(path: string): DatabaseView {
  const database = openSqliteDatabase(path);
  const store = new SqliteHandoffStore(database);
  return {
    async handoff(no) {
      const handoff = await store.getHandoffByNo(DEFAULT_TENANT, no);
      if (!handoff) throw new Error(`H-${no} is not in the database`);
      return handoff;
    },
    async items(handoffId, statuses) {
      const all: HandoffItem[] = [];
      let after: { kind: HandoffItem['kind']; itemId: number } | undefined;
      for (;;) {
        const page = await store.listItems(DEFAULT_TENANT, handoffId, {
          limit: 1000,
          ...(statuses ? { statuses } : {}),
          ...(after ? { after } : {}),
        });
        all.push(...page);
        const last = page.at(-1);
        if (!last || page.length < 1000) return all;
        after = { kind: last.kind, itemId: last.itemId };
      }
    },
    events: (handoffId) => store.listEvents(DEFAULT_TENANT, handoffId),
    jobs(name) {
      const rows = database.sqlite
        .prepare(`SELECT name, data, locked_at, next_run_at FROM ${AGENDA_JOBS_TABLE} ORDER BY name`)
        .all() as { name: string; data: string; locked_at: number | null; next_run_at: number | null }[];
      return rows
        .filter((row) => name === undefined || row.name === name)
        .map((row) => ({
          name: row.name,
          handoffId: (JSON.parse(row.data) as { handoffId?: string } | null)?.handoffId,
          lockedAt: row.locked_at,
          nextRunAt: row.next_run_at,
        }));
    },
    close: () => database.close(),
  };
}
