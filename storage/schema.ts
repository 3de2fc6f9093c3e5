/**
 * The SQLite schema (drizzle-orm). Every row carries its tenant id and every query filters by it; instants are
 * integer milliseconds since the epoch (read back as Date); JSON columns hold codec-encoded values
 * (storage/handoff-codec.ts). Change this file, then run `npx drizzle-kit generate` and commit storage/migrations/.
 * @module
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** One Slack workspace (or API deployment) bound to one portal. */
export const tenants = sqliteTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The portal connection (webhook URL or OAuth tokens) as JSON, encrypted (storage/crypto.ts). */
    portalSecret: text('portal_secret'),
    /** The portal's domain, in clear, for display and for finding the tenant on Bitrix24 events. */
    portalDomain: text('portal_domain'),
    /** Bitrix24 `member_id` of the portal, when installed as an app. */
    portalMemberId: text('portal_member_id'),
    slackTeamId: text('slack_team_id'),
    /** The installed Bitrix24 app as JSON (member id, domain, SHA-256 of application_token, bot id); migration 0004. */
    bitrix24App: text('bitrix24_app'),
    /** JSON array of portal user ids who may administer the tenant. */
    admins: text('admins').notNull().default('[]'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('tenants_slack_team_uq').on(t.slackTeamId),
    uniqueIndex('tenants_portal_member_uq').on(t.portalMemberId),
  ],
);

/** The last `H-<n>` handed out per tenant. */
export const handoffCounters = sqliteTable('handoff_counters', {
  tenantId: text('tenant_id').primaryKey(),
  lastNo: integer('last_no').notNull(),
});

export const handoffs = sqliteTable(
  'handoffs',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    no: integer('no').notNull(),
    status: text('status').notNull(),
    fromUserId: integer('from_user_id').notNull(),
    initiatorUserId: integer('initiator_user_id'),
    dryRun: integer('dry_run', { mode: 'boolean' }).notNull(),
    /**
     * 1 while the handoff holds its from-user (active and not a dry run), NULL otherwise. Several may hold one person
     * over periods that do not overlap (storage/handoff-rules.ts holdPeriod), checked inside the write transaction.
     */
    activeLock: integer('active_lock'),
    plan: text('plan').notNull(),
    targets: text('targets').notNull(),
    kinds: text('kinds').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    startedAt: ms('started_at'),
    finishedAt: ms('finished_at'),
    returnStartedAt: ms('return_started_at'),
    returnedAt: ms('returned_at'),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    surfaceState: text('surface_state'),
    error: text('error'),
    /** The run lease (HandoffStore.claimRun): who runs a job on this handoff now, and until when. NULL when free. */
    runOwner: text('run_owner'),
    runUntil: ms('run_until'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('handoffs_tenant_no_uq').on(t.tenantId, t.no),
    index('handoffs_tenant_status_idx').on(t.tenantId, t.status),
    index('handoffs_tenant_from_idx').on(t.tenantId, t.fromUserId),
  ],
);

/** Resolved receivers: one row per (handoff, kind, receiving user), for "handoffs involving me" and reporting. */
export const handoffTargets = sqliteTable(
  'handoff_targets',
  {
    tenantId: text('tenant_id').notNull(),
    handoffId: text('handoff_id').notNull(),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    userId: integer('user_id').notNull(),
    departmentId: integer('department_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.handoffId, t.kind, t.userId] }),
    index('handoff_targets_user_idx').on(t.tenantId, t.userId),
  ],
);

export const handoffItems = sqliteTable(
  'handoff_items',
  {
    tenantId: text('tenant_id').notNull(),
    handoffId: text('handoff_id').notNull(),
    kind: text('kind').notNull(),
    itemId: integer('item_id').notNull(),
    title: text('title').notNull(),
    originalOwnerId: integer('original_owner_id').notNull(),
    newOwnerId: integer('new_owner_id').notNull(),
    status: text('status').notNull(),
    skipReason: text('skip_reason'),
    error: text('error'),
    updatedAt: ms('updated_at').notNull(),
    /** Who held a kept item when the return found it changed; null for every other status. */
    currentOwnerId: integer('current_owner_id'),
    /** The ledger: the earlier temporary handoff that lent the item to this handoff's from-user. */
    viaHandoffId: text('via_handoff_id'),
    /** The ledger: the later handoff that moved a lent item on, once this handoff's return found it there. */
    onwardHandoffId: text('onward_handoff_id'),
  },
  (t) => [
    // Also the stable listing order and the cursor: (kind, itemId) within a handoff.
    primaryKey({ columns: [t.tenantId, t.handoffId, t.kind, t.itemId] }),
    index('handoff_items_status_idx').on(t.tenantId, t.handoffId, t.status),
    // The ledger: every handoff's record of one item (HandoffStore.findItemRecords).
    index('handoff_items_ledger_idx').on(t.tenantId, t.kind, t.itemId),
  ],
);

export const handoffEvents = sqliteTable(
  'handoff_events',
  {
    /** Append order, the tie-break among events of the same instant. */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    handoffId: text('handoff_id').notNull(),
    at: ms('at').notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    data: text('data'),
  },
  (t) => [index('handoff_events_handoff_idx').on(t.tenantId, t.handoffId, t.at, t.seq)],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    handoffId: text('handoff_id').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

/** API keys for /api/v1: only the sha256 of the key is kept; the key itself is shown once at creation. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: ms('created_at').notNull(),
    lastUsedAt: ms('last_used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_tenant_idx').on(t.tenantId)],
);

/** Slack OAuth installations (multi-workspace), keyed by team or enterprise id; the installation JSON is encrypted. */
export const slackInstallations = sqliteTable(
  'slack_installations',
  {
    /** `team:<T…>` or `enterprise:<E…>` (an org-wide install). */
    key: text('key').primaryKey(),
    /** The tenant bound to this team, when one is. */
    tenantId: text('tenant_id'),
    teamId: text('team_id'),
    enterpriseId: text('enterprise_id'),
    installation: text('installation').notNull(),
    installedAt: ms('installed_at').notNull(),
  },
  (t) => [index('slack_installations_tenant_idx').on(t.tenantId)],
);

/** Slack user ↔ portal user, per tenant. */
export const identityLinks = sqliteTable(
  'identity_links',
  {
    tenantId: text('tenant_id').notNull(),
    slackUserId: text('slack_user_id').notNull(),
    portalUserId: integer('portal_user_id').notNull(),
    linkedAt: ms('linked_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.slackUserId] }),
    index('identity_links_portal_idx').on(t.tenantId, t.portalUserId),
  ],
);

/** Vacations (issue 12): an HR system's leave by its own id, linked to the handoff that covers it. */
export const vacations = sqliteTable(
  'vacations',
  {
    tenantId: text('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    employeeId: integer('employee_id').notNull(),
    /** The backup target as asked (JSON, storage/hr-codec.ts). */
    backup: text('backup').notNull(),
    startAt: ms('start_at').notNull(),
    endAt: ms('end_at').notNull(),
    /** JSON array of entity kinds, or null for every kind. */
    kinds: text('kinds'),
    handoffId: text('handoff_id').notNull(),
    handoffNo: integer('handoff_no').notNull(),
    state: text('state').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.externalId] }),
    index('vacations_handoff_idx').on(t.tenantId, t.handoffId),
    index('vacations_created_idx').on(t.tenantId, t.createdAt),
  ],
);

/** HR people (issue 12): who may hand off anyone's work in a tenant, by portal user (`portal:12`) or Slack user (`slack:U1`). */
export const hrPeople = sqliteTable(
  'hr_people',
  {
    tenantId: text('tenant_id').notNull(),
    person: text('person').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: ms('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.person] })],
);

/** Approvals (issue 12): a plan asked for by someone who may not start it, waiting for the from-user's head or HR. */
export const approvals = sqliteTable(
  'approvals',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    /** The plan as JSON (storage/handoff-codec.ts PlanJson). */
    plan: text('plan').notNull(),
    requestedBy: text('requested_by').notNull(),
    /** JSON array of portal user ids who may decide. */
    approverIds: text('approver_ids').notNull(),
    status: text('status').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: ms('decided_at'),
    handoffId: text('handoff_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('approvals_status_idx').on(t.tenantId, t.status)],
);

/** Outgoing webhook subscriptions (issue 12), one secret each (encrypted, storage/crypto.ts). */
export const webhookSubscriptions = sqliteTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    /** JSON array of event names. */
    events: text('events').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('webhook_subscriptions_tenant_idx').on(t.tenantId)],
);

/** The webhook outbox: one row per (event, subscription), delivered with retries; survives restarts. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    subscriptionId: text('subscription_id').notNull(),
    event: text('event').notNull(),
    /** The JSON body as sent (signed as is). */
    body: text('body').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    deliveredAt: ms('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);

/** Named roles of a tenant (engine/roles.ts): who holds `paralegal` today (a user, a department, or its head). */
export const roles = sqliteTable(
  'roles',
  {
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    /** `user` | `department` | `department_head`. */
    holderType: text('holder_type').notNull(),
    userId: integer('user_id'),
    departmentId: integer('department_id'),
    updatedAt: ms('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);
