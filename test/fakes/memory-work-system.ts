/**
 * MemoryWorkSystem: the WorkSystem port in memory, faithful to its contract (ID-cursor paging by ascending id,
 * open/all scopes, per-item results, idempotent owner changes, a directory with departments and heads), with fault
 * injection for engine tests: per-item permanent errors, PortalErrors thrown once, deletions, manual owner changes,
 * a crash right after a batch was applied, owner changes held back until released (to interleave runs), and update
 * counters.
 * @module
 */
import { HandoffError, PortalError } from '../../engine/errors.js';
import { readFactsOneByOne } from '../../engine/facts.js';
import { type PortalUserId, toPortalUserId } from '../../engine/ids.js';
import { type EntityKind, type KindInfo, STATIC_KINDS, staticKindLabel } from '../../engine/kinds.js';
import type {
  Department,
  FactsRequest,
  Head,
  ItemScope,
  OwnerChange,
  PortalFacts,
  PortalUser,
  WorkItem,
  WorkSystem,
} from '../../engine/ports.js';

interface StoredItem {
  readonly id: number;
  title: string;
  ownerId: PortalUserId;
  open: boolean;
  deleted: boolean;
}

interface KindState {
  /** Ids in ascending order (ids only grow), for cursor paging without scanning from the start. */
  readonly ids: number[];
  readonly byId: Map<number, StoredItem>;
}

type Method = 'listKinds' | 'countItems' | 'listItems' | 'readOwners' | 'setOwners';

export interface MemoryWorkSystemOptions {
  readonly kinds?: readonly EntityKind[];
  readonly pageSize?: number;
  readonly maxBatchSize?: number;
}

export class MemoryWorkSystem implements WorkSystem {
  readonly maxBatchSize: number;
  readonly #pageSize: number;
  readonly #kinds: readonly EntityKind[];
  readonly #items = new Map<EntityKind, KindState>();
  readonly #users = new Map<number, PortalUser>();
  readonly #departments = new Map<number, Department>();
  readonly #updates = new Map<string, number>();
  readonly #denied = new Set<string>();
  readonly #unsure = new Set<string>();
  readonly #removedKinds = new Set<EntityKind>();
  readonly #faults = new Map<Method, Error[]>();
  readonly #crashesAfterSetOwners: Error[] = [];
  readonly #holds: { reached: () => void; opened: Promise<void> }[] = [];
  #nextId = 1;
  /** Calls per method. */
  readonly calls: Record<Method, number> = { listKinds: 0, countItems: 0, listItems: 0, readOwners: 0, setOwners: 0 };
  /** Every setOwners call's size, in order. */
  readonly batchSizes: number[] = [];

  constructor(options: MemoryWorkSystemOptions = {}) {
    this.#kinds = options.kinds ?? ['deals', 'tasks'];
    this.#pageSize = options.pageSize ?? 50;
    this.maxBatchSize = options.maxBatchSize ?? 50;
    for (const kind of this.#kinds) this.#items.set(kind, { ids: [], byId: new Map() });
  }

  // ----- directory setup --------------------------------------------------------------------------------------

  addUser(
    id: number,
    options: { name?: string; active?: boolean; departmentIds?: number[]; email?: string; timeZone?: string } = {},
  ): PortalUserId {
    const userId = toPortalUserId(id);
    this.#users.set(id, {
      id: userId,
      name: options.name ?? `User ${id}`,
      active: options.active ?? true,
      departmentIds: options.departmentIds ?? [],
      isAdmin: false,
      ...(options.email ? { email: options.email } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    return userId;
  }

  addDepartment(id: number, name: string, options: { parentId?: number; headId?: number } = {}): void {
    this.#departments.set(id, {
      id,
      name,
      ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
      ...(options.headId === undefined ? {} : { headId: toPortalUserId(options.headId) }),
    });
  }

  deactivateUser(id: number): void {
    const user = this.#users.get(id);
    if (user) this.#users.set(id, { ...user, active: false });
  }

  // ----- items and faults -------------------------------------------------------------------------------------

  #state(kind: EntityKind): KindState {
    const state = this.#items.get(kind);
    if (!state) throw new Error(`MemoryWorkSystem: kind ${kind} is not offered`);
    return state;
  }

  /** Adds an item; returns its id (ids grow across kinds, like a portal's would within one). */
  addItem(kind: EntityKind, ownerId: number, options: { title?: string; open?: boolean } = {}): number {
    const id = this.#nextId++;
    const state = this.#state(kind);
    state.ids.push(id);
    state.byId.set(id, {
      id,
      title: options.title ?? `${kind} ${id}`,
      ownerId: toPortalUserId(ownerId),
      open: options.open ?? true,
      deleted: false,
    });
    return id;
  }

  addItems(kind: EntityKind, ownerId: number, count: number, options: { open?: boolean } = {}): number[] {
    return Array.from({ length: count }, () => this.addItem(kind, ownerId, options));
  }

  ownerOf(kind: EntityKind, id: number): number | undefined {
    const item = this.#state(kind).byId.get(id);
    return item && !item.deleted ? item.ownerId : undefined;
  }

  /** A person changed the owner by hand (not counted as an API update). */
  setOwnerManually(kind: EntityKind, id: number, ownerId: number): void {
    const item = this.#state(kind).byId.get(id);
    if (!item || item.deleted) throw new Error(`no item ${kind} ${id}`);
    item.ownerId = toPortalUserId(ownerId);
  }

  deleteItem(kind: EntityKind, id: number): void {
    const item = this.#state(kind).byId.get(id);
    if (item) item.deleted = true;
  }

  /** Owner changes of this item answer ACCESS_DENIED until allowed again. */
  denyItem(kind: EntityKind, id: number): void {
    this.#denied.add(`${kind}|${id}`);
  }

  allowItem(kind: EntityKind, id: number): void {
    this.#denied.delete(`${kind}|${id}`);
  }

  /**
   * Owner changes of this item are applied but answered with a server fault (INTERNAL_SERVER_ERROR), as when the
   * portal saved the change and then failed (an event handler, a timeout): the caller cannot tell it moved.
   */
  applyButFail(kind: EntityKind, id: number): void {
    this.#unsure.add(`${kind}|${id}`);
  }

  /** The smart process was deleted from the portal: no longer listed, and every call for it is refused (unknown_kind). */
  removeKind(kind: EntityKind): void {
    this.#removedKinds.add(kind);
  }

  /** The next call of `method` throws this error, a PortalError by default (queue several for several calls). */
  failNext(method: Method, error: Error = new PortalError('portal unavailable', 'network', true)): void {
    const queue = this.#faults.get(method) ?? [];
    queue.push(error);
    this.#faults.set(method, queue);
  }

  /**
   * The next setOwners call applies its changes, then throws: a plain Error by default (the process died before
   * recording), or the given error (e.g. a PortalError: the answer timed out after the portal applied the batch).
   */
  crashAfterNextSetOwners(error: Error = new Error('simulated crash after the batch was applied')): void {
    this.#crashesAfterSetOwners.push(error);
  }

  /**
   * Holds the next setOwners call not held yet before it changes anything: `reached` resolves once that call waits,
   * and the call goes on after `release()`. Call again to hold later calls too. For interleaving concurrent runs.
   */
  holdSetOwners(): { reached: Promise<void>; release: () => void } {
    let release = (): void => {};
    let reached = (): void => {};
    const opened = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reachedPromise = new Promise<void>((resolve) => {
      reached = resolve;
    });
    this.#holds.push({ reached, opened });
    return { reached: reachedPromise, release };
  }

  /** API owner changes of one item (no-op calls included: the engine must not even ask twice). */
  updateCount(kind: EntityKind, id: number): number {
    return this.#updates.get(`${kind}|${id}`) ?? 0;
  }

  totalUpdates(): number {
    let sum = 0;
    for (const n of this.#updates.values()) sum += n;
    return sum;
  }

  /** Open items per owner, for load assertions. */
  openLoad(kind: EntityKind, ownerId: number): number {
    let n = 0;
    for (const item of this.#state(kind).byId.values())
      if (!item.deleted && item.open && item.ownerId === ownerId) n += 1;
    return n;
  }

  #fault(method: Method, kind?: EntityKind): void {
    this.calls[method] += 1;
    if (kind !== undefined && this.#removedKinds.has(kind))
      throw new HandoffError('unknown_kind', `Unknown entity kind "${kind}": no such smart process on this portal`, {
        field: 'kinds',
        reason: kind,
      });
    const error = this.#faults.get(method)?.shift();
    if (error) throw error;
  }

  static #inScope(item: StoredItem, scope: ItemScope): boolean {
    return !item.deleted && (scope === 'all' || item.open);
  }

  // ----- the port ---------------------------------------------------------------------------------------------

  async listKinds(): Promise<readonly KindInfo[]> {
    this.#fault('listKinds');
    return this.#kinds
      .filter((kind) => !this.#removedKinds.has(kind))
      .map((kind) => ({
        kind,
        label: (STATIC_KINDS as readonly string[]).includes(kind)
          ? staticKindLabel(kind as never)
          : `Smart process ${kind}`,
      }));
  }

  async countItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): Promise<number> {
    this.#fault('countItems', kind);
    let n = 0;
    for (const item of this.#state(kind).byId.values())
      if (item.ownerId === ownerId && MemoryWorkSystem.#inScope(item, scope)) n += 1;
    return n;
  }

  async *listItems(kind: EntityKind, ownerId: PortalUserId, scope: ItemScope): AsyncIterable<readonly WorkItem[]> {
    const state = this.#state(kind);
    let index = 0;
    for (;;) {
      // Each page is a fresh query "id > last seen", read when asked for, like the portal's ID cursor.
      this.#fault('listItems', kind);
      const page: WorkItem[] = [];
      while (index < state.ids.length && page.length < this.#pageSize) {
        const item = state.byId.get(state.ids[index] ?? -1);
        index += 1;
        if (item && item.ownerId === ownerId && MemoryWorkSystem.#inScope(item, scope)) {
          page.push({ itemId: item.id, title: item.title, ownerId: item.ownerId });
        }
      }
      if (page.length > 0) yield page;
      if (page.length < this.#pageSize) return;
    }
  }

  async readOwners(kind: EntityKind, itemIds: readonly number[]): Promise<ReadonlyMap<number, PortalUserId | null>> {
    this.#fault('readOwners', kind);
    const state = this.#state(kind);
    return new Map(
      itemIds.map((id) => {
        const item = state.byId.get(id);
        return [id, item && !item.deleted ? item.ownerId : null];
      }),
    );
  }

  async setOwners(
    kind: EntityKind,
    changes: readonly { readonly itemId: number; readonly ownerId: PortalUserId }[],
  ): Promise<readonly OwnerChange[]> {
    this.#fault('setOwners', kind);
    const hold = this.#holds.shift();
    if (hold) {
      hold.reached();
      await hold.opened;
    }
    this.batchSizes.push(changes.length);
    const state = this.#state(kind);
    const results = changes.map((change): OwnerChange => {
      const key = `${kind}|${change.itemId}`;
      const item = state.byId.get(change.itemId);
      if (!item || item.deleted)
        return { itemId: change.itemId, ok: false, gone: true, code: 'NOT_FOUND', message: 'Not found' };
      if (this.#denied.has(key)) {
        return { itemId: change.itemId, ok: false, gone: false, code: 'ACCESS_DENIED', message: 'Access denied' };
      }
      this.#updates.set(key, (this.#updates.get(key) ?? 0) + 1);
      item.ownerId = change.ownerId;
      if (this.#unsure.has(key)) {
        return {
          itemId: change.itemId,
          ok: false,
          gone: false,
          code: 'INTERNAL_SERVER_ERROR',
          message: 'Internal server error',
        };
      }
      return { itemId: change.itemId, ok: true };
    });
    const crash = this.#crashesAfterSetOwners.shift();
    if (crash) throw crash;
    return results;
  }

  /** The single calls side by side; counts of kinds this portal does not offer are left out, as the contract says. */
  async readFacts(request: FactsRequest): Promise<PortalFacts> {
    const offered = new Set(this.#kinds.filter((kind) => !this.#removedKinds.has(kind)));
    return readFactsOneByOne(this, { ...request, counts: (request.counts ?? []).filter((c) => offered.has(c.kind)) });
  }

  async getUser(id: PortalUserId): Promise<PortalUser | null> {
    return this.#users.get(id) ?? null;
  }

  async findUserByEmail(email: string): Promise<PortalUser | null> {
    const lower = email.toLowerCase();
    return [...this.#users.values()].find((u) => u.email?.toLowerCase() === lower) ?? null;
  }

  async listUsers(): Promise<readonly PortalUser[]> {
    return [...this.#users.values()].sort((a, b) => a.id - b.id);
  }

  async ping(): Promise<void> {
    // A portal that fails listKinds (failNext('listKinds')) fails the readiness ping too.
    this.#fault('listKinds');
  }

  async listDepartments(): Promise<readonly Department[]> {
    return [...this.#departments.values()].sort((a, b) => a.id - b.id);
  }

  async getDepartment(id: number): Promise<Department | null> {
    return this.#departments.get(id) ?? null;
  }

  async findDepartments(name: string): Promise<readonly Department[]> {
    const lower = name.toLowerCase();
    return [...this.#departments.values()].filter((d) => d.name.toLowerCase().includes(lower));
  }

  async headsOf(userId: PortalUserId): Promise<readonly Head[]> {
    const user = this.#users.get(userId);
    if (!user) return [];
    const heads: Head[] = [];
    const seen = new Set<number>();
    for (const departmentId of user.departmentIds) {
      // Walk up while the department has no head or the user heads it themselves (reference §8).
      let department = this.#departments.get(departmentId);
      while (department && (department.headId === undefined || department.headId === userId)) {
        department = department.parentId === undefined ? undefined : this.#departments.get(department.parentId);
      }
      const head = department?.headId === undefined ? undefined : this.#users.get(department.headId);
      if (department && head?.active && !seen.has(head.id)) {
        seen.add(head.id);
        heads.push({ departmentId: department.id, departmentName: department.name, user: head });
      }
    }
    return heads;
  }

  async departmentMembers(departmentId: number): Promise<readonly PortalUser[]> {
    return [...this.#users.values()].filter((u) => u.active && u.departmentIds.includes(departmentId));
  }
}
