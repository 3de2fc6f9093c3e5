/**
 * MongoVacationStore: VacationStore on MongoDB, one document per (tenant, external id) as in the SQLite table; the
 * unique index makes a concurrent second insert of one external id a no-op that returns the first.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import type { HandoffId, TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { NewVacation, Vacation, VacationFilter, VacationPatch, VacationStore } from '../engine/vacation-model.js';
import { systemClock } from './handoff-rules.js';
import { isDuplicateKey } from './mongo-store.js';
import {
  applyVacationPatch,
  clampVacationLimit,
  decodeVacation,
  encodeVacation,
  type StoredVacation,
} from './vacation-store.js';

export const VACATIONS_COLLECTION = 'vacations';

type VacationDoc = StoredVacation;

const INDEXES: IndexDescription[] = [
  { key: { tenantId: 1, externalId: 1 }, name: 'vacations_external_uq', unique: true },
  { key: { tenantId: 1, handoffId: 1 }, name: 'vacations_handoff_idx' },
  { key: { tenantId: 1, createdAt: -1, externalId: 1 }, name: 'vacations_created_idx' },
];

export class MongoVacationStore implements VacationStore {
  readonly #docs: Collection<VacationDoc>;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly clock?: Clock }) {
    this.#docs = db.collection<VacationDoc>(VACATIONS_COLLECTION);
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the indexes the store relies on (idempotent), then the store. */
  static async open(db: Db, options: { readonly clock?: Clock } = {}): Promise<MongoVacationStore> {
    await db.collection(VACATIONS_COLLECTION).createIndexes(INDEXES);
    return new MongoVacationStore(db, options);
  }

  async insertVacation(vacation: NewVacation): Promise<{ vacation: Vacation; created: boolean }> {
    const now = this.#clock.now();
    const doc = encodeVacation(vacation, now);
    try {
      await this.#docs.insertOne({ ...doc });
      return { vacation: decodeVacation(doc), created: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await this.getVacation(vacation.tenantId, vacation.externalId);
      if (!first) throw error;
      return { vacation: first, created: false };
    }
  }

  async getVacation(tenantId: TenantId, externalId: string): Promise<Vacation | null> {
    const doc = await this.#docs.findOne({ tenantId, externalId }, { projection: { _id: 0 } });
    return doc ? decodeVacation(doc) : null;
  }

  async findVacationByHandoff(tenantId: TenantId, handoffId: HandoffId): Promise<Vacation | null> {
    const doc = await this.#docs.findOne({ tenantId, handoffId }, { projection: { _id: 0 } });
    return doc ? decodeVacation(doc) : null;
  }

  async updateVacation(tenantId: TenantId, externalId: string, patch: VacationPatch): Promise<Vacation | null> {
    const current = await this.getVacation(tenantId, externalId);
    if (!current) return null;
    const next = applyVacationPatch(current, patch, this.#clock.now());
    await this.#docs.updateOne(
      { tenantId, externalId },
      { $set: { startAt: next.startAt, endAt: next.endAt, state: next.state, updatedAt: next.updatedAt } },
    );
    return next;
  }

  async listVacations(tenantId: TenantId, filter: VacationFilter = {}): Promise<readonly Vacation[]> {
    const docs = await this.#docs
      .find(
        { tenantId, ...(filter.state === undefined ? {} : { state: filter.state }) },
        { projection: { _id: 0 }, sort: { createdAt: -1, externalId: 1 }, limit: clampVacationLimit(filter.limit) },
      )
      .toArray();
    return docs.map(decodeVacation);
  }
}
