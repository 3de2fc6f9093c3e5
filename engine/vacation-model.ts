/**
 * Vacations as first-class records (issue 12): an HR system's leave, known by its own `externalId`, linked to the
 * handoff that covers it. The handoff does the work; the record keeps the HR view (employee, backup, dates, whether
 * it was cancelled) and lets the HR system move or cancel it by its own id. `VacationStore` is the port its stores
 * implement (storage/hr-*.ts), checked by test/contract/hr-stores.suite.ts.
 * @module
 */
import type { HandoffId, PortalUserId, TenantId } from './ids.js';
import type { EntityKind } from './kinds.js';
import type { Target } from './model.js';

/** Who covers a vacation: a handoff target, or a named role (engine/roles.ts) resolved when the vacation is created. */
export type VacationBackup = Target | { readonly type: 'role'; readonly name: string };

export const VACATION_STATES = ['active', 'cancelled'] as const;
export type VacationState = (typeof VACATION_STATES)[number];

export interface Vacation {
  readonly tenantId: TenantId;
  /** The HR system's id of the leave; unique per tenant. */
  readonly externalId: string;
  readonly employeeId: PortalUserId;
  /** Who covers: a person, the employee's head, a department or a role (as asked; the handoff holds the people). */
  readonly backup: VacationBackup;
  readonly startAt: Date;
  /** When the employee is back: the handoff's return. */
  readonly endAt: Date;
  /** Kinds to cover; absent: every kind. */
  readonly kinds?: readonly EntityKind[];
  readonly handoffId: HandoffId;
  readonly handoffNo: number;
  /** `cancelled` once the leave was called off (the handoff then cancelled or returned). */
  readonly state: VacationState;
  /** Who created it, for the audit trail (e.g. `api-key:hr`). */
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewVacation = Omit<Vacation, 'createdAt' | 'updatedAt'>;

export interface VacationPatch {
  readonly startAt?: Date;
  readonly endAt?: Date;
  readonly state?: VacationState;
}

export interface VacationFilter {
  readonly state?: VacationState;
  /** Newest first; at most this many (default 50, max 200). */
  readonly limit?: number;
}

/** Vacation records, per tenant: one tenant never sees another's. */
export interface VacationStore {
  /**
   * Stores a vacation unless this tenant already has one with the same `externalId`; then returns that one and
   * `created: false` (atomic: of two concurrent inserts with one id, one creates).
   */
  insertVacation(vacation: NewVacation): Promise<{ readonly vacation: Vacation; readonly created: boolean }>;
  getVacation(tenantId: TenantId, externalId: string): Promise<Vacation | null>;
  /** The vacation a handoff covers, or null. */
  findVacationByHandoff(tenantId: TenantId, handoffId: HandoffId): Promise<Vacation | null>;
  /** Applies a patch; null for an unknown vacation. */
  updateVacation(tenantId: TenantId, externalId: string, patch: VacationPatch): Promise<Vacation | null>;
  /** Newest first (by creation, then external id). */
  listVacations(tenantId: TenantId, filter?: VacationFilter): Promise<readonly Vacation[]>;
}
