/**
 * The handoff domain model: targets, plans, handoffs, items, statuses and the views the surfaces render.
 * Every type here is plain data so that stores can persist it and surfaces can render it.
 * @module
 */
import type { DocumentRef, Relation } from './documents.js';
import type { HandoffId, PortalUserId, TenantId } from './ids.js';
import type { EntityKind } from './kinds.js';

/** Who receives the items of one entity kind, as a person asked for it. */
export type Target =
  | { readonly type: 'user'; readonly userId: PortalUserId }
  /** The from-user's head; `departmentId` picks one when the from-user sits in several departments. */
  | { readonly type: 'head'; readonly departmentId?: number }
  /** Spread over the department's active members, evening out their open loads. */
  | { readonly type: 'department'; readonly departmentId: number };

/** A target after the directory was asked: always concrete people. */
export type ResolvedTarget =
  | { readonly type: 'user'; readonly userId: PortalUserId; readonly via: 'user' | 'head' }
  | { readonly type: 'department'; readonly departmentId: number; readonly memberIds: readonly PortalUserId[] };

/** When the items move and whether they come back. */
export type When =
  | { readonly mode: 'permanent'; readonly startAt?: Date }
  | { readonly mode: 'temporary'; readonly startAt?: Date; readonly returnAt: Date };

/** Where a handoff was started from; surfaces use it to find their progress message again. Opaque to the engine. */
export interface Origin {
  readonly surface: 'slack' | 'bitrix24' | 'api' | 'cli' | 'console' | 'robot';
  /** Surface-specific references (channel id, message ts, dialog id…). Strings only; never secrets. */
  readonly ref?: Readonly<Record<string, string>>;
}

/** Who asked. `portalUserId` is known when the surface could map the person to the portal. */
export interface Initiator {
  readonly portalUserId?: PortalUserId;
  /** A readable label for audit and replies, e.g. "slack:U123 (Maria)" or "api-key:hr". */
  readonly label: string;
}

/** The options of a plan (ARCHITECTURE.md, "the plan"). */
export interface PlanOptions {
  /** Move closed items too (default: open only). */
  readonly allItems: boolean;
  /** Record what would move; change nothing in the portal. */
  readonly dryRun: boolean;
  /** On return, take items back even when someone changed them since. */
  readonly forceReturn: boolean;
  /** Send participants their digests. */
  readonly notify: boolean;
  /** While a temporary handoff is active, move items that newly land on the from-user too. */
  readonly sweep: boolean;
}

/** A plan as the engine accepts it, before validation against the portal. */
export interface Plan {
  readonly tenantId: TenantId;
  readonly initiator: Initiator;
  readonly fromUserId: PortalUserId;
  /** The default target for every kind. */
  readonly to: Target;
  /** Per-kind overrides of `to`. */
  readonly targets?: Partial<Record<EntityKind, Target>>;
  /** Kinds to move; absent or empty means every kind the portal offers. */
  readonly kinds?: readonly EntityKind[];
  readonly when: When;
  readonly options: PlanOptions;
  readonly origin?: Origin;
  /** Set for a handoff of kind `robot`: the document it came from and what goes with it (engine/robot-run.ts). */
  readonly source?: RobotSource;
}

/**
 * What a robot handoff moves: one deal or lead and the related records its toggles chose, to a user or to whoever
 * holds a named role when it runs. Until the run reads the document, `fromUserId` and `to` name the robot's user;
 * the run sets them to the document's responsible and the resolved receiver. Robot handoffs never hold their
 * from-user (a pipeline moves many deals of one person at once, and a vacation handoff must not stop them).
 */
export interface RobotSource {
  readonly type: 'robot';
  readonly document: DocumentRef;
  /** Whether the document itself changes hands (the "deal/lead itself" toggle). */
  readonly includeDocument: boolean;
  readonly relations: readonly Relation[];
  /** The receiver: a user, or a role (engine/roles.ts) resolved when the handoff runs. */
  readonly receiver:
    | { readonly type: 'user'; readonly userId: PortalUserId }
    | { readonly type: 'role'; readonly name: string };
  /** Record the run in the handoff's history (the robot's "save history" toggle; events are kept either way). */
  readonly saveHistory: boolean;
}

export const HANDOFF_STATUSES = [
  'scheduled',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
  'return_scheduled',
  'returning',
  'returned',
] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** Statuses in which a handoff holds its from-user: a second handoff of the same person is refused. */
export const ACTIVE_STATUSES: readonly HandoffStatus[] = ['scheduled', 'running', 'return_scheduled', 'returning'];

export const ITEM_STATUSES = ['pending', 'moved', 'skipped', 'failed', 'returned', 'kept', 'gone'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Why an item was skipped. */
export type SkipReason = 'already_with_target' | 'dry_run' | 'changed_since' | 'closed';

/** A stored handoff. */
export interface Handoff {
  readonly tenantId: TenantId;
  readonly id: HandoffId;
  /** Per-tenant number; people see `H-<no>`. */
  readonly no: number;
  readonly status: HandoffStatus;
  readonly plan: Plan;
  /** The concrete receivers per kind, fixed when the handoff was created. */
  readonly targets: Readonly<Partial<Record<EntityKind, ResolvedTarget>>>;
  /** The kinds this handoff moves (the plan's kinds resolved against the portal). */
  readonly kinds: readonly EntityKind[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  readonly returnStartedAt?: Date;
  readonly returnedAt?: Date;
  /** Set by cancel while running; the transfer stops after its current batch. */
  readonly cancelRequested: boolean;
  /** Opaque per-surface state (e.g. the Slack progress message ts), written by notifiers. */
  readonly surfaceState?: Readonly<Record<string, string>>;
  /** The last error that failed the whole handoff (not per item). */
  readonly error?: string;
}

/** One record a handoff touched or would touch. */
export interface HandoffItem {
  readonly tenantId: TenantId;
  readonly handoffId: HandoffId;
  readonly kind: EntityKind;
  readonly itemId: number;
  readonly title: string;
  /** Stored before anything changes; the return gives the item back to this person. */
  readonly originalOwnerId: PortalUserId;
  readonly newOwnerId: PortalUserId;
  readonly status: ItemStatus;
  readonly skipReason?: SkipReason;
  /** The portal's error for a failed item (never a secret). */
  readonly error?: string;
  /**
   * Who held the item when the return found it changed (kept), set only for kept items: a manager reading "kept 3"
   * can then ask that person instead of searching the CRM. Also set on a lent item the return left with a later
   * handoff's receiver (`onwardHandoffId`): who has it until that handoff ends.
   */
  readonly currentOwnerId?: PortalUserId;
  /**
   * The ownership ledger (engine/README.md): set when this handoff's from-user held the item only because an earlier
   * temporary handoff lent it to them; the id of that earlier handoff. Its return follows the chain through this row.
   */
  readonly viaHandoffId?: HandoffId;
  /**
   * The ledger, on a lent item: the later handoff that moved it on (its receiver has it, not by a hand change). Set
   * when this handoff's return found the item there: it then waits for that handoff or was taken home through it.
   */
  readonly onwardHandoffId?: HandoffId;
  readonly updatedAt: Date;
}

/** Counts per item status. */
export type StatusCounts = Record<ItemStatus, number>;

export interface ItemCounts {
  readonly total: number;
  readonly byStatus: StatusCounts;
  readonly byKind: Readonly<Partial<Record<EntityKind, StatusCounts>>>;
}

export function emptyStatusCounts(): StatusCounts {
  return { pending: 0, moved: 0, skipped: 0, failed: 0, returned: 0, kept: 0, gone: 0 };
}

/** What a preview tells: counts per kind and per receiver, nothing changed. */
export interface Preview {
  readonly plan: Plan;
  readonly kinds: readonly EntityKind[];
  readonly targets: Readonly<Partial<Record<EntityKind, ResolvedTarget>>>;
  /** Items that would move, per kind. */
  readonly countsByKind: Readonly<Partial<Record<EntityKind, number>>>;
  /** Items each receiver would get, per kind. */
  readonly countsByTarget: readonly {
    readonly userId: PortalUserId;
    readonly kind: EntityKind;
    readonly count: number;
  }[];
  readonly total: number;
}

/** A progress snapshot for chat surfaces. */
export interface Progress {
  readonly phase: 'transfer' | 'return';
  readonly counts: ItemCounts;
  /** Items processed per second over the run so far. */
  readonly itemsPerSecond: number;
  /** Estimated seconds left; null when unknown (still enumerating). */
  readonly etaSeconds: number | null;
  /** True for the last snapshot of a run. */
  readonly final: boolean;
}

/** An audit event: every state change, who, what, when. */
export interface HandoffEvent {
  readonly tenantId: TenantId;
  readonly handoffId: HandoffId;
  readonly at: Date;
  /** e.g. `handoff.created`, `handoff.started`, `handoff.cancel_requested`, `return.started`, `handoff.completed`. */
  readonly type: string;
  readonly actor: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
