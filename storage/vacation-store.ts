/**
 * The VacationStore port's shared pieces (codec for the backup target and kinds, patching, the list limit) and its
 * in-memory adapter. SQLite: storage/sqlite-vacation-store.ts; MongoDB: storage/mongo-vacation-store.ts.
 * @module
 */
import { z } from 'zod';
import { HandoffId, type TenantId, toPortalUserId, toTenantId } from '../engine/ids.js';
import { EntityKindSchema } from '../engine/kinds.js';
import type { Clock } from '../engine/ports.js';
import type {
  NewVacation,
  Vacation,
  VacationBackup,
  VacationFilter,
  VacationPatch,
  VacationState,
  VacationStore,
} from '../engine/vacation-model.js';
import { TargetJson } from './handoff-codec.js';
import { systemClock } from './handoff-rules.js';

/** A stored backup: a handoff target as the handoff codec stores it, or a role. */
const BackupJson = z.discriminatedUnion('type', [
  ...TargetJson.options,
  z.object({ type: z.literal('role'), name: z.string().min(1) }),
]);

function encodeBackup(target: VacationBackup): string {
  return JSON.stringify(target);
}

/** Throws on a corrupt stored value (it never leaks through as a wrong target). */
function decodeBackup(text: string): VacationBackup {
  return BackupJson.parse(JSON.parse(text)) satisfies VacationBackup;
}

function decodeVacationKinds(text: string | null | undefined): Vacation['kinds'] {
  return text === null || text === undefined ? undefined : z.array(EntityKindSchema).parse(JSON.parse(text));
}

const toVacationHandoffId = (id: string) => HandoffId.parse(id);

/** A vacation as both database adapters keep it: a SQLite row of `vacations` and a Mongo document alike. */
export interface StoredVacation {
  tenantId: string;
  externalId: string;
  employeeId: number;
  backup: string;
  startAt: Date;
  endAt: Date;
  kinds: string | null;
  handoffId: string;
  handoffNo: number;
  state: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A new vacation as stored, created and updated `now`. */
export function encodeVacation(vacation: NewVacation, now: Date): StoredVacation {
  return {
    tenantId: vacation.tenantId,
    externalId: vacation.externalId,
    employeeId: vacation.employeeId,
    backup: encodeBackup(vacation.backup),
    startAt: vacation.startAt,
    endAt: vacation.endAt,
    kinds: vacation.kinds === undefined ? null : JSON.stringify(vacation.kinds),
    handoffId: vacation.handoffId,
    handoffNo: vacation.handoffNo,
    state: vacation.state,
    createdBy: vacation.createdBy,
    createdAt: now,
    updatedAt: now,
  };
}

/** A stored vacation read back; throws on a corrupt backup, kinds or handoff id (decodeBackup). */
export function decodeVacation(stored: StoredVacation): Vacation {
  const kinds = decodeVacationKinds(stored.kinds);
  return {
    tenantId: toTenantId(stored.tenantId),
    externalId: stored.externalId,
    employeeId: toPortalUserId(stored.employeeId),
    backup: decodeBackup(stored.backup),
    startAt: stored.startAt,
    endAt: stored.endAt,
    ...(kinds === undefined ? {} : { kinds }),
    handoffId: toVacationHandoffId(stored.handoffId),
    handoffNo: stored.handoffNo,
    state: stored.state as VacationState,
    createdBy: stored.createdBy,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

/** VacationFilter.limit: default 50, max 200. */
export function clampVacationLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 50;
  return Math.min(Math.max(Math.trunc(limit), 1), 200);
}

export function applyVacationPatch(vacation: Vacation, patch: VacationPatch, now: Date): Vacation {
  return {
    ...vacation,
    ...(patch.startAt === undefined ? {} : { startAt: patch.startAt }),
    ...(patch.endAt === undefined ? {} : { endAt: patch.endAt }),
    ...(patch.state === undefined ? {} : { state: patch.state }),
    updatedAt: now,
  };
}

/** Newest first, then by external id: the order every adapter lists in. */
export function compareVacations(a: Vacation, b: Vacation): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  return byTime !== 0 ? byTime : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}

export class MemoryVacationStore implements VacationStore {
  readonly #rows = new Map<string, Vacation>();
  readonly #clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  #key(tenantId: TenantId, externalId: string): string {
    return JSON.stringify([tenantId, externalId]);
  }

  async insertVacation(vacation: NewVacation): Promise<{ vacation: Vacation; created: boolean }> {
    const key = this.#key(vacation.tenantId, vacation.externalId);
    const existing = this.#rows.get(key);
    if (existing) return { vacation: structuredClone(existing), created: false };
    const now = this.#clock.now();
    const stored: Vacation = { ...structuredClone(vacation), createdAt: now, updatedAt: now };
    this.#rows.set(key, stored);
    return { vacation: structuredClone(stored), created: true };
  }

  async getVacation(tenantId: TenantId, externalId: string): Promise<Vacation | null> {
    const found = this.#rows.get(this.#key(tenantId, externalId));
    return found ? structuredClone(found) : null;
  }

  async findVacationByHandoff(tenantId: TenantId, handoffId: HandoffId): Promise<Vacation | null> {
    for (const v of this.#rows.values()) {
      if (v.tenantId === tenantId && v.handoffId === handoffId) return structuredClone(v);
    }
    return null;
  }

  async updateVacation(tenantId: TenantId, externalId: string, patch: VacationPatch): Promise<Vacation | null> {
    const key = this.#key(tenantId, externalId);
    const current = this.#rows.get(key);
    if (!current) return null;
    const next = applyVacationPatch(current, patch, this.#clock.now());
    this.#rows.set(key, next);
    return structuredClone(next);
  }

  async listVacations(tenantId: TenantId, filter: VacationFilter = {}): Promise<readonly Vacation[]> {
    return [...this.#rows.values()]
      .filter((v) => v.tenantId === tenantId && (filter.state === undefined || v.state === filter.state))
      .sort(compareVacations)
      .slice(0, clampVacationLimit(filter.limit))
      .map((v) => structuredClone(v));
  }
}
