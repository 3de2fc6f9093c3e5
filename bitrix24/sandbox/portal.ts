/**
 * One simulated portal: its data, auth, rate limit and faults, plus the inspection API tests use. The HTTP surface
 * (app.ts) and the method handlers (methods/) work on this object.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import { DEFAULT_OAUTH, type IssuedTokens, TokenBook } from './auth.js';
import { Directory } from './directory.js';
import { Faults } from './faults.js';
import { ImState } from './im-state.js';
import { ItemStore, type StoredItem } from './item-store.js';
import { LeakyBucket } from './leaky-bucket.js';
import { seedRelations } from './relations.js';
import { SandboxRobots } from './robots.js';
import { newItemFields, seedPortal, seedSpaTypes } from './seed.js';
import { buildDirectories, StageCatalog } from './stages.js';
import type {
  CallLogEntry,
  FaultError,
  NewSandboxItem,
  NewSandboxUser,
  OAuthTokens,
  RequestLogEntry,
  SandboxDepartment,
  SandboxItem,
  SandboxOptions,
  SandboxStats,
  SandboxUser,
  SpaType,
} from './types.js';

export const DEFAULT_WEBHOOK = { userId: 1, code: 'sandboxcode12345' } as const;
export const SANDBOX_MEMBER_ID = 'sandbox0member0id0000000000000001';

interface MutableStats {
  requests: number;
  throttled: number;
  batches: number;
  refreshes: number;
  calls: number;
}

export class SandboxPortal {
  readonly now: () => number;
  readonly directory = new Directory();
  readonly store = new ItemStore();
  readonly faults = new Faults();
  readonly spaTypes: readonly SpaType[];
  readonly stages: StageCatalog;
  readonly tokens: TokenBook;
  readonly webhook: { readonly userId: number; readonly code: string };
  readonly latencyMs: number;
  readonly bucket: LeakyBucket | undefined;
  /** Automation robots registered by bizproc.robot.add, the events sent back, and robot calls to trigger. */
  readonly robots: SandboxRobots;
  /** The installed app's bots, messages, commands and notifications (methods/im.ts, app-events.ts). */
  readonly im = new ImState();
  /** The portal's `member_id` (install payloads, tokens); two sandboxes in one test need different ones. */
  readonly memberId: string;
  private mutableStats: MutableStats = { requests: 0, throttled: 0, batches: 0, refreshes: 0, calls: 0 };
  private readonly requests: RequestLogEntry[] = [];
  private readonly calls: CallLogEntry[] = [];
  /** How many times the domain moved; base path `/moved-<n>` when > 0. */
  private generation = 0;
  /**
   * The portal's original base address, set by startSandbox once the server listens (http://127.0.0.1:4321), or by
   * whoever mounts createSandboxApp under a path (then including that path).
   */
  origin = 'http://127.0.0.1';

  constructor(options: SandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.webhook = options.webhook ?? DEFAULT_WEBHOOK;
    this.latencyMs = options.latencyMs ?? 0;
    this.memberId = options.memberId ?? SANDBOX_MEMBER_ID;
    const rate = options.rate ?? { burst: 50, perSecond: 2 };
    this.bucket = rate === false ? undefined : new LeakyBucket(rate);
    this.tokens = new TokenBook({ ...DEFAULT_OAUTH, ...options.oauth }, this.now);
    this.spaTypes = seedSpaTypes(options.seed);
    this.stages = new StageCatalog(buildDirectories(this.spaTypes));
    seedPortal(this, options.seed);
    seedRelations(this);
    this.robots = new SandboxRobots(this);
  }

  // --- addresses -------------------------------------------------------------------------------------------------

  /** The path prefix of the current base ('' before any move). */
  get basePath(): string {
    return this.generation === 0 ? '' : `/moved-${this.generation}`;
  }

  /** The portal's current base address. */
  get baseUrl(): string {
    return `${this.origin}${this.basePath}`;
  }

  get webhookUrl(): string {
    return `${this.baseUrl}/rest/${this.webhook.userId}/${this.webhook.code}/`;
  }

  /** The current base now answers 302 to a new base on the same server; returns the new base. */
  moveDomain(): string {
    this.generation += 1;
    return this.baseUrl;
  }

  // --- inspection ---------------------------------------------------------------------------------------------------

  ownerOf(kind: EntityKind, id: number): number | undefined {
    return this.store.get(kind, id)?.ownerId;
  }

  updateCount(kind: EntityKind, id: number): number {
    return this.store.get(kind, id)?.updateCount ?? 0;
  }

  item(kind: EntityKind, id: number): SandboxItem | undefined {
    const item = this.store.get(kind, id);
    return item ? this.view(item) : undefined;
  }

  items(kind: EntityKind): readonly SandboxItem[] {
    return this.store.all(kind).map((item) => this.view(item));
  }

  /** Ids of the owner's items of a kind, ascending; `open` narrows to open or closed ones. */
  itemIdsOf(kind: EntityKind, ownerId: number, open?: boolean): number[] {
    const ids: number[] = [];
    for (const id of this.store.idsOfOwner(kind, ownerId)) {
      const item = this.store.get(kind, id);
      if (item?.ownerId !== ownerId) continue;
      if (open === undefined || this.stages.isOpen(kind, item.stageId) === open) ids.push(id);
    }
    return ids;
  }

  /** A manual change by a person in the portal UI: not an API update. */
  setOwner(kind: EntityKind, id: number, userId: number): void {
    const item = this.requireItem(kind, id);
    this.store.setOwner(item, userId);
    item.manualChanges += 1;
    item.updatedAt = this.now();
  }

  addItem(kind: EntityKind, item: NewSandboxItem): number {
    const fields = newItemFields(
      this,
      kind,
      item.ownerId,
      item.open ?? true,
      this.now(),
      this.store.count(kind),
      item.title,
    );
    return this.store.add(kind, { ...fields, isMyCompany: item.isMyCompany ?? false }).id;
  }

  deleteItem(kind: EntityKind, id: number): void {
    this.store.delete(kind, id);
  }

  get users(): readonly SandboxUser[] {
    return this.directory.userIds().map((id) => this.directory.users.get(id) as SandboxUser);
  }

  get departments(): readonly SandboxDepartment[] {
    return this.directory.departmentIds().map((id) => this.directory.departments.get(id) as SandboxDepartment);
  }

  addUser(user: NewSandboxUser = {}): SandboxUser {
    return this.directory.addUser(user);
  }

  deactivateUser(id: number): void {
    this.directory.deactivateUser(id);
  }

  // --- faults and auth -----------------------------------------------------------------------------------------------

  /** The next `times` calls of `method` fail with `error` (default 500 INTERNAL_SERVER_ERROR), inside batches too. */
  failMethod(method: string, times: number, error?: FaultError): void {
    this.faults.failMethod(method, times, error);
  }

  /** Updates of that item answer an access-denied error in the style of the method family. */
  denyItem(kind: EntityKind, id: number): void {
    this.faults.denyItem(kind, id);
  }

  expireAccessTokens(): void {
    this.tokens.expireAll();
  }

  /** Tokens as the app install gives them, for `userId` (default: the webhook user). */
  issueTokens(userId: number = this.webhook.userId): OAuthTokens {
    return this.toOAuthTokens(this.tokens.issue(userId));
  }

  toOAuthTokens(issued: IssuedTokens): OAuthTokens {
    return {
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      expires_in: Math.round(this.tokens.app.accessTokenTtlMs / 1000),
      expires: Math.floor(issued.expiresAt / 1000),
      client_endpoint: `${this.baseUrl}/rest/`,
      server_endpoint: `${this.origin}/rest/`,
      member_id: this.memberId,
      domain: new URL(this.origin).host,
      scope: 'crm,task,user,department,im,imbot,bizproc',
      status: 'L',
      user_id: issued.userId,
    };
  }

  // --- stats and logs ------------------------------------------------------------------------------------------------

  stats(): SandboxStats {
    return { ...this.mutableStats };
  }

  get requestLog(): readonly RequestLogEntry[] {
    return this.requests;
  }

  get callLog(): readonly CallLogEntry[] {
    return this.calls;
  }

  resetStats(): void {
    this.mutableStats = { requests: 0, throttled: 0, batches: 0, refreshes: 0, calls: 0 };
    this.requests.length = 0;
    this.calls.length = 0;
  }

  /** Internal: counters the HTTP layer bumps. */
  count(field: keyof MutableStats): void {
    this.mutableStats[field] += 1;
  }

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
  }

  logCall(entry: CallLogEntry): void {
    this.mutableStats.calls += 1;
    this.calls.push(entry);
  }

  // --- helpers -------------------------------------------------------------------------------------------------------

  private requireItem(kind: EntityKind, id: number): StoredItem {
    const item = this.store.get(kind, id);
    if (!item) throw new Error(`sandbox: no ${kind} item ${id}`);
    return item;
  }

  private view(item: StoredItem): SandboxItem {
    return {
      kind: item.kind,
      id: item.id,
      title: item.title,
      ownerId: item.ownerId,
      stageId: item.stageId,
      categoryId: item.categoryId,
      open: this.stages.isOpen(item.kind, item.stageId),
      isMyCompany: item.isMyCompany,
      updateCount: item.updateCount,
      manualChanges: item.manualChanges,
    };
  }
}

/** Builds a portal with its seed. */
export function createSandboxPortal(options: SandboxOptions = {}): SandboxPortal {
  return new SandboxPortal(options);
}
