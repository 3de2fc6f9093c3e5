/**
 * SqliteVacationStore: VacationStore on SQLite, one row per (tenant, external id) in `vacations` (migration 0006).
 * @module
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { type HandoffId, type TenantId, toPortalUserId, toTenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type {
  NewVacation,
  Vacation,
  VacationFilter,
  VacationPatch,
  VacationState,
  VacationStore,
} from '../engine/vacation-model.js';
import { systemClock } from './handoff-rules.js';
import { vacations } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';
import {
  applyVacationPatch,
  clampVacationLimit,
  decodeBackup,
  decodeVacationKinds,
  encodeBackup,
  toVacationHandoffId,
} from './vacation-store.js';

type Row = typeof vacations.$inferSelect;

function toVacation(row: Row): Vacation {
  const kinds = decodeVacationKinds(row.kinds);
  return {
    tenantId: toTenantId(row.tenantId),
    externalId: row.externalId,
    employeeId: toPortalUserId(row.employeeId),
    backup: decodeBackup(row.backup),
    startAt: row.startAt,
    endAt: row.endAt,
    ...(kinds === undefined ? {} : { kinds }),
    handoffId: toVacationHandoffId(row.handoffId),
    handoffNo: row.handoffNo,
    state: row.state as VacationState,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class SqliteVacationStore implements VacationStore {
  readonly #db: SqliteDb;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly clock?: Clock } = {}) {
    this.#db = database.db;
    this.#clock = options.clock ?? systemClock;
  }

  #where(tenantId: TenantId, externalId: string) {
    return and(eq(vacations.tenantId, tenantId), eq(vacations.externalId, externalId));
  }

  async insertVacation(vacation: NewVacation): Promise<{ vacation: Vacation; created: boolean }> {
    const now = this.#clock.now();
    const inserted = this.#db
      .insert(vacations)
      .values({
        tenantId: vacation.tenantId,
        externalId: vacation.externalId,
        employeeId: vacation.employeeId,
        backup: encodeBackup(vacation.backup),
        startAt: vacation.startAt,
        endAt: vacation.endAt,
        kinds: vacation.kinds === undefined ? null : JSON.stringify(vacation.kinds),
        handoffId: vacation.handoffId,
        handoffNo: vacation.handoffNo,
        state: vacation.state,
        createdBy: vacation.createdBy,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .run();
    const row = this.#db.select().from(vacations).where(this.#where(vacation.tenantId, vacation.externalId)).get();
    if (!row) throw new Error('vacation missing after its insert');
    return { vacation: toVacation(row), created: inserted.changes > 0 };
  }

  async getVacation(tenantId: TenantId, externalId: string): Promise<Vacation | null> {
    const row = this.#db.select().from(vacations).where(this.#where(tenantId, externalId)).get();
    return row ? toVacation(row) : null;
  }

  async findVacationByHandoff(tenantId: TenantId, handoffId: HandoffId): Promise<Vacation | null> {
    const row = this.#db
      .select()
      .from(vacations)
      .where(and(eq(vacations.tenantId, tenantId), eq(vacations.handoffId, handoffId)))
      .get();
    return row ? toVacation(row) : null;
  }

  async updateVacation(tenantId: TenantId, externalId: string, patch: VacationPatch): Promise<Vacation | null> {
    return this.#db.transaction((tx) => {
      const row = tx.select().from(vacations).where(this.#where(tenantId, externalId)).get();
      if (!row) return null;
      const next = applyVacationPatch(toVacation(row), patch, this.#clock.now());
      tx.update(vacations)
        .set({ startAt: next.startAt, endAt: next.endAt, state: next.state, updatedAt: next.updatedAt })
        .where(this.#where(tenantId, externalId))
        .run();
      return next;
    });
  }

  async listVacations(tenantId: TenantId, filter: VacationFilter = {}): Promise<readonly Vacation[]> {
    const rows = this.#db
      .select()
      .from(vacations)
      .where(
        filter.state === undefined
          ? eq(vacations.tenantId, tenantId)
          : and(eq(vacations.tenantId, tenantId), eq(vacations.state, filter.state)),
      )
      .orderBy(desc(vacations.createdAt), asc(vacations.externalId))
      .limit(clampVacationLimit(filter.limit))
      .all();
    return rows.map(toVacation);
  }
}
