/**
 * People and departments of a portal (reference §8): users, departments, heads (walking up the tree), members.
 * The admin flag: user.get does not expose it, and `profile` answers it only for the caller, so a user is an
 * admin here when they are the webhook's (or token's) own user and `profile.ADMIN` is true; everyone else reads
 * as not an admin.
 * @module
 */
import { type PortalUserId, toPortalUserId } from '../engine/ids.js';
import type { Department, Head, PortalUser } from '../engine/ports.js';
import type { Bitrix24Client } from './client.js';
import { listAllByOffset } from './listing.js';
import { DepartmentRow, ProfileAnswer, parseRows, UserRow } from './schemas.js';

export interface DirectoryDeps {
  readonly now: () => number;
  /** How long the department tree and the caller's profile are reused. Default 60 s. */
  readonly cacheTtlMs?: number;
}

export class Bitrix24Directory {
  private departmentsCache: { at: number; value: Promise<ReadonlyMap<number, Department>> } | undefined;
  private profileCache: { at: number; value: Promise<ProfileAnswer | null> } | undefined;
  /**
   * Users by id, reused for the same lifetime as the department tree: a plan's check, its start job and the names of
   * its read-back ask for the same few people within seconds, and each lookup is a portal request (reference §5).
   */
  private readonly userCache = new Map<number, { at: number; value: Promise<PortalUser | null> }>();

  constructor(
    private readonly client: Bitrix24Client,
    private readonly deps: DirectoryDeps,
  ) {}

  getUser(id: PortalUserId): Promise<PortalUser | null> {
    const ttl = this.deps.cacheTtlMs ?? 60_000;
    const cached = this.userCache.get(id);
    if (cached && this.deps.now() - cached.at <= ttl) return cached.value;
    const value = this.queryUsers({ ID: id }).then((users) => users.find((user) => user.id === id) ?? null);
    this.userCache.set(id, { at: this.deps.now(), value });
    value.catch(() => this.userCache.delete(id));
    if (this.userCache.size > 10_000) {
      const oldest = this.userCache.keys().next().value;
      if (oldest !== undefined) this.userCache.delete(oldest);
    }
    return value;
  }

  /** Case-insensitive; an active user wins over an inactive one with the same address. */
  async findUserByEmail(email: string): Promise<PortalUser | null> {
    const wanted = email.trim().toLowerCase();
    if (wanted === '') return null;
    // Portals compare e-mails case-insensitively (MySQL collation), but a strict server may not: try as typed,
    // then in lower case.
    for (const candidate of new Set([email.trim(), wanted])) {
      const users = (await this.queryUsers({ EMAIL: candidate })).filter((u) => u.email?.toLowerCase() === wanted);
      const found = users.find((u) => u.active) ?? users[0];
      if (found) return found;
    }
    return null;
  }

  async getDepartment(id: number): Promise<Department | null> {
    return (await this.departments()).get(id) ?? null;
  }

  /** Departments whose name contains `name`, case-insensitive, matched here (department.get NAME is exact-ish). */
  async findDepartments(name: string): Promise<readonly Department[]> {
    const wanted = name.trim().toLowerCase();
    if (wanted === '') return [];
    return [...(await this.departments()).values()].filter((d) => d.name.toLowerCase().includes(wanted));
  }

  /**
   * One head per department the user sits in: its head, or, when it has none, the user heads it, or the head is
   * no longer active, the nearest such head up the tree (reference §8). Deduplicated by person, active only;
   * `departmentId` is the user's own department the head was found through.
   */
  async headsOf(userId: PortalUserId): Promise<readonly Head[]> {
    const user = await this.getUser(userId);
    if (!user) return [];
    const tree = await this.departments();
    const people = new Map<number, Promise<PortalUser | null>>();
    const person = (id: PortalUserId) => {
      let found = people.get(id);
      if (!found) {
        found = this.getUser(id);
        people.set(id, found);
      }
      return found;
    };
    const heads: Head[] = [];
    for (const departmentId of user.departmentIds) {
      const own = tree.get(departmentId);
      const seen = new Set<number>();
      for (let dept = own; dept && !seen.has(dept.id); dept = dept.parentId ? tree.get(dept.parentId) : undefined) {
        seen.add(dept.id);
        if (!dept.headId || dept.headId === userId) continue;
        const head = await person(dept.headId);
        if (!head?.active) continue;
        if (!heads.some((h) => h.user.id === head.id))
          heads.push({ departmentId, departmentName: own?.name ?? dept.name, user: head });
        break;
      }
    }
    return heads;
  }

  /** Active employees of the department itself (UF_DEPARTMENT holds it), not of its sub-departments. */
  async departmentMembers(departmentId: number): Promise<readonly PortalUser[]> {
    const users = await this.queryUsers({ UF_DEPARTMENT: departmentId, ACTIVE: true });
    return users.filter((u) => u.active && u.departmentIds.includes(departmentId)).sort((a, b) => a.id - b.id);
  }

  /** Every employee, active or not, by ascending id (user.get pages of 50 chained in batches). */
  async listUsers(): Promise<readonly PortalUser[]> {
    return (await this.queryUsers({})).sort((a, b) => a.id - b.id);
  }

  async listDepartments(): Promise<readonly Department[]> {
    return [...(await this.departments()).values()].sort((a, b) => a.id - b.id);
  }

  // ----- facts read elsewhere (bitrix24/facts.ts reads them in one batch and keeps them here) -------------------

  /** The cached user, when read within the lifetime. */
  cachedUser(id: PortalUserId): Promise<PortalUser | null> | undefined {
    const cached = this.userCache.get(id);
    return cached && this.deps.now() - cached.at <= (this.deps.cacheTtlMs ?? 60_000) ? cached.value : undefined;
  }

  profileFresh(): boolean {
    return (
      this.profileCache !== undefined && this.deps.now() - this.profileCache.at <= (this.deps.cacheTtlMs ?? 60_000)
    );
  }

  departmentsFresh(): boolean {
    return (
      this.departmentsCache !== undefined &&
      this.deps.now() - this.departmentsCache.at <= (this.deps.cacheTtlMs ?? 60_000)
    );
  }

  /** A `profile` answer read elsewhere. */
  seedProfile(result: unknown): void {
    const parsed = ProfileAnswer.safeParse(result);
    this.profileCache = { at: this.deps.now(), value: Promise.resolve(parsed.success ? parsed.data : null) };
  }

  /** Every department.get row, read elsewhere. */
  seedDepartments(rows: readonly unknown[]): void {
    const tree = new Map(parseRows(DepartmentRow, [...rows]).map((row) => [row.ID, toDepartment(row)] as const));
    this.departmentsCache = { at: this.deps.now(), value: Promise.resolve(tree) };
  }

  /** The answer of `user.get` filtered by ID `id`, read elsewhere: kept as getUser would (null when not there). */
  async seedUser(id: PortalUserId, rows: readonly unknown[]): Promise<void> {
    const user = (await this.usersOf(rows)).find((u) => u.id === id) ?? null;
    this.userCache.set(id, { at: this.deps.now(), value: Promise.resolve(user) });
  }

  /** Active members of `departmentId` among user.get rows filtered by UF_DEPARTMENT (every row of it), as departmentMembers. */
  async membersOf(departmentId: number, rows: readonly unknown[]): Promise<readonly PortalUser[]> {
    return (await this.usersOf(rows))
      .filter((u) => u.active && u.departmentIds.includes(departmentId))
      .sort((a, b) => a.id - b.id);
  }

  private async usersOf(rows: readonly unknown[]): Promise<PortalUser[]> {
    const profile = await this.profile();
    return parseRows(UserRow, [...rows])
      .filter((row) => row.USER_TYPE === '' || row.USER_TYPE === 'employee')
      .map((row) => toPortalUser(row, profile));
  }

  private async queryUsers(filter: Readonly<Record<string, unknown>>): Promise<PortalUser[]> {
    const [rows, profile] = await Promise.all([
      listAllByOffset(this.client, 'user.get', { FILTER: filter }),
      this.profile(),
    ]);
    return parseRows(UserRow, rows)
      .filter((row) => row.USER_TYPE === '' || row.USER_TYPE === 'employee')
      .map((row) => toPortalUser(row, profile));
  }

  private profile(): Promise<ProfileAnswer | null> {
    const ttl = this.deps.cacheTtlMs ?? 60_000;
    if (!this.profileCache || this.deps.now() - this.profileCache.at > ttl) {
      const value = this.client.call('profile').then((envelope) => {
        const parsed = ProfileAnswer.safeParse(envelope.result);
        return parsed.success ? parsed.data : null;
      });
      this.profileCache = { at: this.deps.now(), value };
      value.catch(() => {
        this.profileCache = undefined;
      });
    }
    return this.profileCache.value;
  }

  private departments(): Promise<ReadonlyMap<number, Department>> {
    const ttl = this.deps.cacheTtlMs ?? 60_000;
    if (!this.departmentsCache || this.deps.now() - this.departmentsCache.at > ttl) {
      const value = listAllByOffset(this.client, 'department.get', {}).then(
        (rows) => new Map(parseRows(DepartmentRow, rows).map((row) => [row.ID, toDepartment(row)] as const)),
      );
      this.departmentsCache = { at: this.deps.now(), value };
      value.catch(() => {
        this.departmentsCache = undefined;
      });
    }
    return this.departmentsCache.value;
  }
}

function toPortalUser(row: UserRow, profile: ProfileAnswer | null): PortalUser {
  const name = `${row.NAME} ${row.LAST_NAME}`.replace(/\s+/g, ' ').trim();
  return {
    id: toPortalUserId(row.ID),
    name: name === '' ? row.EMAIL || `User ${row.ID}` : name,
    ...(row.EMAIL ? { email: row.EMAIL } : {}),
    active: row.ACTIVE,
    departmentIds: row.UF_DEPARTMENT,
    isAdmin: profile !== null && profile.ID === row.ID && profile.ADMIN,
    ...(row.TIME_ZONE ? { timeZone: row.TIME_ZONE } : {}),
  };
}

function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.ID,
    name: row.NAME,
    ...(row.PARENT !== undefined ? { parentId: row.PARENT } : {}),
    ...(row.UF_HEAD !== undefined ? { headId: toPortalUserId(row.UF_HEAD) } : {}),
  };
}
