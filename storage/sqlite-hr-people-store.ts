/**
 * SqliteHrPeopleStore: HrPeopleStore on SQLite, one row per (tenant, person key) in `hr_people` (migration 0006).
 * @module
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';
import { decodeHrPeople, type HrPeopleStore, type HrPerson, type HrPersonRef, toHrKey } from './hr-people-store.js';
import { hrPeople } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';

export class SqliteHrPeopleStore implements HrPeopleStore {
  readonly #db: SqliteDb;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly clock?: Clock } = {}) {
    this.#db = database.db;
    this.#clock = options.clock ?? systemClock;
  }

  async listHrPeople(tenantId: TenantId): Promise<readonly HrPerson[]> {
    const rows = this.#db.select().from(hrPeople).where(eq(hrPeople.tenantId, tenantId)).all();
    return decodeHrPeople(rows);
  }

  async addHrPerson(tenantId: TenantId, person: HrPersonRef, addedBy: string): Promise<boolean> {
    const result = this.#db
      .insert(hrPeople)
      .values({ tenantId, person: toHrKey(person), addedBy, addedAt: this.#clock.now() })
      .onConflictDoNothing()
      .run();
    return result.changes > 0;
  }

  async removeHrPerson(tenantId: TenantId, person: HrPersonRef): Promise<boolean> {
    const where = and(eq(hrPeople.tenantId, tenantId), eq(hrPeople.person, toHrKey(person)));
    return this.#db.delete(hrPeople).where(where).run().changes > 0;
  }

  async isHrPerson(tenantId: TenantId, refs: readonly HrPersonRef[]): Promise<boolean> {
    if (refs.length === 0) return false;
    const row = this.#db
      .select({ person: hrPeople.person })
      .from(hrPeople)
      .where(and(eq(hrPeople.tenantId, tenantId), inArray(hrPeople.person, refs.map(toHrKey))))
      .get();
    return row !== undefined;
  }
}
