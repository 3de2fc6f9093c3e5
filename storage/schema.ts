/**
 * The SQLite schema (drizzle-orm). Every row carries its tenant id and every query filters by it; instants are
 * integer milliseconds since the epoch (read back as Date); JSON columns hold codec-encoded values
 * (storage/handoff-codec.ts). Change this file, then run `npx drizzle-kit generate` and commit storage/migrations/.
 * @module
 */
import { sql } from 'drizzle-orm';
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
    /** 1 while the handoff holds its from-user (active and not a dry run), NULL otherwise; unique per from-user. */
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
    uniqueIndex('handoffs_active_from_user_uq').on(t.tenantId, t.fromUserId).where(sql`active_lock IS NOT NULL`),
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
  },
  (t) => [
    // Also the stable listing order and the cursor: (kind, itemId) within a handoff.
    primaryKey({ columns: [t.tenantId, t.handoffId, t.kind, t.itemId] }),
    index('handoff_items_status_idx').on(t.tenantId, t.handoffId, t.status),
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
