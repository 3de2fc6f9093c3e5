/**
 * Names for the REST API's read-back: people and departments looked up in the tenant's portal (WorkSystem), so an
 * answer says "Chloe Fischer" and not only "3". A lookup never fails or stalls a read: errors, unknown ids and
 * lookups slower than the budget read as "no name", and the answer goes out without it.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import { toPortalUserId } from '../../engine/ids.js';
import type { Clock, Logger, PortalUser, WorkSystem, WorkSystemResolver } from '../../engine/ports.js';

/** A person's name as the portal knows it. */
export interface PersonName {
  readonly name: string;
  readonly email?: string;
}

/** Names known for one answer; lookups are synchronous so views stay pure functions. */
export interface NameBook {
  user(id: number): PersonName | undefined;
  department(id: number): string | undefined;
}

/** A book that knows nobody: views without names (and the shape of every fallback). */
export const NO_NAMES: NameBook = { user: () => undefined, department: () => undefined };

/** What one answer needs named. `memberDepartments` are departments whose members are wanted as well. */
export interface NameWants {
  readonly users: Ids;
  readonly departments: Ids;
  readonly memberDepartments?: Ids;
}

type Ids = readonly number[] | ReadonlySet<number>;

export interface PeopleDirectoryOptions {
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * How long a looked-up name is reused. Names change rarely, while a watching CLI reads a handoff every second
   * and each portal request counts against the portal's bucket (2/s drain, reference §5): without reuse, watching a
   * transfer would compete with it. Default 5 minutes.
   */
  readonly ttlMs?: number;
  /** How long a failed lookup reads as "no name" before it is tried again. Default 30 s. */
  readonly failureTtlMs?: number;
  /**
   * How long one answer waits for names. A portal busy with a transfer queues our lookups behind its batches; the
   * answer then goes out without the names, and the lookups finish in the background for the next read. Default 2 s.
   */
  readonly timeoutMs?: number;
  /** Cached entries across all tenants; the oldest go first. Default 10 000. */
  readonly maxEntries?: number;
}

export interface PeopleDirectory {
  /** Looks up what `wants` names (cached) and answers the names known within the time budget. Never throws. */
  names(tenantId: TenantId, wants: NameWants): Promise<NameBook>;
}

interface Entry<T> {
  expiresAt: number;
  readonly value: Promise<T | undefined>;
  /** Set once the lookup settled; `undefined` inside means "not known" (not found or failed). */
  settled?: { readonly value: T | undefined };
}

const DEFAULTS = { ttlMs: 5 * 60_000, failureTtlMs: 30_000, timeoutMs: 2_000, maxEntries: 10_000 };

function toPersonName(user: PortalUser): PersonName {
  return user.email === undefined || user.email === '' ? { name: user.name } : { name: user.name, email: user.email };
}

/**
 * @example const people = createPeopleDirectory({ workSystems, clock, logger });
 *          const book = await people.names(tenantId, { users: [2, 3], departments: [] }); book.user(3)?.name
 */
export function createPeopleDirectory(options: PeopleDirectoryOptions): PeopleDirectory {
  const settings = { ...DEFAULTS, ...options };
  const cache = new Map<string, Entry<unknown>>();
  const now = () => options.clock.now().getTime();

  function remember<T>(key: string, lookup: () => Promise<T | undefined>): Entry<T> {
    const found = cache.get(key) as Entry<T> | undefined;
    if (found !== undefined && (found.settled === undefined || found.expiresAt > now())) return found;
    if (found !== undefined) cache.delete(key);
    const entry: Entry<T> = {
      expiresAt: Number.POSITIVE_INFINITY,
      value: lookup().then(
        (value) => {
          entry.settled = { value };
          entry.expiresAt = now() + settings.ttlMs;
          return value;
        },
        (err: unknown) => {
          options.logger.warn({ err, key }, 'name lookup failed');
          entry.settled = { value: undefined };
          entry.expiresAt = now() + settings.failureTtlMs;
          return undefined;
        },
      ),
    };
    cache.set(key, entry as Entry<unknown>);
    // Map keeps insertion order: the first keys are the oldest entries.
    for (const oldest of cache.keys()) {
      if (cache.size <= settings.maxEntries) break;
      cache.delete(oldest);
    }
    return entry;
  }

  const userKey = (tenantId: TenantId, id: number) => `${tenantId}\u0000u\u0000${id}`;
  const departmentKey = (tenantId: TenantId, id: number) => `${tenantId}\u0000d\u0000${id}`;
  const membersKey = (tenantId: TenantId, id: number) => `${tenantId}\u0000m\u0000${id}`;

  async function lookUp(tenantId: TenantId, portal: () => Promise<WorkSystem>, wants: NameWants): Promise<void> {
    // Members first: one departmentMembers call names a whole department, where one getUser each would cost a
    // portal request per person.
    await Promise.all(
      [...new Set(wants.memberDepartments ?? [])].map(
        (id) =>
          remember(membersKey(tenantId, id), async () => {
            const members = await (await portal()).departmentMembers(id);
            await Promise.all(
              members.map(
                (user) => remember<PersonName>(userKey(tenantId, user.id), async () => toPersonName(user)).value,
              ),
            );
            return true;
          }).value,
      ),
    );
    await Promise.all([
      ...[...new Set(wants.users)].map(
        (id) =>
          remember<PersonName>(userKey(tenantId, id), async () => {
            const user = await (await portal()).getUser(toPortalUserId(id));
            return user === null ? undefined : toPersonName(user);
          }).value,
      ),
      ...[...new Set(wants.departments)].map(
        (id) =>
          remember<string>(departmentKey(tenantId, id), async () => {
            const department = await (await portal()).getDepartment(id);
            return department?.name;
          }).value,
      ),
    ]);
  }

  /** The names known now, taken at once: later lookups and evictions do not change an answer being written. */
  function snapshot(tenantId: TenantId, wants: NameWants): NameBook {
    const read = <T>(key: string): T | undefined => (cache.get(key) as Entry<T> | undefined)?.settled?.value;
    const users = new Map<number, PersonName | undefined>();
    const departments = new Map<number, string | undefined>();
    for (const id of wants.users) users.set(id, read<PersonName>(userKey(tenantId, id)));
    for (const id of wants.departments) departments.set(id, read<string>(departmentKey(tenantId, id)));
    return { user: (id) => users.get(id), department: (id) => departments.get(id) };
  }

  return {
    async names(tenantId, wants) {
      let resolved: Promise<WorkSystem> | undefined;
      // One resolver call per answer, and only when something is not cached yet.
      const portal = () => {
        resolved ??= options.workSystems(tenantId);
        return resolved;
      };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const budget = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, settings.timeoutMs);
        timer.unref?.();
      });
      try {
        await Promise.race([lookUp(tenantId, portal, wants).catch(() => undefined), budget]);
      } finally {
        clearTimeout(timer);
      }
      return snapshot(tenantId, wants);
    },
  };
}
