/**
 * SqliteVacationStore: VacationStore on SQLite, one row per (tenant, external id) in `vacations` (migration 0006).
 * @module
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { HandoffId, TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { NewVacation, Vacation, VacationFilter, VacationPatch, VacationStore } from '../engine/vacation-model.js';
import { systemClock } from './handoff-rules.js';
import { vacations } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';
import { applyVacationPatch, clampVacationLimit, decodeVacation, encodeVacation } from './vacation-store.js';

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
    const inserted = this.#db.insert(vacations).values(encodeVacation(vacation, now)).onConflictDoNothing().run();
    const row = this.#db.select().from(vacations).where(this.#where(vacation.tenantId, vacation.externalId)).get();
    if (!row) throw new Error('vacation missing after its insert');
    return { vacation: decodeVacation(row), created: inserted.changes > 0 };
  }

  async getVacation(tenantId: TenantId, externalId: string): Promise<Vacation | null> {
    const row = this.#db.select().from(vacations).where(this.#where(tenantId, externalId)).get();
    return row ? decodeVacation(row) : null;
  }

  async findVacationByHandoff(tenantId: TenantId, handoffId: HandoffId): Promise<Vacation | null> {
    const row = this.#db
      .select()
      .from(vacations)
      .where(and(eq(vacations.tenantId, tenantId), eq(vacations.handoffId, handoffId)))
      .get();
    return row ? decodeVacation(row) : null;
  }

  async updateVacation(tenantId: TenantId, externalId: string, patch: VacationPatch): Promise<Vacation | null> {
    return this.#db.transaction((tx) => {
      const row = tx.select().from(vacations).where(this.#where(tenantId, externalId)).get();
      if (!row) return null;
      const next = applyVacationPatch(decodeVacation(row), patch, this.#clock.now());
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
    return rows.map(decodeVacation);
  }
}
