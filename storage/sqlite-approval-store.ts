/**
 * SqliteApprovalStore: ApprovalStore on SQLite, `approvals` (migration 0006); the plan as codec JSON.
 * @module
 */
import { and, eq } from 'drizzle-orm';
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
import { approvals } from './schema.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';

type Row = typeof approvals.$inferSelect;

/** The row with its JSON columns read. */
function toApproval(row: Row): Approval {
  return decodeApproval({ ...row, plan: JSON.parse(row.plan), approverIds: JSON.parse(row.approverIds) });
}

export class SqliteApprovalStore implements ApprovalStore {
  readonly #db: SqliteDb;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly clock?: Clock } = {}) {
    this.#db = database.db;
    this.#clock = options.clock ?? systemClock;
  }

  #where(tenantId: TenantId, id: string) {
    return and(eq(approvals.tenantId, tenantId), eq(approvals.id, id));
  }

  async createApproval(approval: NewApproval): Promise<Approval> {
    this.#db
      .insert(approvals)
      .values({
        tenantId: approval.tenantId,
        id: approval.id,
        plan: JSON.stringify(encodePlan(approval.plan)),
        requestedBy: approval.requestedBy,
        approverIds: JSON.stringify(approval.approverIds),
        status: 'pending',
        createdAt: this.#clock.now(),
      })
      .run();
    const created = await this.getApproval(approval.tenantId, approval.id);
    if (!created) throw new Error('approval missing after its insert');
    return created;
  }

  async getApproval(tenantId: TenantId, id: string): Promise<Approval | null> {
    const row = this.#db.select().from(approvals).where(this.#where(tenantId, id)).get();
    return row ? toApproval(row) : null;
  }

  async decideApproval(
    tenantId: TenantId,
    id: string,
    decision: Exclude<ApprovalStatus, 'pending'>,
    decidedBy: string,
  ): Promise<Approval | null> {
    const changed = this.#db
      .update(approvals)
      .set({ status: decision, decidedBy, decidedAt: this.#clock.now() })
      .where(and(this.#where(tenantId, id), eq(approvals.status, 'pending')))
      .run().changes;
    return changed > 0 ? this.getApproval(tenantId, id) : null;
  }

  async setApprovalHandoff(tenantId: TenantId, id: string, handoffId: string): Promise<void> {
    this.#db.update(approvals).set({ handoffId }).where(this.#where(tenantId, id)).run();
  }
}
