/**
 * What the engine needs from outside. Adapters implement these; the engine imports no Slack, HTTP, SQL, Mongo or
 * Agenda code. Each member says what an adapter must honour; the contract suites in test/contract test exactly that.
 * @module
 */
import type { DocumentRef, RelatedRecords, Relation } from './documents.js';
import type { HandoffId, PortalUserId, TenantId } from './ids.js';
import type { EntityKind, KindInfo } from './kinds.js';
import type {
  Handoff,
  HandoffEvent,
  HandoffItem,
  HandoffStatus,
  ItemCounts,
  ItemStatus,
  Progress,
  SkipReason,
  Target,
} from './model.js';

// ---------------------------------------------------------------------------------------------------------------
// Clock and logger

import type { WaitingGroup } from './waiting.js';

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

// ---------------------------------------------------------------------------------------------------------------
// WorkSystem: the portal (Bitrix24), seen as items with owners plus a directory of people

/** Which items of an owner to list: open ones (the default for a handoff) or all of them. */
export type ItemScope = 'open' | 'all';

/** One item as listed: its id, a human title and its current responsible. */
export interface WorkItem {
  readonly itemId: number;
  readonly title: string;
  readonly ownerId: PortalUserId;
}

/** The outcome of one owner change. */
export type OwnerChange =
  | { readonly itemId: number; readonly ok: true }
  | {
      readonly itemId: number;
      readonly ok: false;
      /** The item no longer exists (deleted since). */
      readonly gone: boolean;
      /** Portal error code, e.g. ACCESS_DENIED; never a secret. */
      readonly code: string;
      readonly message: string;
    };

export interface PortalUser {
  readonly id: PortalUserId;
  readonly name: string;
  readonly email?: string;
  readonly active: boolean;
  readonly departmentIds: readonly number[];
  /** Portal administrator (may hand off anyone's work). */
  readonly isAdmin: boolean;
  /** IANA time zone from the portal profile, when known. */
  readonly timeZone?: string;
}

export interface Department {
  readonly id: number;
  readonly name: string;
  readonly parentId?: number;
  readonly headId?: PortalUserId;
}

/** A head of a user: the department through which they are the head. */
export interface Head {
  readonly departmentId: number;
  readonly departmentName: string;
  readonly user: PortalUser;
}

/** One item count (`countItems`) asked of `readFacts`. */
export interface CountKey {
  readonly kind: EntityKind;
  readonly ownerId: PortalUserId;
  readonly scope: ItemScope;
}

/** The key of a count in `PortalFacts.counts`. */
export function countKeyOf(key: CountKey): string {
  return `${key.kind}|${key.ownerId}|${key.scope}`;
}

/** What `readFacts` reads at once; every part optional. */
export interface FactsRequest {
  /** `listKinds`. */
  readonly kinds?: boolean;
  /** `getUser` of each. */
  readonly users?: readonly PortalUserId[];
  /** `listDepartments` (the tree `getDepartment` and `headsOf` read). */
  readonly departments?: boolean;
  /** `departmentMembers` of each. */
  readonly members?: readonly number[];
  /** `countItems` of each. */
  readonly counts?: readonly CountKey[];
}

/**
 * The answers of `readFacts`, each the same as the single call would give. A count of a kind the portal does not
 * offer is left out (the single call throws `unknown_kind`, for the caller to ask and get).
 */
export interface PortalFacts {
  readonly kinds?: readonly KindInfo[];
  readonly users: ReadonlyMap<PortalUserId, PortalUser | null>;
  readonly departments?: readonly Department[];
  readonly members: ReadonlyMap<number, readonly PortalUser[]>;
  /** By `countKeyOf`. */
  readonly counts: ReadonlyMap<string, number>;
}

/**
 * One portal, with rate limiting, retries and batching inside. Errors that escape are `PortalError`s
 * (engine/errors.ts): the portal failed as a whole (auth, network past retries), never a single item.
 */
export interface WorkSystem {
  /** The kinds this portal offers: the static ones plus one `spa:<id>` per smart process. Stable order. */
  listKinds(): Promise<readonly KindInfo[]>;
  /** How many items of `kind` the user is responsible for within `scope`. */
  countItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): Promise<number>;
  /**
   * The user's items of `kind`, in pages, by ascending item id (an ID cursor: items reassigned while we read
   * never make us skip others). The iterator may be abandoned early. Page size is the adapter's choice.
   */
  listItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): AsyncIterable<readonly WorkItem[]>;
  /** Current owners of the given items; an item that no longer exists maps to `null`. Any number of ids. */
  readOwners(kind: EntityKind, itemIds: readonly number[]): Promise<ReadonlyMap<number, PortalUserId | null>>;
  /**
   * Sets owners; one result per change, in the same order. Per-item failures are results, not exceptions.
   * Idempotent: setting the owner an item already has changes nothing. Any number of changes (chunked inside).
   */
  setOwners(
    kind: EntityKind,
    changes: readonly { readonly itemId: number; readonly ownerId: PortalUserId }[],
  ): Promise<readonly OwnerChange[]>;
  /** How many owner changes go in one portal request (a `batch`), for callers that pace their own work. */
  readonly maxBatchSize: number;

  getUser(id: PortalUserId): Promise<PortalUser | null>;
  findUserByEmail(email: string): Promise<PortalUser | null>;
  getDepartment(id: number): Promise<Department | null>;
  /** Departments whose name contains `name` (case-insensitive). */
  findDepartments(name: string): Promise<readonly Department[]>;
  /** The heads of a user: one per department they sit in (walking up when they head it themselves), deduplicated, active only. */
  headsOf(userId: PortalUserId): Promise<readonly Head[]>;
  /** Active members of a department (not its sub-departments). */
  departmentMembers(departmentId: number): Promise<readonly PortalUser[]>;
  /** Every employee of the portal (active and deactivated), by ascending id: how people find ids. */
  listUsers(): Promise<readonly PortalUser[]>;
  /** Every department of the portal, by ascending id. */
  listDepartments(): Promise<readonly Department[]>;
  /**
   * Several directory and metadata facts at once (a plan's check asks them together): the same answers as the
   * single calls, in as few portal requests as the adapter can (Bitrix24: one `batch` for what it has not read in the
   * last moments). Throws PortalError as the single calls would.
   */
  readFacts(request: FactsRequest): Promise<PortalFacts>;
  /** One uncached request that proves the portal answers (readiness); throws PortalError when it does not. */
  ping(): Promise<void>;
  /**
   * A deal or lead with the related records of the asked relations (engine/documents.ts), batched; optional: a portal
   * without it cannot run robot handoffs. Only the asked relations are read; each record once, open ones only.
   */
  readRelated?(document: DocumentRef, relations: readonly Relation[]): Promise<RelatedRecords>;
}

/** Finds the portal of a tenant. */
export type WorkSystemResolver = (tenantId: TenantId) => Promise<WorkSystem>;

// ---------------------------------------------------------------------------------------------------------------
// HandoffStore

export interface NewHandoff extends Omit<Handoff, 'no' | 'updatedAt' | 'cancelRequested'> {}

export interface NewItem {
  readonly kind: EntityKind;
  readonly itemId: number;
  readonly title: string;
  readonly originalOwnerId: PortalUserId;
  readonly newOwnerId: PortalUserId;
  readonly status: ItemStatus;
  readonly skipReason?: SkipReason;
  /** The earlier temporary handoff that lent the item to the from-user (HandoffItem.viaHandoffId). */
  readonly viaHandoffId?: HandoffId;
}

export interface ItemUpdate {
  readonly kind: EntityKind;
  readonly itemId: number;
  readonly status: ItemStatus;
  readonly skipReason?: SkipReason;
  /** Set for `failed`; cleared (set to undefined) otherwise. */
  readonly error?: string;
  /**
   * Who held the item when the return found it changed: set for `kept` (and for a lent item left with a later
   * handoff's receiver, with `onwardHandoffId`); cleared (set to undefined) otherwise.
   */
  readonly currentOwnerId?: PortalUserId;
  /**
   * The later handoff holding a lent item (HandoffItem.onwardHandoffId), the robot handoff that moved a `kept` one
   * on, or the handoff whose return settled this record: set when given; cleared otherwise.
   */
  readonly onwardHandoffId?: HandoffId;
}

export interface HandoffPatch {
  readonly status?: HandoffStatus;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  readonly returnStartedAt?: Date;
  readonly returnedAt?: Date;
  readonly cancelRequested?: boolean;
  readonly error?: string | null;
  /** Merged into the existing surface state. */
  readonly surfaceState?: Readonly<Record<string, string>>;
  /** Replaces the plan's return instant (temporary handoffs only), e.g. when returned early. */
  readonly returnAt?: Date;
  /** Replaces the plan's start instant (a scheduled handoff whose start moved, engine/reschedule.ts). */
  readonly startAt?: Date;
  /**
   * A robot handoff's run read its document and resolved its receiver: replaces the plan's from-user and `to` and the
   * resolved targets (engine/model.ts RobotSource). Only robot handoffs are patched this way.
   */
  readonly resolved?: {
    readonly fromUserId: PortalUserId;
    readonly to: Target;
    readonly targets: Handoff['targets'];
  };
}

export interface HandoffFilter {
  readonly statuses?: readonly HandoffStatus[];
  /** Handoffs where this user is the from-user, a receiver or the initiator. */
  readonly involvingUserId?: PortalUserId;
  /** Newest first; at most this many (default 20, max 200). */
  readonly limit?: number;
  /** Only handoffs with a number below this one (paging, newest first). */
  readonly beforeNo?: number;
}

export interface ItemFilter {
  readonly statuses?: readonly ItemStatus[];
  readonly kinds?: readonly EntityKind[];
  /** Cursor from a previous page: items after this (kind, itemId) in the store's stable order. */
  readonly after?: { readonly kind: EntityKind; readonly itemId: number };
  /** Page size (default 100, max 1000). */
  readonly limit?: number;
}

/**
 * Durable state of handoffs. Every method takes the tenant and only ever sees that tenant's rows: a handoff id of
 * another tenant behaves exactly like an unknown one.
 */
export interface HandoffStore {
  /**
   * Creates a handoff with the next per-tenant number. Atomically refuses when the same from-user already has a
   * handoff in an ACTIVE_STATUSES status whose hold period overlaps the new one's (storage/handoff-rules.ts
   * `holdPeriod`; dry runs neither hold nor are held): throws HandoffError `already_running` with
   * `details.handoffNo` of the one in the way. Scheduled handoffs of one person whose periods do not overlap coexist. With an `idempotencyKey` already used by this tenant, returns the
   * handoff created then instead of a new one.
   */
  createHandoff(handoff: NewHandoff, idempotencyKey?: string): Promise<{ handoff: Handoff; created: boolean }>;
  /**
   * The handoff this tenant created with `idempotencyKey`, or null when the key was never used by this tenant (or a
   * creation with it is still under way and its handoff not stored yet). Read-only: claims nothing. Lets a retried
   * request get the first handoff back before its plan is validated again against a portal that has changed since.
   */
  findByIdempotencyKey(tenantId: TenantId, idempotencyKey: string): Promise<Handoff | null>;
  getHandoff(tenantId: TenantId, id: HandoffId): Promise<Handoff | null>;
  getHandoffByNo(tenantId: TenantId, no: number): Promise<Handoff | null>;
  listHandoffs(tenantId: TenantId, filter?: HandoffFilter): Promise<readonly Handoff[]>;
  /**
   * Applies a patch. With `expect`, only when the current status is one of those (compare-and-set); returns null
   * when it was not (or the handoff does not exist), the updated handoff otherwise. A status change into an
   * ACTIVE_STATUSES status (e.g. `completed` → `returning` for an undo, or → `running` for a retry) is refused the way
   * createHandoff refuses, atomically: HandoffError `already_running` with `details.handoffNo` of the other handoff
   * holding the same from-user over an overlapping period, and nothing changes (dry runs neither hold nor are held).
   */
  updateHandoff(
    tenantId: TenantId,
    id: HandoffId,
    patch: HandoffPatch,
    expect?: readonly HandoffStatus[],
  ): Promise<Handoff | null>;

  /**
   * Inserts items in one transaction; an item already stored for this handoff (same kind and itemId) is left as it
   * is. Returns how many were inserted.
   */
  insertItems(tenantId: TenantId, handoffId: HandoffId, items: readonly NewItem[]): Promise<number>;
  /** Applies status updates in one transaction; unknown items are ignored. */
  updateItems(tenantId: TenantId, handoffId: HandoffId, updates: readonly ItemUpdate[]): Promise<void>;
  /** Items in a stable order: kind, then itemId ascending. */
  listItems(tenantId: TenantId, handoffId: HandoffId, filter?: ItemFilter): Promise<readonly HandoffItem[]>;
  countItems(tenantId: TenantId, handoffId: HandoffId): Promise<ItemCounts>;
  /**
   * The ownership ledger: every stored record of these items (one kind) across all of this tenant's handoffs, with
   * one of `statuses` when given, ordered by handoff number then item id. Any number of ids. A later handoff finds
   * here who lent it an item; a return follows the chain of lends through it.
   */
  findItemRecords(
    tenantId: TenantId,
    kind: EntityKind,
    itemIds: readonly number[],
    statuses?: readonly ItemStatus[],
  ): Promise<readonly HandoffItem[]>;

  appendEvent(event: HandoffEvent): Promise<void>;
  /** Oldest first. */
  listEvents(tenantId: TenantId, handoffId: HandoffId): Promise<readonly HandoffEvent[]>;

  // Run lease: at most one job run (transfer, return or sweep) works on a handoff at a time, across processes. The
  // lease is not part of the Handoff: reading, listing and updateHandoff neither show nor change it (nor `updatedAt`).

  /**
   * Takes the handoff's run lease for `owner` until `until`. Succeeds (true) when the lease is free, expired (its
   * `until` is at or before `now`), or already held by `owner` (then it is extended to `until`). Atomic
   * compare-and-set: of concurrent claims by different owners at most one gets true. False when another owner holds
   * a lease that has not expired at `now`, or when the handoff does not exist for this tenant.
   */
  claimRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date, now: Date): Promise<boolean>;
  /**
   * Extends `owner`'s lease to `until`. True while `owner` still holds it, even past its expiry as long as nobody
   * claimed it since (nobody else ran); false when another owner took it over, it was released, or the handoff is
   * unknown for this tenant. A run that gets false must stop: another run works on the handoff now.
   */
  renewRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date): Promise<boolean>;
  /** Frees the lease when `owner` holds it; otherwise does nothing (idempotent, never frees another owner's lease). */
  releaseRun(tenantId: TenantId, handoffId: HandoffId, owner: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduler

export const JOB_NAMES = ['handoff.start', 'handoff.return', 'handoff.sweep'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobRef {
  readonly tenantId: TenantId;
  readonly handoffId: HandoffId;
}

/**
 * Runs the engine's jobs at their time, surviving restarts. Scheduling the same (job, handoff) again replaces the
 * earlier schedule (one pending job per name and handoff).
 */
export interface Scheduler {
  /** Runs `job` for the handoff at `at` (now when in the past). */
  schedule(job: JobName, ref: JobRef, at: Date): Promise<void>;
  /** Runs `job` every `intervalMs` until cancelled, first after one interval. */
  scheduleEvery(job: JobName, ref: JobRef, intervalMs: number): Promise<void>;
  /** Removes pending runs of `job` (or of every job) for the handoff. A run already under way is not stopped here. */
  cancel(ref: JobRef, job?: JobName): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Notifier: chat surfaces render what the engine tells them

export type ParticipantPhase = 'transferred' | 'returned';

export interface ItemSummary {
  readonly kind: EntityKind;
  readonly itemId: number;
  readonly title: string;
  readonly status: ItemStatus;
  readonly newOwnerId: PortalUserId;
  readonly originalOwnerId: PortalUserId;
  readonly error?: string;
  /** Kept items only: who held the item when the return found it changed. */
  readonly currentOwnerId?: PortalUserId;
  /**
   * A lent item the return left with a later handoff's receiver (engine/README.md, the ledger): that handoff's number.
   * The item comes home when that handoff ends; `currentOwnerId` says who has it meanwhile.
   */
  readonly waitingForNo?: number;
}

/**
 * Told about a handoff as it runs. Calls never throw into the engine (adapters catch and log), and they may be slow:
 * the engine does not await them on its hot path for longer than it must. Progress arrives at a bounded pace and
 * always once with `final: true`.
 */
export interface Notifier {
  /** The handoff changed status or made progress. */
  progress(handoff: Handoff, progress: Progress): Promise<void>;
  /** A batch of processed items, for thread summaries (never called per item). */
  items(handoff: Handoff, items: readonly ItemSummary[]): Promise<void>;
  /**
   * One digest per participant and phase (unless the plan's `notify` is off). At a return, `waiting` names the lent
   * items a later handoff still holds (engine/waiting.ts): the from-user is told they are on their way.
   */
  participants(
    handoff: Handoff,
    phase: ParticipantPhase,
    counts: ItemCounts,
    waiting?: readonly WaitingGroup[],
  ): Promise<void>;
  /**
   * Tells the from-user and the receivers that a handoff with a later start was scheduled, moved or cancelled
   * (engine/notices.ts; unless the plan's `notify` is off). Optional: a surface without it simply stays silent.
   */
  notice?(handoff: Handoff, notice: HandoffNotice): Promise<void>;
}

/** What happened to the dates of a handoff before (or while) it runs: the backup and the absent person hear of it. */
export interface HandoffNotice {
  readonly kind: 'scheduled' | 'moved' | 'cancelled';
  /** Who did it, as recorded in the audit trail (e.g. `api-key:hr`, `slack:U1 (Maria)`). */
  readonly actor: string;
  /** The dates before a move. */
  readonly previous?: { readonly startAt?: Date; readonly returnAt?: Date };
}
