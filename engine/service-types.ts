/**
 * The engine's face to the surfaces (commands/, the REST API, jobs): what can be asked of it.
 * `createHandoffService` in engine/service.ts implements it.
 * @module
 */
import type { HandoffId, PortalUserId, TenantId } from './ids.js';
import type { EntityKind, KindInfo } from './kinds.js';
import type { Handoff, HandoffEvent, HandoffItem, ItemCounts, Plan, Preview } from './model.js';
import type { HandoffFilter, ItemFilter, JobRef } from './ports.js';
import type { DateChange, RescheduleResult } from './reschedule.js';
import type { WaitingGroup } from './waiting.js';

/** Who acts on an existing handoff, for the audit trail. */
export interface Actor {
  readonly label: string;
  readonly portalUserId?: PortalUserId;
}

/** An item as surfaces show it: the ledger's handoff links (`viaHandoffId`, `onwardHandoffId`) as H-numbers too. */
export interface HandoffItemView extends HandoffItem {
  /** The earlier handoff the from-user held this item through (lent or given). */
  readonly viaHandoffNo?: number;
  /** The later handoff that moved this lent item on (it comes home when that one ends, while `moved`). */
  readonly onwardHandoffNo?: number;
}

/** A handoff with its item counts: what status views show. */
export interface HandoffView {
  readonly handoff: Handoff;
  readonly counts: ItemCounts;
  /** Once its return has begun: lent items left with a later handoff's receiver until that one ends (waiting.ts). */
  readonly waiting?: readonly WaitingGroup[];
}

export interface HandoffService {
  /** Kinds this tenant's portal offers (static kinds plus smart processes). */
  listKinds(tenantId: TenantId): Promise<readonly KindInfo[]>;
  /**
   * Validates a plan against the portal and counts what would move, per kind and receiver. Changes nothing.
   * Throws HandoffError naming the field and the reason when the plan is invalid.
   */
  preview(plan: Plan): Promise<Preview>;
  /**
   * Validates, stores and starts (or schedules, with a future start) a handoff. The same `idempotencyKey` for the
   * same tenant returns the first handoff instead of creating a second. Throws `already_running` when the from-user
   * is held by another active handoff. `requestHash` (a fingerprint of the request that carried the key) is
   * recorded on the `handoff.created` event, so a later request with the key can be told apart from a retry.
   */
  create(
    plan: Plan,
    options?: {
      readonly idempotencyKey?: string;
      readonly requestHash?: string;
      /** Set when someone approved a plan another person asked for (issue 12): audited as `handoff.approved`. */
      readonly approval?: { readonly id: string; readonly approvedBy: string };
    },
  ): Promise<{ view: HandoffView; created: boolean }>;

  get(tenantId: TenantId, no: number): Promise<HandoffView>;
  list(tenantId: TenantId, filter?: HandoffFilter): Promise<readonly HandoffView[]>;
  /** Items of a handoff, with the ledger's links as H-numbers (engine/README.md). */
  items(tenantId: TenantId, no: number, filter?: ItemFilter): Promise<readonly HandoffItemView[]>;
  events(tenantId: TenantId, no: number): Promise<readonly HandoffEvent[]>;

  /** Stops a scheduled handoff, or a running one after its current batch. */
  cancel(tenantId: TenantId, no: number, actor: Actor): Promise<HandoffView>;
  /** Runs the failed items of a finished transfer again. */
  retry(tenantId: TenantId, no: number, actor: Actor): Promise<HandoffView>;
  /** Returns a temporary handoff now instead of at its return instant. */
  returnNow(tenantId: TenantId, no: number, actor: Actor, options?: { readonly force?: boolean }): Promise<HandoffView>;
  /** Gives back everything a finished (permanent or temporary) handoff moved. */
  undo(tenantId: TenantId, no: number, actor: Actor, options?: { readonly force?: boolean }): Promise<HandoffView>;

  /**
   * Moves the start and/or the return of a handoff that has not been given back (engine/reschedule.ts): a scheduled
   * one re-schedules its start; a return moved to now or earlier cancels a scheduled one and returns a started one.
   */
  move(tenantId: TenantId, no: number, change: DateChange, actor: Actor): Promise<RescheduleResult>;
  /** Ends a handoff early whatever its phase: cancelled before the start, returned now after it. Idempotent. */
  endEarly(tenantId: TenantId, no: number, actor: Actor): Promise<RescheduleResult>;

  /** Job handlers, registered with the scheduler by storage/agenda. Safe to run again after a crash. */
  readonly jobs: {
    start(ref: JobRef, signal?: AbortSignal): Promise<void>;
    return(ref: JobRef, signal?: AbortSignal): Promise<void>;
    sweep(ref: JobRef, signal?: AbortSignal): Promise<void>;
  };
}

/** Engine tuning with defaults in engine/service.ts. */
export interface EngineOptions {
  /** Minimum milliseconds between two progress snapshots (the final one is always sent). Default 3000. */
  readonly progressIntervalMs: number;
  /** Sweep interval for active temporary handoffs. Default 15 minutes. */
  readonly sweepIntervalMs: number;
  /** Items per summary handed to Notifier.items. Default 50. */
  readonly summaryBatchSize: number;
  /** Latest return instant accepted, from now. Default 366 days. */
  readonly maxHorizonMs: number;
  /**
   * How long a job run's lease on its handoff lasts without renewal (engine/lease.ts). Renewed by a timer and between
   * batches once a quarter of it has passed; a crashed run's handoff is taken over this long (plus a tenth) after its
   * last renewal. Default 2 minutes; the runtime uses JOB_LOCK_SECONDS (20 s).
   */
  readonly runLeaseMs: number;
}

export type { DateChange, EntityKind, HandoffId, RescheduleResult };
