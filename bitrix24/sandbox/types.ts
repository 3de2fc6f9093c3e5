/**
 * Public types of the sandbox portal: options, seed options, and the read-only views tests inspect.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';

export interface SandboxOptions {
  /** Leaky bucket per portal: burst X, drain Y per second (defaults 50 and 2, like the cloud). `false` disables it. */
  readonly rate?: { readonly burst: number; readonly perSecond: number } | false;
  /** Incoming webhook credentials accepted at /rest/{userId}/{code}/{method}. Default { userId: 1, code: 'sandboxcode12345' }. */
  readonly webhook?: { readonly userId: number; readonly code: string };
  /** OAuth app: tokens accepted at /rest/{method} with `auth` in the body or query; refresh at POST|GET /oauth/token/. */
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string; readonly accessTokenTtlMs?: number };
  /** Seed data (generator options). Default: a small deterministic seed. */
  readonly seed?: SeedOptions;
  /** Added latency per HTTP request, ms (default 0). */
  readonly latencyMs?: number;
  /** The portal's `member_id` (default SANDBOX_MEMBER_ID). */
  readonly memberId?: string;
  /** Injected clock (ms since epoch) for the bucket and token expiry; default Date.now. */
  readonly now?: () => number;
}

export interface SeedOptions {
  /** PRNG seed; the same options always give the same portal. Default 1. */
  readonly seed?: number;
  /** How many users (default 12, at least 3). User 1 is an admin and the default webhook user. */
  readonly users?: number;
  /** How many departments (default 4, at least 1). Department 1 is the root. */
  readonly departments?: number;
  /** Items of each kind per active user (default 3). */
  readonly itemsPerUser?: number;
  /** Share of generated items that are closed (0..1, default 0.3). */
  readonly closedShare?: number;
  /** Smart-process types (default 2): entityTypeIds 128, 130, … */
  readonly spaTypes?: number;
  /** Exact counts for one user, e.g. { userId: 2, kind: 'deals', count: 10000 }; open unless `open: false`. */
  readonly bulk?: readonly {
    readonly userId: number;
    readonly kind: EntityKind;
    readonly count: number;
    readonly open?: boolean;
  }[];
}

/** A portal user as the sandbox keeps it. */
export interface SandboxUser {
  readonly id: number;
  readonly name: string;
  readonly lastName: string;
  readonly email: string;
  readonly active: boolean;
  readonly isAdmin: boolean;
  readonly departmentIds: readonly number[];
  readonly timeZone: string;
  readonly userType: 'employee' | 'extranet';
}

export interface SandboxDepartment {
  readonly id: number;
  readonly name: string;
  readonly parentId?: number;
  readonly headId?: number;
  readonly sort: number;
}

/** One smart-process type (crm.type.list). `id` is the type record id, NOT the entityTypeId (a real quirk). */
export interface SpaType {
  readonly id: number;
  readonly entityTypeId: number;
  readonly title: string;
  readonly isStagesEnabled: boolean;
  /** Pipeline (category) ids; each has its own stage directory DYNAMIC_{entityTypeId}_STAGE_{categoryId}. */
  readonly categoryIds: readonly number[];
}

/** A read-only snapshot of one item. */
export interface SandboxItem {
  readonly kind: EntityKind;
  readonly id: number;
  readonly title: string;
  readonly ownerId: number;
  /** Stage or status id as the API shows it (tasks: REAL_STATUS, activities: STATUS). */
  readonly stageId: string;
  readonly categoryId: number;
  /** Open per the reference §6 semantics of its kind. */
  readonly open: boolean;
  /** Companies only: the portal's own legal entity. */
  readonly isMyCompany: boolean;
  /** Update API calls that reached this item (including ones that changed nothing). */
  readonly updateCount: number;
  /** Manual changes by a person (`setOwner`), counted apart from API updates. */
  readonly manualChanges: number;
}

export interface NewSandboxItem {
  readonly ownerId: number;
  readonly title?: string;
  /** Default true. */
  readonly open?: boolean;
  /** Companies only. */
  readonly isMyCompany?: boolean;
}

export interface NewSandboxUser {
  readonly name?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly active?: boolean;
  readonly isAdmin?: boolean;
  readonly departmentIds?: readonly number[];
  readonly timeZone?: string;
}

/** An error a fault answers with. */
export interface FaultError {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

export interface SandboxStats {
  /** HTTP requests that reached the REST surface (a batch counts once), throttled ones included. */
  readonly requests: number;
  /** Requests answered 503 QUERY_LIMIT_EXCEEDED. */
  readonly throttled: number;
  readonly batches: number;
  /** Successful token refreshes. */
  readonly refreshes: number;
  /** Method calls executed, counting each command inside a batch. */
  readonly calls: number;
}

export interface RequestLogEntry {
  readonly at: number;
  /** The method of the HTTP request (`batch` for a batch). */
  readonly method: string;
  readonly status: number;
}

export interface CallLogEntry {
  readonly at: number;
  readonly method: string;
  /** True when the call ran as a command inside a batch. */
  readonly inBatch: boolean;
  /** The error code when it failed ('' for legacy empty codes), undefined when it succeeded. */
  readonly error?: string;
}

/** Tokens as the install event and the refresh endpoint give them. */
export interface OAuthTokens {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly expires: number;
  readonly client_endpoint: string;
  readonly server_endpoint: string;
  readonly member_id: string;
  readonly domain: string;
  readonly scope: string;
  readonly status: string;
  readonly user_id: number;
}
