/**
 * Bitrix24WorkSystem: the engine's WorkSystem port over one portal. Items are listed by ID cursor with chained
 * batch pages, owners read and changed 50 per batch, people and departments read from the directory. What escapes
 * is a PortalError (the portal failed) or a HandoffError `unknown_kind`; a failed item is a result.
 * @module
 */
import type { DocumentRef, RelatedRecords, Relation } from '../engine/documents.js';
import { HandoffError } from '../engine/errors.js';
import type { PortalUserId } from '../engine/ids.js';
import { type EntityKind, isSpaKind, type KindInfo } from '../engine/kinds.js';
import type {
  Department,
  FactsRequest,
  Head,
  ItemScope,
  Logger,
  OwnerChange,
  PortalFacts,
  PortalUser,
  WorkItem,
  WorkSystem,
} from '../engine/ports.js';
import { chunk, MAX_BATCH_COMMANDS } from './batch.js';
import type { Bitrix24Client } from './client.js';
import { type ConnectionOptions, createBitrix24Client } from './connection.js';
import { CountCache } from './count-cache.js';
import { Bitrix24Directory } from './directory.js';
import { type EntityModule, parseEntityModule } from './entities/index.js';
import { describeError, errorCode, isGone, toPortalError } from './errors.js';
import { readFactsBatched } from './facts.js';
import { countByQuery, listByCursor, PAGE_SIZE, pageParams, rowsOf } from './listing.js';
import { PortalCatalog } from './portal-catalog.js';
import { readRelatedRecords } from './related-records.js';

export interface WorkSystemOptions {
  readonly now: () => number;
  readonly logger: Logger;
  /** Pages chained per batch when listing (at most 50). */
  readonly maxChain?: number;
  /** How long smart-process types, stages and departments are reused. Default 60 s. */
  readonly cacheTtlMs?: number;
  /** How long an item count is reused (count-cache.ts). Default 10 s; 0 turns it off. */
  readonly countCacheTtlMs?: number;
}

export class Bitrix24WorkSystem implements WorkSystem {
  readonly maxBatchSize = MAX_BATCH_COMMANDS;
  private readonly catalog: PortalCatalog;
  private readonly directory: Bitrix24Directory;
  private readonly counts: CountCache;

  constructor(
    /** The portal's client, for calls outside the WorkSystem port (bizproc.* for the robot). */
    readonly client: Bitrix24Client,
    private readonly options: WorkSystemOptions,
  ) {
    const ttl = options.cacheTtlMs ?? 60_000;
    this.catalog = new PortalCatalog(client, options.now, ttl);
    this.directory = new Bitrix24Directory(client, { now: options.now, cacheTtlMs: ttl });
    this.counts = new CountCache(options.now, options.countCacheTtlMs ?? 10_000);
  }

  listKinds(): Promise<readonly KindInfo[]> {
    return this.catalog.listKinds();
  }

  async countItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): Promise<number> {
    const cached = this.counts.get(kind, ownerId, scope);
    if (cached !== undefined) return cached;
    const module = await this.module(kind);
    const count = await countByQuery(this.client, await module.ownerQuery(ownerId, scope, this.catalog));
    this.counts.set(kind, ownerId, scope, count);
    return count;
  }

  async *listItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): AsyncIterable<readonly WorkItem[]> {
    const module = await this.module(kind);
    const query = await module.ownerQuery(ownerId, scope, this.catalog);
    // A count just read sizes the first chained batch, so a list of up to 2,500 rows is one request (a hint only:
    // the listing reads the portal's own `total` as it goes).
    const expected = this.counts.get(kind, ownerId, scope);
    const options = { ...this.chainOption(), ...(expected === undefined ? {} : { expected }) };
    for await (const rows of listByCursor(this.client, query, options)) {
      const items = rows.map((row) => module.toWorkItem(row)).filter((item): item is WorkItem => item !== null);
      if (items.length > 0) yield items;
    }
  }

  async readOwners(kind: EntityKind, itemIds: readonly number[]): Promise<ReadonlyMap<number, PortalUserId | null>> {
    const module = await this.module(kind);
    const ids = [...new Set(itemIds)];
    const owners = new Map<number, PortalUserId | null>(ids.map((id) => [id, null]));
    // One page of `@ID` per 50 ids, 50 pages per batch request; an id missing from the answer no longer exists.
    const queries = chunk(ids, PAGE_SIZE).map((part) => module.idsQuery(part));
    const commands = queries.map((query) => ({
      method: query.method,
      params: { ...pageParams(query, 0, -1) },
    }));
    const results = await this.client.batch(commands);
    results.forEach((result, index) => {
      const query = queries[index];
      if (!query) return;
      if (!result.ok) throw toPortalError(query.method, result.error);
      for (const row of rowsOf(query, result.result)) {
        const item = module.toWorkItem(row);
        if (item && owners.has(item.itemId)) owners.set(item.itemId, item.ownerId);
      }
    });
    return owners;
  }

  async setOwners(
    kind: EntityKind,
    changes: readonly { readonly itemId: number; readonly ownerId: PortalUserId }[],
  ): Promise<readonly OwnerChange[]> {
    const module = await this.module(kind);
    this.counts.forgetKind(kind);
    const results = await this.client.batch(changes.map((c) => module.updateCommand(c.itemId, c.ownerId)));
    this.counts.forgetKind(kind);
    return changes.map((change, index): OwnerChange => {
      const result = results[index];
      if (result?.ok) return { itemId: change.itemId, ok: true };
      if (!result) return { itemId: change.itemId, ok: false, gone: false, code: 'NO_RESULT', message: 'no result' };
      return {
        itemId: change.itemId,
        ok: false,
        gone: isGone(result.error),
        code: errorCode(result.error),
        message: describeError(result.error),
      };
    });
  }

  getUser(id: PortalUserId): Promise<PortalUser | null> {
    return this.directory.getUser(id);
  }

  findUserByEmail(email: string): Promise<PortalUser | null> {
    return this.directory.findUserByEmail(email);
  }

  getDepartment(id: number): Promise<Department | null> {
    return this.directory.getDepartment(id);
  }

  findDepartments(name: string): Promise<readonly Department[]> {
    return this.directory.findDepartments(name);
  }

  headsOf(userId: PortalUserId): Promise<readonly Head[]> {
    return this.directory.headsOf(userId);
  }

  departmentMembers(departmentId: number): Promise<readonly PortalUser[]> {
    return this.directory.departmentMembers(departmentId);
  }

  listUsers(): Promise<readonly PortalUser[]> {
    return this.directory.listUsers();
  }

  listDepartments(): Promise<readonly Department[]> {
    return this.directory.listDepartments();
  }

  /** One batch for everything not read within the caches' lifetimes (bitrix24/facts.ts). */
  readFacts(request: FactsRequest): Promise<PortalFacts> {
    const { client, catalog, directory, counts } = this;
    return readFactsBatched({ client, catalog, directory, counts, single: this }, request);
  }

  async ping(): Promise<void> {
    // `profile` needs no scope and answers for every webhook and app token (reference §8).
    await this.client.call('profile');
  }

  readRelated(document: DocumentRef, relations: readonly Relation[]): Promise<RelatedRecords> {
    return readRelatedRecords(this.client, this.catalog, document, relations);
  }

  private chainOption() {
    return this.options.maxChain !== undefined ? { maxChain: this.options.maxChain } : {};
  }

  /** The module of a kind; an unknown kind, or a smart process this portal lacks, is a HandoffError naming it. */
  private async module(kind: EntityKind): Promise<EntityModule> {
    const found = parseEntityModule(kind);
    if (!found.ok)
      throw new HandoffError('unknown_kind', found.problem, { field: 'kinds', reason: String(kind).slice(0, 60) });
    if (isSpaKind(kind) && !(await this.catalog.hasKind(kind)))
      throw new HandoffError('unknown_kind', `Unknown entity kind "${kind}": no such smart process on this portal`, {
        field: 'kinds',
        reason: kind,
      });
    return found.value;
  }
}

export interface Bitrix24WorkSystemOptions extends ConnectionOptions {
  readonly maxChain?: number;
  readonly cacheTtlMs?: number;
  readonly countCacheTtlMs?: number;
}

/**
 * Builds the work system of one portal from its configuration; throws an Error naming the problem when the
 * configuration is bad (a malformed webhook URL, http off loopback, bad rate options).
 * @example createBitrix24WorkSystem({ portal: { kind: 'webhook', url }, fetch, now: Date.now, sleep, logger, pool })
 */
export function createBitrix24WorkSystem(options: Bitrix24WorkSystemOptions): Bitrix24WorkSystem {
  const client = createBitrix24Client(options);
  return new Bitrix24WorkSystem(client, {
    now: options.now,
    logger: options.logger,
    ...(options.maxChain !== undefined ? { maxChain: options.maxChain } : {}),
    ...(options.cacheTtlMs !== undefined ? { cacheTtlMs: options.cacheTtlMs } : {}),
    ...(options.countCacheTtlMs !== undefined ? { countCacheTtlMs: options.countCacheTtlMs } : {}),
  });
}
