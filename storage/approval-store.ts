/**
 * Approvals (issue 12): a plan asked for by someone who may not start it (a colleague covering), waiting for the
 * from-user's head or an HR person to Approve or Decline. The port, shared codec pieces and the in-memory adapter;
 * SQLite: storage/sqlite-approval-store.ts; MongoDB: storage/mongo-approval-store.ts. The record is the audit of a
 * decline; an approved one also leaves `handoff.approved` on its handoff.
 * @module
 */
import { z } from 'zod';
import { type HandoffId, PortalUserId, type TenantId, toHandoffId, toTenantId } from '../engine/ids.js';
import type { Plan } from '../engine/model.js';
import type { Clock } from '../engine/ports.js';
import { decodePlan } from './handoff-codec.js';
import { systemClock } from './handoff-rules.js';

export const APPROVAL_STATUSES = ['pending', 'approved', 'declined'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export interface Approval {
  readonly tenantId: TenantId;
  readonly id: string;
  readonly plan: Plan;
  /** The requester's label (e.g. `slack:U1 (Eve)`). */
  readonly requestedBy: string;
  /** Who may decide: the from-user's heads, else the tenant's HR people (portal users). */
  readonly approverIds: readonly PortalUserId[];
  readonly status: ApprovalStatus;
  readonly decidedBy?: string;
  readonly decidedAt?: Date;
  /** The handoff an approval created. */
  readonly handoffId?: HandoffId;
  readonly createdAt: Date;
}

export type NewApproval = Omit<Approval, 'status' | 'decidedBy' | 'decidedAt' | 'handoffId' | 'createdAt'>;

export interface ApprovalStore {
  createApproval(approval: NewApproval): Promise<Approval>;
  getApproval(tenantId: TenantId, id: string): Promise<Approval | null>;
  /**
   * Decides a pending approval (compare-and-set): the updated one, or null when it is unknown or was decided already
   * (a second press, another approver first).
   */
  decideApproval(
    tenantId: TenantId,
    id: string,
    decision: Exclude<ApprovalStatus, 'pending'>,
    decidedBy: string,
  ): Promise<Approval | null>;
  /** Records the handoff an approval created. */
  setApprovalHandoff(tenantId: TenantId, id: string, handoffId: HandoffId): Promise<void>;
}

const ApproverIdsJson = z.array(PortalUserId);

/** An approval as a database keeps it, its plan and approver ids already read from JSON (SQLite stores them as text). */
export interface StoredApproval {
  readonly tenantId: string;
  readonly id: string;
  readonly plan: unknown;
  readonly requestedBy: string;
  readonly approverIds: unknown;
  readonly status: string;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly handoffId: string | null;
  readonly createdAt: Date;
}

/** A stored approval read back; throws on a corrupt plan or approver list. */
export function decodeApproval(stored: StoredApproval): Approval {
  return {
    tenantId: toTenantId(stored.tenantId),
    id: stored.id,
    plan: decodePlan(stored.plan),
    requestedBy: stored.requestedBy,
    approverIds: ApproverIdsJson.parse(stored.approverIds),
    status: stored.status as ApprovalStatus,
    ...(stored.decidedBy === null ? {} : { decidedBy: stored.decidedBy }),
    ...(stored.decidedAt === null ? {} : { decidedAt: stored.decidedAt }),
    ...(stored.handoffId === null ? {} : { handoffId: toHandoffId(stored.handoffId) }),
    createdAt: stored.createdAt,
  };
}

export class MemoryApprovalStore implements ApprovalStore {
  readonly #rows = new Map<string, Approval>();
  readonly #clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  #key(tenantId: TenantId, id: string): string {
    return JSON.stringify([tenantId, id]);
  }

  async createApproval(approval: NewApproval): Promise<Approval> {
    const stored: Approval = { ...structuredClone(approval), status: 'pending', createdAt: this.#clock.now() };
    this.#rows.set(this.#key(approval.tenantId, approval.id), stored);
    return structuredClone(stored);
  }

  async getApproval(tenantId: TenantId, id: string): Promise<Approval | null> {
    const found = this.#rows.get(this.#key(tenantId, id));
    return found ? structuredClone(found) : null;
  }

  async decideApproval(
    tenantId: TenantId,
    id: string,
    decision: Exclude<ApprovalStatus, 'pending'>,
    decidedBy: string,
  ): Promise<Approval | null> {
    const key = this.#key(tenantId, id);
    const current = this.#rows.get(key);
    if (current?.status !== 'pending') return null;
    const next: Approval = { ...current, status: decision, decidedBy, decidedAt: this.#clock.now() };
    this.#rows.set(key, next);
    return structuredClone(next);
  }

  async setApprovalHandoff(tenantId: TenantId, id: string, handoffId: HandoffId): Promise<void> {
    const key = this.#key(tenantId, id);
    const current = this.#rows.get(key);
    if (current) this.#rows.set(key, { ...current, handoffId });
  }
}
