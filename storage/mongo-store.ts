/**
 * MongoHandoffStore: the HandoffStore port on MongoDB (the scale-out path), without multi-document transactions so
 * it also runs on a standalone server. Atomicity comes from single-document operations and unique indexes: per-tenant
 * numbers from findOneAndUpdate $inc, the one-active-handoff-per-from-user rule from a unique partial index on
 * `activeLock`, idempotency keys claimed by a unique insert before the handoff is written, compare-and-set through a
 * `version` field. Item batches go in one unordered bulkWrite (each item atomic; re-running a batch is safe because
 * inserts are upserts that leave existing items alone). Run leases live in their own collection, one document per
 * handoff under a unique index, claimed with one conditional upsert.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Collection, type Db, MongoServerError } from 'mongodb';
import { type HandoffId, type TenantId, toHandoffId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import type { Handoff, HandoffEvent, HandoffItem, HandoffStatus, ItemCounts, ItemStatus } from '../engine/model.js';
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
  type HoldFacts,
  handoffNotFound,
  holdsFromUser,
  holdsNobody,
  needsHoldCheck,
  overlappingHolder,
  systemClock,
  toItemCounts,
} from './handoff-rules.js';
import {
  COLLECTIONS,
  type CounterDoc,
  type EventDoc,
  ensureHandoffIndexes,
  fromEventDoc,
  fromHandoffDoc,
  fromItemDoc,
  type HandoffDoc,
  type HoldLockDoc,
  type IdempotencyDoc,
  type ItemDoc,
  type RunDoc,
  toHandoffDoc,
} from './mongo-docs.js';
import { toEntityKind, toItemStatus } from './sqlite-rows.js';

const DUPLICATE_KEY = 11000;
/** How long a second request with the same idempotency key waits for the first one's handoff to appear. */
const CLAIM_WAIT_MS = 5000;
const CLAIM_POLL_MS = 25;
/** Compare-and-set retries when another writer changed the handoff between our read and our write. */
const MAX_CAS_ATTEMPTS = 20;
/** How long a person's hold lock lives at most (a check and one write take milliseconds). */
const HOLD_LOCK_MS = 10_000;

/** True for Mongo's duplicate-key error (a unique index refused the write); the product stores' Mongo adapters share it. */
export function isDuplicateKey(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

export interface MongoHandoffStoreOptions {
  readonly clock?: Clock;
}

export class MongoHandoffStore implements HandoffStore {
  readonly #handoffs: Collection<HandoffDoc>;
  readonly #items: Collection<ItemDoc>;
  readonly #events: Collection<EventDoc>;
  readonly #counters: Collection<CounterDoc>;
  readonly #idempotency: Collection<IdempotencyDoc>;
  readonly #runs: Collection<RunDoc>;
  readonly #holdLocks: Collection<HoldLockDoc>;
  readonly #clock: Clock;

  private constructor(db: Db, options: MongoHandoffStoreOptions) {
    this.#handoffs = db.collection<HandoffDoc>(COLLECTIONS.handoffs);
    this.#items = db.collection<ItemDoc>(COLLECTIONS.items);
    this.#events = db.collection<EventDoc>(COLLECTIONS.events);
    this.#counters = db.collection<CounterDoc>(COLLECTIONS.counters);
    this.#idempotency = db.collection<IdempotencyDoc>(COLLECTIONS.idempotency);
    this.#runs = db.collection<RunDoc>(COLLECTIONS.runs);
    this.#holdLocks = db.collection<HoldLockDoc>(COLLECTIONS.holdLocks);
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the indexes the rules depend on, then the store. */
  static async open(db: Db, options: MongoHandoffStoreOptions = {}): Promise<MongoHandoffStore> {
    await ensureHandoffIndexes(db);
    return new MongoHandoffStore(db, options);
  }

  async #find(tenantId: string, id: string): Promise<HandoffDoc | null> {
    return this.#handoffs.findOne({ tenantId, id }, { projection: { _id: 0 } });
  }

  /** The no of the handoff holding the candidate's from-user over an overlapping period (call under #withHoldLock). */
  async #holderNo(tenantId: string, candidate: Omit<HoldFacts, 'no'>): Promise<number | undefined> {
    const docs = await this.#handoffs
      .find({ tenantId, fromUserId: candidate.plan.fromUserId, activeLock: true }, { projection: { _id: 0 } })
      .toArray();
    return overlappingHolder(candidate, docs.map(fromHandoffDoc), this.#clock.now())?.no;
  }

  /**
   * Runs `work` while holding the person's hold lock: the overlap check and the write it guards cannot interleave
   * with another writer's for the same from-user. Wall-clock expiry (never the injected clock), so a crashed writer
   * frees the person after HOLD_LOCK_MS.
   */
  async #withHoldLock<T>(tenantId: string, fromUserId: number, work: () => Promise<T>): Promise<T> {
    const _id = `${tenantId}|${fromUserId}`;
    const owner = randomUUID();
    const deadline = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      const now = new Date();
      try {
        // Another owner's live lock matches nothing, and the upsert's insert then fails on `_id`: wait and retry.
        await this.#holdLocks.findOneAndUpdate(
          { _id, until: { $lte: now } },
          { $set: { owner, until: new Date(now.getTime() + HOLD_LOCK_MS) } },
          { upsert: true },
        );
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (Date.now() > deadline) throw new Error('another write holds this person; try again');
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    }
    try {
      return await work();
    } finally {
      await this.#holdLocks.deleteOne({ _id, owner });
    }
  }

  async createHandoff(input: NewHandoff, idempotencyKey?: string): Promise<{ handoff: Handoff; created: boolean }> {
    const { tenantId } = input;
    if (idempotencyKey !== undefined) {
      try {
        await this.#idempotency.insertOne({
          tenantId,
          key: idempotencyKey,
          handoffId: input.id,
          createdAt: this.#clock.now(),
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const first = await this.#awaitClaimed(tenantId, idempotencyKey);
        if (first) return { handoff: first, created: false };
        return this.createHandoff(input, idempotencyKey);
      }
    }
    try {
      return { handoff: await this.#insertHandoff(input), created: true };
    } catch (error) {
      // The claim must not outlive a refused creation: the same request may be sent again once the way is clear.
      if (idempotencyKey !== undefined)
        await this.#idempotency.deleteOne({ tenantId, key: idempotencyKey, handoffId: input.id });
      throw error;
    }
  }

  /** The handoff another request claimed this key for; null when that claim turned out stale (and was removed). */
  async #awaitClaimed(tenantId: TenantId, key: string): Promise<Handoff | null> {
    const deadline = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      const claim = await this.#idempotency.findOne({ tenantId, key });
      if (!claim) return null;
      const doc = await this.#find(tenantId, claim.handoffId);
      if (doc) return fromHandoffDoc(doc);
      if (Date.now() > deadline) {
        await this.#idempotency.deleteOne({ tenantId, key, handoffId: claim.handoffId });
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    }
  }

  async #insertHandoff(input: NewHandoff): Promise<Handoff> {
    const { tenantId } = input;
    if (!holdsFromUser(input.status, holdsNobody(input.plan))) return this.#writeNewHandoff(input);
    return this.#withHoldLock(tenantId, input.plan.fromUserId, async () => {
      // Checked before the number is taken, so a refusal does not use one up.
      const holder = await this.#holderNo(tenantId, input);
      if (holder !== undefined) throw alreadyRunning(holder);
      return this.#writeNewHandoff(input);
    });
  }

  async #writeNewHandoff(input: NewHandoff): Promise<Handoff> {
    const { tenantId } = input;
    const counter = await this.#counters.findOneAndUpdate(
      { _id: tenantId },
      { $inc: { lastNo: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error('counter upsert returned nothing');
    const handoff: Handoff = { ...input, no: counter.lastNo, updatedAt: input.createdAt, cancelRequested: false };
    await this.#handoffs.insertOne(toHandoffDoc(handoff, 1));
    return fromHandoffDoc(toHandoffDoc(handoff, 1));
  }

  async findByIdempotencyKey(tenantId: TenantId, idempotencyKey: string): Promise<Handoff | null> {
    const claim = await this.#idempotency.findOne({ tenantId, key: idempotencyKey });
    if (!claim) return null;
    // A claim whose handoff is not written yet (a creation under way) reads as unused: createHandoff settles it.
    const doc = await this.#find(tenantId, claim.handoffId);
    return doc ? fromHandoffDoc(doc) : null;
  }

  async getHandoff(tenantId: TenantId, id: HandoffId): Promise<Handoff | null> {
    const doc = await this.#find(tenantId, id);
    return doc ? fromHandoffDoc(doc) : null;
  }

  async getHandoffByNo(tenantId: TenantId, no: number): Promise<Handoff | null> {
    const doc = await this.#handoffs.findOne({ tenantId, no }, { projection: { _id: 0 } });
    return doc ? fromHandoffDoc(doc) : null;
  }

  async listHandoffs(tenantId: TenantId, filter: HandoffFilter = {}): Promise<readonly Handoff[]> {
    const userId = filter.involvingUserId;
    const docs = await this.#handoffs
      .find(
        {
          tenantId,
          ...(filter.statuses !== undefined ? { status: { $in: [...filter.statuses] } } : {}),
          ...(filter.beforeNo !== undefined ? { no: { $lt: filter.beforeNo } } : {}),
          ...(userId !== undefined
            ? { $or: [{ fromUserId: userId }, { initiatorUserId: userId }, { receiverIds: userId }] }
            : {}),
        },
        { projection: { _id: 0 } },
      )
      .sort({ no: -1 })
      .limit(clampHandoffLimit(filter.limit))
      .toArray();
    return docs.map(fromHandoffDoc);
  }

  async updateHandoff(
    tenantId: TenantId,
    id: HandoffId,
    patch: HandoffPatch,
    expect?: readonly HandoffStatus[],
  ): Promise<Handoff | null> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const doc = await this.#find(tenantId, id);
      if (!doc) return null;
      const current = fromHandoffDoc(doc);
      if (expect !== undefined && !expect.includes(current.status)) return null;
      const next = applyHandoffPatch(current, patch, this.#clock.now());
      const write = async (): Promise<boolean> => {
        const result = await this.#handoffs.replaceOne(
          { tenantId, id, version: doc.version },
          toHandoffDoc(next, doc.version + 1),
        );
        return result.matchedCount === 1;
      };
      if (!needsHoldCheck(current, next)) {
        if (await write()) return next;
        continue;
      }
      const written = await this.#withHoldLock(tenantId, next.plan.fromUserId, async () => {
        const holder = await this.#holderNo(tenantId, next);
        if (holder !== undefined) throw alreadyRunning(holder);
        return write();
      });
      if (written) return next;
      // Someone else wrote in between: read again, and judge `expect` against what is there now.
    }
    throw new Error('updateHandoff: too much contention on one handoff');
  }

  async #requireHandoff(tenantId: TenantId, handoffId: HandoffId): Promise<void> {
    const found = await this.#handoffs.findOne({ tenantId, id: handoffId }, { projection: { _id: 1 } });
    if (!found) throw handoffNotFound(handoffId);
  }

  async insertItems(tenantId: TenantId, handoffId: HandoffId, items: readonly NewItem[]): Promise<number> {
    await this.#requireHandoff(tenantId, handoffId);
    const unique = new Map(items.map((item) => [`${item.kind}|${item.itemId}`, item]));
    if (unique.size === 0) return 0;
    const now = this.#clock.now();
    const result = await this.#items.bulkWrite(
      [...unique.values()].map((item) => ({
        updateOne: {
          filter: { tenantId, handoffId, kind: item.kind, itemId: item.itemId },
          update: {
            $setOnInsert: {
              title: item.title,
              originalOwnerId: item.originalOwnerId,
              newOwnerId: item.newOwnerId,
              status: item.status,
              skipReason: item.skipReason ?? null,
              error: null,
              currentOwnerId: null,
              viaHandoffId: item.viaHandoffId ?? null,
              onwardHandoffId: null,
              updatedAt: now,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return result.upsertedCount;
  }

  async updateItems(tenantId: TenantId, handoffId: HandoffId, updates: readonly ItemUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const now = this.#clock.now();
    await this.#items.bulkWrite(
      updates.map((u) => ({
        updateOne: {
          filter: { tenantId, handoffId, kind: u.kind, itemId: u.itemId },
          update: {
            $set: {
              status: u.status,
              skipReason: u.skipReason ?? null,
              error: u.error ?? null,
              currentOwnerId: u.currentOwnerId ?? null,
              onwardHandoffId: u.onwardHandoffId ?? null,
              updatedAt: now,
            },
          },
        },
      })),
      { ordered: false },
    );
  }

  async listItems(tenantId: TenantId, handoffId: HandoffId, filter: ItemFilter = {}): Promise<readonly HandoffItem[]> {
    const after = filter.after;
    const docs = await this.#items
      .find(
        {
          tenantId,
          handoffId,
          ...(filter.statuses !== undefined ? { status: { $in: [...filter.statuses] } } : {}),
          ...(filter.kinds !== undefined ? { kind: { $in: [...filter.kinds] } } : {}),
          ...(after !== undefined
            ? { $or: [{ kind: { $gt: after.kind } }, { kind: after.kind, itemId: { $gt: after.itemId } }] }
            : {}),
        },
        { projection: { _id: 0 } },
      )
      .sort({ kind: 1, itemId: 1 })
      .limit(clampItemLimit(filter.limit))
      .toArray();
    return docs.map((doc) => fromItemDoc(tenantId, handoffId, doc));
  }

  async countItems(tenantId: TenantId, handoffId: HandoffId): Promise<ItemCounts> {
    const rows = await this.#items
      .aggregate<{ _id: { kind: string; status: string }; count: number }>([
        { $match: { tenantId, handoffId } },
        { $group: { _id: { kind: '$kind', status: '$status' }, count: { $sum: 1 } } },
      ])
      .toArray();
    return toItemCounts(
      rows.map((r) => ({ kind: toEntityKind(r._id.kind), status: toItemStatus(r._id.status), count: r.count })),
    );
  }

  async findItemRecords(
    tenantId: TenantId,
    kind: EntityKind,
    itemIds: readonly number[],
    statuses?: readonly ItemStatus[],
  ): Promise<readonly HandoffItem[]> {
    const unique = [...new Set(itemIds)];
    if (unique.length === 0) return [];
    const docs = await this.#items
      .find(
        {
          tenantId,
          kind,
          itemId: { $in: unique },
          ...(statuses !== undefined ? { status: { $in: [...statuses] } } : {}),
        },
        { projection: { _id: 0 } },
      )
      .toArray();
    const handoffIds = [...new Set(docs.map((d) => d.handoffId))];
    const numbers = new Map(
      (
        await this.#handoffs
          .find({ tenantId, id: { $in: handoffIds } }, { projection: { _id: 0, id: 1, no: 1 } })
          .toArray()
      ).map((h) => [h.id, h.no]),
    );
    return docs
      .map((doc) => ({
        no: numbers.get(doc.handoffId) ?? 0,
        item: fromItemDoc(tenantId, toHandoffId(doc.handoffId), doc),
      }))
      .sort((a, b) => a.no - b.no || a.item.itemId - b.item.itemId)
      .map((f) => f.item);
  }

  async appendEvent(event: HandoffEvent): Promise<void> {
    await this.#requireHandoff(event.tenantId, event.handoffId);
    await this.#events.insertOne({
      tenantId: event.tenantId,
      handoffId: event.handoffId,
      at: event.at,
      type: event.type,
      actor: event.actor,
      data: event.data === undefined ? null : { ...event.data },
    });
  }

  async claimRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date, now: Date): Promise<boolean> {
    const found = await this.#handoffs.findOne({ tenantId, id: handoffId }, { projection: { _id: 1 } });
    if (!found) return false;
    try {
      // Matches a lease we may take (ours, or expired) and takes it; with none stored, inserts one. When another
      // owner holds it, the filter matches nothing and the upsert's insert fails on the unique index: refused.
      await this.#runs.findOneAndUpdate(
        { tenantId, handoffId, $or: [{ owner }, { until: { $lte: now } }] },
        { $set: { owner, until } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async renewRun(tenantId: TenantId, handoffId: HandoffId, owner: string, until: Date): Promise<boolean> {
    const result = await this.#runs.updateOne({ tenantId, handoffId, owner }, { $set: { until } });
    return result.matchedCount === 1;
  }

  async releaseRun(tenantId: TenantId, handoffId: HandoffId, owner: string): Promise<void> {
    await this.#runs.deleteOne({ tenantId, handoffId, owner });
  }

  async listEvents(tenantId: TenantId, handoffId: HandoffId): Promise<readonly HandoffEvent[]> {
    // ObjectIds grow with insertion (time, then a per-process counter): the tie-break among same-instant events.
    const docs = await this.#events.find({ tenantId, handoffId }).sort({ at: 1, _id: 1 }).toArray();
    return docs.map(({ _id: _ignored, ...doc }) => fromEventDoc(doc));
  }
}
