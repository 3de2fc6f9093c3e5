/**
 * MongoHrPeopleStore: HrPeopleStore on MongoDB, one document per (tenant, person key) as in the SQLite table.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import type { TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';
import { decodeHrPeople, type HrPeopleStore, type HrPerson, type HrPersonRef, toHrKey } from './hr-people-store.js';
import { isDuplicateKey } from './mongo-store.js';

export const HR_PEOPLE_COLLECTION = 'hr_people';

interface HrPersonDoc {
  tenantId: string;
  person: string;
  addedBy: string;
  addedAt: Date;
}

const INDEXES: IndexDescription[] = [{ key: { tenantId: 1, person: 1 }, name: 'hr_people_uq', unique: true }];

export class MongoHrPeopleStore implements HrPeopleStore {
  readonly #docs: Collection<HrPersonDoc>;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly clock?: Clock }) {
    this.#docs = db.collection<HrPersonDoc>(HR_PEOPLE_COLLECTION);
    this.#clock = options.clock ?? systemClock;
  }

  static async open(db: Db, options: { readonly clock?: Clock } = {}): Promise<MongoHrPeopleStore> {
    await db.collection(HR_PEOPLE_COLLECTION).createIndexes(INDEXES);
    return new MongoHrPeopleStore(db, options);
  }

  async listHrPeople(tenantId: TenantId): Promise<readonly HrPerson[]> {
    const docs = await this.#docs.find({ tenantId }, { projection: { _id: 0 } }).toArray();
    return decodeHrPeople(docs);
  }

  async addHrPerson(tenantId: TenantId, person: HrPersonRef, addedBy: string): Promise<boolean> {
    try {
      await this.#docs.insertOne({ tenantId, person: toHrKey(person), addedBy, addedAt: this.#clock.now() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async removeHrPerson(tenantId: TenantId, person: HrPersonRef): Promise<boolean> {
    return (await this.#docs.deleteOne({ tenantId, person: toHrKey(person) })).deletedCount > 0;
  }

  async isHrPerson(tenantId: TenantId, refs: readonly HrPersonRef[]): Promise<boolean> {
    if (refs.length === 0) return false;
    return (await this.#docs.countDocuments({ tenantId, person: { $in: refs.map(toHrKey) } }, { limit: 1 })) > 0;
  }
}
