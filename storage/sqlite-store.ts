/**
 * SqliteHandoffStore: the HandoffStore port on SQLite (better-sqlite3 through drizzle). Each method runs in one
 * synchronous transaction; creations and status changes take the write lock up front (BEGIN IMMEDIATE), so the
 * number, the already_running check and the insert are atomic even with several processes on one file. Item writes,
 * the hot path, use raw prepared statements inside one transaction per batch.
 * @module
 */
import type { Statement } from 'better-sqlite3';
import { and, asc, desc, eq, exists, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type HandoffId, type TenantId, toHandoffId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import type { Handoff, HandoffEvent, HandoffItem, HandoffStatus, ItemCounts, ItemStatus } from '../engine/model.js';
import type {
  Clock,
  HandoffFilter,
  HandoffPatch,
  HandoffStore,
  ItemFilter,
  ItemUpdate,
  NewHandoff,
  NewItem,
} from '../engine/ports.js';
import {
  alreadyRunning,
  applyHandoffPatch,
  clampHandoffLimit,
  clampItemLimit,
  type HoldFacts,
  handoffNotFound,
  holdsFromUser,
  holdsNobody,
  needsHoldCheck,
  overlappingHolder,
  systemClock,
  toItemCounts,
} from './handoff-rules.js';
import { handoffCounters, handoffEvents, handoffs, handoffTargets, idempotencyKeys } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';
import {
  fromEventRow,
  fromHandoffRow,
  fromItemRow,
  type ItemRow,
  toEntityKind,
  toHandoffRow,
  toItemStatus,
  toTargetRows,
} from './sqlite-rows.js';

export interface SqliteHandoffStoreOptions {
  /** Stamps `updatedAt` of handoffs and items. Default: the system clock. */
  readonly clock?: Clock;
}

const ITEM_COLUMNS =
  'kind, item_id, title, original_owner_id, new_owner_id, status, skip_reason, error, updated_at, current_owner_id, via_handoff_id, onward_handoff_id';

export class SqliteHandoffStore implements HandoffStore {
  readonly #db: SqliteDb;
  readonly #raw: SqliteDatabase['sqlite'];
  readonly #clock: Clock;
  readonly #insertItem: Statement;
  readonly #updateItem: Statement;
  readonly #handoffExists: Statement;
  readonly #claimRun: Statement;
  readonly #renewRun: Statement;
  readonly #releaseRun: Statement;
  /** getHandoff runs once per batch on the hot path: prepared once instead of rebuilt by the query builder. */
  readonly #getById;

  constructor(database: Pick<SqliteDatabase, 'db' | 'sqlite'>, options: SqliteHandoffStoreOptions = {}) {
    this.#db = database.db;
    this.#raw = database.sqlite;
    this.#clock = options.clock ?? systemClock;
    this.#insertItem = this.#raw.prepare(
      `INSERT INTO handoff_items (tenant_id, handoff_id, ${ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, NULL)
       ON CONFLICT DO NOTHING`,
    );
    this.#updateItem = this.#raw.prepare(
      `UPDATE handoff_items SET status = ?, skip_reason = ?, error = ?, current_owner_id = ?, onward_handoff_id = ?,
       updated_at = ? WHERE tenant_id = ? AND handoff_id = ? AND kind = ? AND item_id = ?`,
    );
    this.#getById = this.#db
      .select()
      .from(handoffs)
      .where(and(eq(handoffs.tenantId, sql.placeholder('tenantId')), eq(handoffs.id, sql.placeholder('id'))))
      .prepare();
    this.#handoffExists = this.#raw.prepare('SELECT 1 FROM handoffs WHERE tenant_id = ? AND id = ?').pluck();
    // One UPDATE each: SQLite's write lock makes the compare-and-set atomic across connections and processes.
    this.#claimRun = this.#raw.prepare(
      `UPDATE handoffs SET run_owner = @owner, run_until = @until
       WHERE tenant_id = @tenantId AND id = @handoffId
         AND (run_owner IS NULL OR run_owner = @owner OR run_until IS NULL OR run_until <= @now)`,
    );
    this.#renewRun = this.#raw.prepare(
      'UPDATE handoffs SET run_until = @until WHERE tenant_id = @tenantId AND id = @handoffId AND run_owner = @owner',
    );
    this.#releaseRun = this.#raw.prepare(
      `UPDATE handoffs SET run_owner = NULL, run_until = NULL
       WHERE tenant_id = @tenantId AND id = @handoffId AND run_owner = @owner`,
    );
  }

  #byId(tenantId: TenantId, id: HandoffId): SQL | undefined {
    return and(eq(handoffs.tenantId, tenantId), eq(handoffs.id, id));
  }

  /**
   * The no of the handoff holding the candidate's from-user over an overlapping period. Runs inside the caller's
   * write transaction (BEGIN IMMEDIATE), so the check and the write are atomic across processes.
   */
  #holderNo(db: SqliteDb, tenantId: TenantId, candidate: Omit<HoldFacts, 'no'>): number | undefined {
    if (!holdsFromUser(candidate.status, holdsNobody(candidate.plan))) return undefined;
    const rows = db
      .select()
      .from(handoffs)
      .where(
        and(
          eq(handoffs.tenantId, tenantId),
          eq(handoffs.fromUserId, candidate.plan.fromUserId),
          isNotNull(handoffs.activeLock),
        ),
      )
      .all();
    return overlappingHolder(candidate, rows.map(fromHandoffRow), this.#clock.now())?.no;
  }

  async createHandoff(input: NewHandoff, idempotencyKey?: string): Promise<{ handoff: Handoff; created: boolean }> {
    const { tenantId } = input;
    return this.#db.transaction(
      (tx) => {
        if (idempotencyKey !== undefined) {
          const first = this.#findByKey(tx, tenantId, idempotencyKey);
          if (first) return { handoff: first, created: false };
        }
        const holder = this.#holderNo(tx, tenantId, input);
        if (holder !== undefined) throw alreadyRunning(holder);
        const counter = tx
          .insert(handoffCounters)
          .values({ tenantId, lastNo: 1 })
          .onConflictDoUpdate({ target: handoffCounters.tenantId, set: { lastNo: sql`${handoffCounters.lastNo} + 1` } })
          .returning({ lastNo: handoffCounters.lastNo })
          .get();
        const handoff: Handoff = { ...input, no: counter.lastNo, updatedAt: input.createdAt, cancelRequested: false };
        tx.insert(handoffs).values(toHandoffRow(handoff)).run();
        const targetRows = toTargetRows(handoff);
        if (targetRows.length > 0) tx.insert(handoffTargets).values(targetRows).run();
        if (idempotencyKey !== undefined) {
          tx.insert(idempotencyKeys)
            .values({ tenantId, key: idempotencyKey, handoffId: handoff.id, createdAt: this.#clock.now() })
            .run();
        }
        return { handoff: fromHandoffRow(toHandoffRow(handoff)), created: true };
      },
      { behavior: 'immediate' },
    );
  }

  async findByIdempotencyKey(tenantId: TenantId, idempotencyKey: string): Promise<Handoff | null> {
    return this.#findByKey(this.#db, tenantId, idempotencyKey);
  }

  #findByKey(db: SqliteDb, tenantId: TenantId, idempotencyKey: string): Handoff | null {
    const row = db
      .select()
      .from(handoffs)
      .innerJoin(idempotencyKeys, eq(idempotencyKeys.handoffId, handoffs.id))
      .where(
        and(
          eq(idempotencyKeys.tenantId, tenantId),
          eq(idempotencyKeys.key, idempotencyKey),
          eq(handoffs.tenantId, tenantId),
        ),
      )
      .get();
    return row ? fromHandoffRow(row.handoffs) : null;
  }

  async getHandoff(tenantId: TenantId, id: HandoffId): Promise<Handoff | null> {
    const row = this.#getById.get({ tenantId, id });
    return row ? fromHandoffRow(row) : null;
  }

  async getHandoffByNo(tenantId: TenantId, no: number): Promise<Handoff | null> {
    const row = this.#db
      .select()
      .from(handoffs)
      .where(and(eq(handoffs.tenantId, tenantId), eq(handoffs.no, no)))
      .get();
    return row ? fromHandoffRow(row) : null;
  }

  async listHandoffs(tenantId: TenantId, filter: HandoffFilter = {}): Promise<readonly Handoff[]> {
    const conditions: (SQL | undefined)[] = [eq(handoffs.tenantId, tenantId)];
    if (filter.statuses !== undefined) conditions.push(inArray(handoffs.status, [...filter.statuses]));
    if (filter.beforeNo !== undefined) conditions.push(lt(handoffs.no, filter.beforeNo));
    const userId = filter.involvingUserId;
    if (userId !== undefined) {
      const receiver = this.#db
        .select({ one: sql`1` })
        .from(handoffTargets)
        .where(
          and(
            eq(handoffTargets.tenantId, tenantId),
            eq(handoffTargets.handoffId, handoffs.id),
            eq(handoffTargets.userId, userId),
          ),
        );
      conditions.push(or(eq(handoffs.fromUserId, userId), eq(handoffs.initiatorUserId, userId), exists(receiver)));
    }
    const rows = this.#db
      .select()
      .from(handoffs)
      .where(and(...conditions))
      .orderBy(desc(handoffs.no))
      .limit(clampHandoffLimit(filter.limit))
      .all();
    return rows.map(fromHandoffRow);
  }

  async updateHandoff(
    tenantId: TenantId,
    id: HandoffId,
    patch: HandoffPatch,
    expect?: readonly HandoffStatus[],
  ): Promise<Handoff | null> {
    return this.#db.transaction(
      (tx) => {
        const row = tx.select().from(handoffs).where(this.#byId(tenantId, id)).get();
        if (!row) return null;
        const current = fromHandoffRow(row);
        if (expect !== undefined && !expect.includes(current.status)) return null;
        const next = applyHandoffPatch(current, patch, this.#clock.now());
        const holder = needsHoldCheck(current, next) ? this.#holderNo(tx, tenantId, next) : undefined;
        if (holder !== undefined) throw alreadyRunning(holder);
        const { tenantId: _t, id: _i, no: _n, createdAt: _c, ...changes } = toHandoffRow(next);
        tx.update(handoffs).set(changes).where(this.#byId(tenantId, id)).run();
        if (patch.resolved !== undefined) {
          // A robot handoff's receivers became known: "handoffs involving me" finds it by them from now on.
          tx.delete(handoffTargets)
            .where(and(eq(handoffTargets.tenantId, tenantId), eq(handoffTargets.handoffId, id)))
            .run();
          const targetRows = toTargetRows(next);
          if (targetRows.length > 0) tx.insert(handoffTargets).values(targetRows).run();
        }
        return next;
      },
      { behavior: 'immediate' },
    );
  }

  async insertItems(tenantId: TenantId, handoffId: HandoffId, items: readonly NewItem[]): Promise<number> {
    const now = this.#clock.now().getTime();
    const run = this.#raw.transaction(() => {
      if (this.#handoffExists.get(tenantId, handoffId) === undefined) throw handoffNotFound(handoffId);
      let inserted = 0;
      for (const item of items) {
        inserted += this.#insertItem.run(
          tenantId,
          handoffId,
          item.kind,
          item.itemId,
          item.title,
          item.originalOwnerId,
          item.newOwnerId,
          item.status,
          item.skipReason ?? null,
          now,
          item.viaHandoffId ?? null,
        ).changes;
      }
      return inserted;
    });
    return run.immediate();
  }

  async updateItems(tenantId: TenantId, handoffId: HandoffId, updates: readonly ItemUpdate[]): Promise<void> {
    const now = this.#clock.now().getTime();
    const run = this.#raw.transaction(() => {
      for (const u of updates) {
        this.#updateItem.run(
          u.status,
          u.skipReason ?? null,
          u.error ?? null,
          u.currentOwnerId ?? null,
          u.onwardHandoffId ?? null,
          now,
          tenantId,
          handoffId,
          u.kind,
          u.itemId,
        );
      }
    });
    run.immediate();
  }

  async listItems(tenantId: TenantId, handoffId: HandoffId, filter: ItemFilter = {}): Promise<readonly HandoffItem[]> {
    const where = ['tenant_id = ?', 'handoff_id = ?'];
    const params: (string | number)[] = [tenantId, handoffId];
    if (filter.statuses !== undefined) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.statuses);
    }
    if (filter.kinds !== undefined) {
      where.push(`kind IN (${filter.kinds.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.kinds);
    }
    if (filter.after !== undefined) {
      // A row-value comparison: SQLite walks the primary key from the cursor on.
      where.push('(kind, item_id) > (?, ?)');
      params.push(filter.after.kind, filter.after.itemId);
    }
    params.push(clampItemLimit(filter.limit));
    const rows = this.#raw
      .prepare(`SELECT ${ITEM_COLUMNS} FROM handoff_items WHERE ${where.join(' AND ')} ORDER BY kind, item_id LIMIT ?`)
      .all(...params) as ItemRow[];
    return rows.map((row) => fromItemRow(tenantId, handoffId, row));
  }

  async countItems(tenantId: TenantId, handoffId: HandoffId): Promise<ItemCounts> {
    const rows = this.#raw
      .prepare(
        `SELECT kind, status, COUNT(*) AS count FROM handoff_items
         WHERE tenant_id = ? AND handoff_id = ? GROUP BY kind, status`,
      )
      .all(tenantId, handoffId) as { kind: string; status: string; count: number }[];
    return toItemCounts(
      rows.map((r) => ({ kind: toEntityKind(r.kind), status: toItemStatus(r.status), count: r.count })),
    );
  }

  async findItemRecords(
    tenantId: TenantId,
    kind: EntityKind,
    itemIds: readonly number[],
    statuses?: readonly ItemStatus[],
  ): Promise<readonly HandoffItem[]> {
    const found: { no: number; item: HandoffItem }[] = [];
    const unique = [...new Set(itemIds)];
    // Chunks stay well below SQLite's limit on bound parameters.
    for (let start = 0; start < unique.length; start += 500) {
      const chunk = unique.slice(start, start + 500);
      const params: (string | number)[] = [tenantId, kind, ...chunk];
      let statusClause = '';
      if (statuses !== undefined) {
        statusClause = ` AND i.status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`;
        params.push(...statuses);
      }
      const rows = this.#raw
        .prepare(
          `SELECT h.no AS no, i.handoff_id AS handoff_id, ${ITEM_COLUMNS.split(', ')
            .map((c) => `i.${c}`)
            .join(', ')}
           FROM handoff_items i JOIN handoffs h ON h.tenant_id = i.tenant_id AND h.id = i.handoff_id
           WHERE i.tenant_id = ? AND i.kind = ? AND i.item_id IN (${chunk.map(() => '?').join(', ')})${statusClause}`,
        )
        .all(...params) as (ItemRow & { no: number; handoff_id: string })[];
      for (const row of rows) found.push({ no: row.no, item: fromItemRow(tenantId, toHandoffId(row.handoff_id), row) });
    }
    return found.sort((a, b) => a.no - b.no || a.item.itemId - b.item.itemId).map((f) => f.item);
  }

  async appendEvent(event: HandoffEvent): Promise<void> {
    this.#db.transaction((tx) => {
      if (this.#handoffExists.get(event.tenantId, event.handoffId) === undefined)
        throw handoffNotFound(event.handoffId);
      tx.insert(handoffEvents)
        .values({
          tenantId: event.tenantId,
          handoffId: event.handoffId,
          at: event.at,
          type: event.type,
          actor: event.actor,
          data: event.data === undefined ? null : JSON.stringify(event.data),
        })
        .run();
    });
  }

  async claimRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date, now: Date): Promise<boolean> {
    const params = { tenantId, handoffId, owner, until: until.getTime(), now: now.getTime() };
    return this.#claimRun.run(params).changes === 1;
  }

  async renewRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date): Promise<boolean> {
    return this.#renewRun.run({ tenantId, handoffId, owner, until: until.getTime() }).changes === 1;
  }

  async releaseRun(tenantId: TenantId, handoffId: HandoffId, owner: string): Promise<void> {
    this.#releaseRun.run({ tenantId, handoffId, owner });
  }

  async listEvents(tenantId: TenantId, handoffId: HandoffId): Promise<readonly HandoffEvent[]> {
    const rows = this.#db
      .select()
      .from(handoffEvents)
      .where(and(eq(handoffEvents.tenantId, tenantId), eq(handoffEvents.handoffId, handoffId)))
      .orderBy(asc(handoffEvents.at), asc(handoffEvents.seq))
      .all();
    return rows.map(fromEventRow);
  }
}
