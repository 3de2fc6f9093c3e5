/**
 * HR people (issue 12): per tenant, who may hand off anyone's work besides portal admins and heads — named by portal
 * user (`portal:12`) or by Slack user (`slack:U0123ABCD`). The port, the person key, and the in-memory adapter;
 * SQLite: storage/sqlite-hr-people-store.ts; MongoDB: storage/mongo-hr-people-store.ts.
 * @module
 */
import type { PortalUserId, TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import { systemClock } from './handoff-rules.js';

/** An HR person: a portal user, or a Slack user (who may not be matched to a portal user yet). */
export type HrPersonRef =
  | { readonly kind: 'portal'; readonly userId: PortalUserId }
  | { readonly kind: 'slack'; readonly userId: string };

export interface HrPerson {
  readonly person: HrPersonRef;
  /** Who added them, for the audit (e.g. `api-key:hr`, `slack:U1 (Maria)`). */
  readonly addedBy: string;
  readonly addedAt: Date;
}

export interface HrPeopleStore {
  /** Everyone of the tenant, portal users first (by id), then Slack users. */
  listHrPeople(tenantId: TenantId): Promise<readonly HrPerson[]>;
  /** Adds a person; idempotent (false when already there, and the first addition is kept). */
  addHrPerson(tenantId: TenantId, person: HrPersonRef, addedBy: string): Promise<boolean>;
  /** Removes a person; false when they were not there. */
  removeHrPerson(tenantId: TenantId, person: HrPersonRef): Promise<boolean>;
  /** Whether any of these refs (the same speaker seen as portal and Slack user) is an HR person of the tenant. */
  isHrPerson(tenantId: TenantId, refs: readonly HrPersonRef[]): Promise<boolean>;
}

/** The stored key: `portal:12` or `slack:U0123ABCD`. */
export function toHrKey(person: HrPersonRef): string {
  return `${person.kind}:${person.userId}`;
}

/**
 * Reads a stored or typed key; null when it is not one.
 * @example parseHrKey('portal:12') // { kind: 'portal', userId: 12 }
 */
export function parseHrKey(text: string): HrPersonRef | null {
  const portal = /^portal:(\d{1,12})$/.exec(text);
  if (portal?.[1] && Number(portal[1]) > 0) return { kind: 'portal', userId: Number(portal[1]) as PortalUserId };
  const slack = /^slack:([UW][A-Z0-9]{2,})$/.exec(text);
  if (slack?.[1]) return { kind: 'slack', userId: slack[1] };
  return null;
}

/** The listing order every adapter keeps. */
export function compareHrPeople(a: HrPerson, b: HrPerson): number {
  if (a.person.kind !== b.person.kind) return a.person.kind === 'portal' ? -1 : 1;
  if (a.person.kind === 'portal' && b.person.kind === 'portal') return a.person.userId - b.person.userId;
  return toHrKey(a.person) < toHrKey(b.person) ? -1 : 1;
}

/** Stored rows (SQLite) or documents (Mongo) as the list every adapter returns: unreadable keys left out, sorted. */
export function decodeHrPeople(
  stored: readonly { readonly person: string; readonly addedBy: string; readonly addedAt: Date }[],
): HrPerson[] {
  const people: HrPerson[] = [];
  for (const { person: key, addedBy, addedAt } of stored) {
    const person = parseHrKey(key);
    if (person) people.push({ person, addedBy, addedAt });
  }
  return people.sort(compareHrPeople);
}

export class MemoryHrPeopleStore implements HrPeopleStore {
  readonly #people = new Map<TenantId, Map<string, HrPerson>>();
  readonly #clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async listHrPeople(tenantId: TenantId): Promise<readonly HrPerson[]> {
    return [...(this.#people.get(tenantId)?.values() ?? [])].sort(compareHrPeople);
  }

  async addHrPerson(tenantId: TenantId, person: HrPersonRef, addedBy: string): Promise<boolean> {
    const people = this.#people.get(tenantId) ?? new Map<string, HrPerson>();
    this.#people.set(tenantId, people);
    const key = toHrKey(person);
    if (people.has(key)) return false;
    people.set(key, { person: { ...person }, addedBy, addedAt: this.#clock.now() });
    return true;
  }

  async removeHrPerson(tenantId: TenantId, person: HrPersonRef): Promise<boolean> {
    return this.#people.get(tenantId)?.delete(toHrKey(person)) ?? false;
  }

  async isHrPerson(tenantId: TenantId, refs: readonly HrPersonRef[]): Promise<boolean> {
    const people = this.#people.get(tenantId);
    return people !== undefined && refs.some((r) => people.has(toHrKey(r)));
  }
}
