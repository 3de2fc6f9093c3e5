/**
 * MemoryHandoffStore: the HandoffStore port in process memory, for engine unit tests and the demo. Passes the same
 * contract suite as the SQLite and Mongo stores. Every method does its checks and writes synchronously (no await in
 * between), which makes each one atomic on Node's single thread.
 * @module
 */
import type { HandoffId, TenantId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import type { Handoff, HandoffEvent, HandoffItem, HandoffStatus, ItemCounts, ItemStatus } from '../engine/model.js';
import { involves } from '../engine/participants.js';
import type {
  Clock,
  HandoffFilter,
  HandoffPatch,
  HandoffStore,
  ItemFilter,
  ItemUpdate,
  NewHandoff,
  NewItem,
} from '../engine/ports.js';
import {
  alreadyRunning,
  applyHandoffPatch,
  clampHandoffLimit,
  clampItemLimit,
  compareItemKeys,
  type HoldFacts,
  handoffNotFound,
  needsHoldCheck,
  overlappingHolder,
  systemClock,
  toItemCounts,
} from './handoff-rules.js';

interface TenantState {
  lastNo: number;
  readonly handoffs: Map<HandoffId, Handoff>;
  readonly idempotency: Map<string, HandoffId>;
  /** Per handoff, items keyed by `${kind}|${itemId}`. */
  readonly items: Map<HandoffId, Map<string, HandoffItem>>;
  readonly events: Map<HandoffId, HandoffEvent[]>;
  /** Run leases by handoff (claimRun); absent when free. */
  readonly leases: Map<HandoffId, { owner: string; until: number }>;
}

export interface MemoryHandoffStoreOptions {
  /** Stamps `updatedAt` of handoffs and items. Default: the system clock. */
  readonly clock?: Clock;
}

/** Copies out, so callers mutating what they got can never change the stored state. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

function itemKey(kind: string, itemId: number): string {
  return `${kind}|${itemId}`;
}

export class MemoryHandoffStore implements HandoffStore {
  readonly #tenants = new Map<TenantId, TenantState>();
  readonly #clock: Clock;

  constructor(options: MemoryHandoffStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  #tenant(tenantId: TenantId): TenantState {
    let state = this.#tenants.get(tenantId);
    if (!state) {
      state = {
        lastNo: 0,
        handoffs: new Map(),
        idempotency: new Map(),
        items: new Map(),
        events: new Map(),
        leases: new Map(),
      };
      this.#tenants.set(tenantId, state);
    }
    return state;
  }

  /** The active, non-dry-run handoff holding the candidate's from-user over an overlapping period. */
  #holder(state: TenantState, candidate: Omit<HoldFacts, 'no'>): Handoff | undefined {
    return overlappingHolder(candidate, state.handoffs.values(), this.#clock.now());
  }

  async createHandoff(handoff: NewHandoff, idempotencyKey?: string): Promise<{ handoff: Handoff; created: boolean }> {
    const state = this.#tenant(handoff.tenantId);
    if (idempotencyKey !== undefined) {
      const firstId = state.idempotency.get(idempotencyKey);
      const first = firstId && state.handoffs.get(firstId);
      if (first) return { handoff: copy(first), created: false };
    }
    if (state.handoffs.has(handoff.id)) throw new Error(`handoff id ${handoff.id} already exists`);
    const holder = this.#holder(state, handoff);
    if (holder) throw alreadyRunning(holder.no);
    state.lastNo += 1;
    const stored: Handoff = {
      ...copy(handoff),
      no: state.lastNo,
      updatedAt: handoff.createdAt,
      cancelRequested: false,
    };
    state.handoffs.set(stored.id, stored);
    if (idempotencyKey !== undefined) state.idempotency.set(idempotencyKey, stored.id);
    return { handoff: copy(stored), created: true };
  }

  async findByIdempotencyKey(tenantId: TenantId, idempotencyKey: string): Promise<Handoff | null> {
    const state = this.#tenants.get(tenantId);
    const id = state?.idempotency.get(idempotencyKey);
    const found = id === undefined ? undefined : state?.handoffs.get(id);
    return found ? copy(found) : null;
  }

  async getHandoff(tenantId: TenantId, id: HandoffId): Promise<Handoff | null> {
    const found = this.#tenants.get(tenantId)?.handoffs.get(id);
    return found ? copy(found) : null;
  }

  async getHandoffByNo(tenantId: TenantId, no: number): Promise<Handoff | null> {
    for (const h of this.#tenants.get(tenantId)?.handoffs.values() ?? []) if (h.no === no) return copy(h);
    return null;
  }

  async listHandoffs(tenantId: TenantId, filter: HandoffFilter = {}): Promise<readonly Handoff[]> {
    const all = [...(this.#tenants.get(tenantId)?.handoffs.values() ?? [])];
    const { statuses, involvingUserId, beforeNo } = filter;
    return all
      .filter((h) => statuses === undefined || statuses.includes(h.status))
      .filter((h) => involvingUserId === undefined || involves(h, involvingUserId))
      .filter((h) => beforeNo === undefined || h.no < beforeNo)
      .sort((a, b) => b.no - a.no)
      .slice(0, clampHandoffLimit(filter.limit))
      .map(copy);
  }

  async updateHandoff(
    tenantId: TenantId,
    id: HandoffId,
    patch: HandoffPatch,
    expect?: readonly HandoffStatus[],
  ): Promise<Handoff | null> {
    const state = this.#tenants.get(tenantId);
    const current = state?.handoffs.get(id);
    if (!state || !current) return null;
    if (expect !== undefined && !expect.includes(current.status)) return null;
    const next = applyHandoffPatch(current, copy(patch), this.#clock.now());
    const holder = needsHoldCheck(current, next) ? this.#holder(state, next) : undefined;
    if (holder) throw alreadyRunning(holder.no);
    state.handoffs.set(id, next);
    return copy(next);
  }

  async insertItems(tenantId: TenantId, handoffId: HandoffId, items: readonly NewItem[]): Promise<number> {
    const state = this.#tenants.get(tenantId);
    if (!state?.handoffs.has(handoffId)) throw handoffNotFound(handoffId);
    let stored = state.items.get(handoffId);
    if (!stored) {
      stored = new Map();
      state.items.set(handoffId, stored);
    }
    const now = this.#clock.now();
    let inserted = 0;
    for (const item of items) {
      const key = itemKey(item.kind, item.itemId);
      if (stored.has(key)) continue;
      const { skipReason, viaHandoffId, ...rest } = item;
      stored.set(key, {
        ...rest,
        ...(skipReason !== undefined ? { skipReason } : {}),
        ...(viaHandoffId !== undefined ? { viaHandoffId } : {}),
        tenantId,
        handoffId,
        updatedAt: now,
      });
      inserted += 1;
    }
    return inserted;
  }

  async updateItems(tenantId: TenantId, handoffId: HandoffId, updates: readonly ItemUpdate[]): Promise<void> {
    const stored = this.#tenants.get(tenantId)?.items.get(handoffId);
    if (!stored) return;
    const now = this.#clock.now();
    for (const update of updates) {
      const key = itemKey(update.kind, update.itemId);
      const current = stored.get(key);
      if (!current) continue;
      const { skipReason: _skip, error: _error, currentOwnerId: _owner, onwardHandoffId: _onward, ...rest } = current;
      stored.set(key, {
        ...rest,
        status: update.status,
        ...(update.skipReason !== undefined ? { skipReason: update.skipReason } : {}),
        ...(update.error !== undefined ? { error: update.error } : {}),
        ...(update.currentOwnerId !== undefined ? { currentOwnerId: update.currentOwnerId } : {}),
        ...(update.onwardHandoffId !== undefined ? { onwardHandoffId: update.onwardHandoffId } : {}),
        updatedAt: now,
      });
    }
  }

  async listItems(tenantId: TenantId, handoffId: HandoffId, filter: ItemFilter = {}): Promise<readonly HandoffItem[]> {
    const stored = this.#tenants.get(tenantId)?.items.get(handoffId);
    if (!stored) return [];
    const { statuses, kinds, after } = filter;
    return [...stored.values()]
      .filter((i) => statuses === undefined || statuses.includes(i.status))
      .filter((i) => kinds === undefined || kinds.includes(i.kind))
      .filter((i) => after === undefined || compareItemKeys(i, after) > 0)
      .sort(compareItemKeys)
      .slice(0, clampItemLimit(filter.limit))
      .map(copy);
  }

  async countItems(tenantId: TenantId, handoffId: HandoffId): Promise<ItemCounts> {
    const stored = this.#tenants.get(tenantId)?.items.get(handoffId);
    return toItemCounts([...(stored?.values() ?? [])].map((i) => ({ kind: i.kind, status: i.status, count: 1 })));
  }

  async findItemRecords(
    tenantId: TenantId,
    kind: EntityKind,
    itemIds: readonly number[],
    statuses?: readonly ItemStatus[],
  ): Promise<readonly HandoffItem[]> {
    const state = this.#tenants.get(tenantId);
    if (!state) return [];
    const wanted = new Set(itemIds);
    const found: { no: number; item: HandoffItem }[] = [];
    for (const [handoffId, items] of state.items) {
      const no = state.handoffs.get(handoffId)?.no ?? 0;
      for (const item of items.values()) {
        if (item.kind !== kind || !wanted.has(item.itemId)) continue;
        if (statuses !== undefined && !statuses.includes(item.status)) continue;
        found.push({ no, item });
      }
    }
    return found.sort((a, b) => a.no - b.no || a.item.itemId - b.item.itemId).map((f) => copy(f.item));
  }

  async appendEvent(event: HandoffEvent): Promise<void> {
    const state = this.#tenants.get(event.tenantId);
    if (!state?.handoffs.has(event.handoffId)) throw handoffNotFound(event.handoffId);
    const list = state.events.get(event.handoffId) ?? [];
    list.push(copy(event));
    state.events.set(event.handoffId, list);
  }

  async claimRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date, now: Date): Promise<boolean> {
    const state = this.#tenants.get(tenantId);
    if (!state?.handoffs.has(handoffId)) return false;
    const lease = state.leases.get(handoffId);
    if (lease && lease.owner !== owner && lease.until > now.getTime()) return false;
    state.leases.set(handoffId, { owner, until: until.getTime() });
    return true;
  }

  async renewRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date): Promise<boolean> {
    const lease = this.#tenants.get(tenantId)?.leases.get(handoffId);
    if (lease?.owner !== owner) return false;
    lease.until = until.getTime();
    return true;
  }

  async releaseRun(tenantId: TenantId, handoffId: HandoffId, owner: string): Promise<void> {
    const leases = this.#tenants.get(tenantId)?.leases;
    if (leases?.get(handoffId)?.owner === owner) leases.delete(handoffId);
  }

  async listEvents(tenantId: TenantId, handoffId: HandoffId): Promise<readonly HandoffEvent[]> {
    const list = this.#tenants.get(tenantId)?.events.get(handoffId) ?? [];
    // A stable sort keeps insertion order among events of the same instant.
    return [...list].sort((a, b) => a.at.getTime() - b.at.getTime()).map(copy);
  }
}
