/**
 * MongoApprovalStore: ApprovalStore on MongoDB, one document per approval as in the SQLite table; deciding is a
 * findOneAndUpdate on `status: pending`, so two approvers pressing at once decide it once.
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import type { TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import {
  type Approval,
  type ApprovalStatus,
  type ApprovalStore,
  decodeApproval,
  type NewApproval,
} from './approval-store.js';
import { encodePlan } from './handoff-codec.js';
import { systemClock } from './handoff-rules.js';

export const APPROVALS_COLLECTION = 'approvals';

interface ApprovalDoc {
  tenantId: string;
  id: string;
  plan: unknown;
  requestedBy: string;
  approverIds: number[];
  status: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  handoffId: string | null;
  createdAt: Date;
}

const INDEXES: IndexDescription[] = [{ key: { tenantId: 1, id: 1 }, name: 'approvals_uq', unique: true }];

export class MongoApprovalStore implements ApprovalStore {
  readonly #docs: Collection<ApprovalDoc>;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly clock?: Clock }) {
    this.#docs = db.collection<ApprovalDoc>(APPROVALS_COLLECTION);
    this.#clock = options.clock ?? systemClock;
  }

  static async open(db: Db, options: { readonly clock?: Clock } = {}): Promise<MongoApprovalStore> {
    await db.collection(APPROVALS_COLLECTION).createIndexes(INDEXES);
    return new MongoApprovalStore(db, options);
  }

  async createApproval(approval: NewApproval): Promise<Approval> {
    const doc: ApprovalDoc = {
      tenantId: approval.tenantId,
      id: approval.id,
      plan: encodePlan(approval.plan),
      requestedBy: approval.requestedBy,
      approverIds: [...approval.approverIds],
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      handoffId: null,
      createdAt: this.#clock.now(),
    };
    await this.#docs.insertOne({ ...doc });
    return decodeApproval(doc);
  }

  async getApproval(tenantId: TenantId, id: string): Promise<Approval | null> {
    const doc = await this.#docs.findOne({ tenantId, id }, { projection: { _id: 0 } });
    return doc ? decodeApproval(doc) : null;
  }

  async decideApproval(
    tenantId: TenantId,
    id: string,
    decision: Exclude<ApprovalStatus, 'pending'>,
    decidedBy: string,
  ): Promise<Approval | null> {
    const doc = await this.#docs.findOneAndUpdate(
      { tenantId, id, status: 'pending' },
      { $set: { status: decision, decidedBy, decidedAt: this.#clock.now() } },
      { returnDocument: 'after', projection: { _id: 0 } },
    );
    return doc ? decodeApproval(doc) : null;
  }

  async setApprovalHandoff(tenantId: TenantId, id: string, handoffId: string): Promise<void> {
    await this.#docs.updateOne({ tenantId, id }, { $set: { handoffId } });
  }
}
