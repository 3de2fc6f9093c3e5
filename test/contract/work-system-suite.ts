/**
 * The WorkSystem contract (engine/ports.ts, member by member), runnable against any adapter that can also hand the
 * test a `WorkSystemWorld`: a back door to the same portal for arranging data and checking effects.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHandoffError } from '../../engine/errors.js';
import { type PortalUserId, toPortalUserId } from '../../engine/ids.js';
import { type EntityKind, STATIC_KINDS } from '../../engine/kinds.js';
import { countKeyOf, type WorkItem, type WorkSystem } from '../../engine/ports.js';

export interface WorldUser {
  readonly id: number;
  readonly email: string;
  readonly active: boolean;
  readonly departmentIds: readonly number[];
}

export interface WorldDepartment {
  readonly id: number;
  readonly name: string;
  readonly parentId?: number;
  readonly headId?: number;
}

/** The portal behind the adapter, seen directly. */
export interface WorkSystemWorld {
  /** Item ids of an owner, ascending; `open` undefined means all. */
  itemIdsOf(kind: EntityKind, ownerId: number, open?: boolean): number[];
  ownerOf(kind: EntityKind, id: number): number | undefined;
  addItem(kind: EntityKind, ownerId: number, open?: boolean): number;
  deleteItem(kind: EntityKind, id: number): void;
  /** Updates of this item are refused (ACCESS_DENIED). */
  denyItem(kind: EntityKind, id: number): void;
  users(): readonly WorldUser[];
  departments(): readonly WorldDepartment[];
  addUser(user: { departmentIds: number[]; email?: string; active?: boolean }): WorldUser;
  deactivateUser(id: number): void;
}

export interface WorkSystemSuiteOptions {
  readonly name: string;
  /** A fresh portal per test: kinds include at least one smart process; users 1–3 are active. */
  create(): Promise<{ system: WorkSystem; world: WorkSystemWorld }>;
  cleanup(): Promise<void>;
  readonly skip?: boolean;
}

async function collect(pages: AsyncIterable<readonly WorkItem[]>): Promise<WorkItem[]> {
  const items: WorkItem[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

export function workSystemContractSuite(options: WorkSystemSuiteOptions): void {
  describe.skipIf(options.skip)(`WorkSystem contract: ${options.name}`, () => {
    let system: WorkSystem;
    let world: WorkSystemWorld;
    const owner: PortalUserId = toPortalUserId(2);
    const other: PortalUserId = toPortalUserId(3);

    beforeEach(async () => {
      ({ system, world } = await options.create());
    });
    afterEach(async () => {
      await options.cleanup();
    });

    describe('listKinds', () => {
      it('offers the static kinds in order, then one spa:<id> per smart process, stably', async () => {
        const kinds = await system.listKinds();

        expect(kinds.slice(0, STATIC_KINDS.length).map((k) => k.kind)).toEqual([...STATIC_KINDS]);
        const spas = kinds.slice(STATIC_KINDS.length);
        expect(spas.length).toBeGreaterThan(0);
        expect(spas.every((k) => /^spa:\d+$/.test(k.kind) && k.label.length > 0)).toBe(true);
        expect(await system.listKinds()).toEqual(kinds);
      });
    });

    describe('countItems and listItems', () => {
      it('count and list every kind per scope, matching the portal', async () => {
        for (const { kind } of await system.listKinds()) {
          const open = world.itemIdsOf(kind, owner, true);
          const all = world.itemIdsOf(kind, owner);

          expect({ kind, count: await system.countItems(kind, owner, 'open') }).toEqual({ kind, count: open.length });
          expect({ kind, count: await system.countItems(kind, owner, 'all') }).toEqual({ kind, count: all.length });
          const listed = await collect(system.listItems(kind, owner, 'open'));
          expect({ kind, ids: listed.map((i) => i.itemId) }).toEqual({ kind, ids: open });
          expect(listed.every((i) => i.ownerId === owner && i.title.trim().length > 0)).toBe(true);
        }
      });

      it('lists many pages in ascending id order, each item once', async () => {
        for (let i = 0; i < 130; i++) world.addItem('deals', owner, true);
        const expected = world.itemIdsOf('deals', owner, true);

        const listed = (await collect(system.listItems('deals', owner, 'open'))).map((i) => i.itemId);

        expect(listed).toEqual(expected);
        expect(expected.length).toBeGreaterThan(130);
      });

      it('may be abandoned early', async () => {
        for (let i = 0; i < 120; i++) world.addItem('tasks', owner, true);

        let pages = 0;
        for await (const page of system.listItems('tasks', owner, 'open')) {
          pages += 1;
          expect(page.length).toBeGreaterThan(0);
          break;
        }

        expect(pages).toBe(1);
      });

      it('names an unknown kind in a HandoffError', async () => {
        const error = await system.countItems('spa:999' as EntityKind, owner, 'open').catch((e: unknown) => e);

        expect(isHandoffError(error) && error.code === 'unknown_kind').toBe(true);
        expect((error as Error).message).toContain('spa:999');
        const bogus = await system.countItems('widgets' as EntityKind, owner, 'open').catch((e: unknown) => e);
        expect((bogus as Error).message).toContain('widgets');
      });
    });

    describe('readOwners', () => {
      it('maps every id to its owner, and a deleted item to null, for any number of ids', async () => {
        const ids = Array.from({ length: 120 }, () => world.addItem('contacts', owner));
        const deleted = world.addItem('contacts', other);
        world.deleteItem('contacts', deleted);

        const owners = await system.readOwners('contacts', [...ids, deleted]);

        expect(owners.size).toBe(121);
        expect(ids.every((id) => owners.get(id) === owner)).toBe(true);
        expect(owners.get(deleted)).toBeNull();
      });

      it('answers an empty map for no ids', async () => {
        expect((await system.readOwners('tasks', [])).size).toBe(0);
      });
    });

    describe('setOwners', () => {
      it('changes owners, one result per change in order; failures are results', async () => {
        const [a, b, c, d] = [0, 1, 2, 3].map(() => world.addItem('leads', owner, true)) as [
          number,
          number,
          number,
          number,
        ];
        world.deleteItem('leads', c);
        world.denyItem('leads', d);

        const results = await system.setOwners('leads', [
          { itemId: a, ownerId: other },
          { itemId: c, ownerId: other },
          { itemId: b, ownerId: other },
          { itemId: d, ownerId: other },
        ]);

        expect(results.map((r) => r.itemId)).toEqual([a, c, b, d]);
        expect(results[0]).toEqual({ itemId: a, ok: true });
        expect(results[1]).toMatchObject({ itemId: c, ok: false, gone: true });
        expect(results[2]).toEqual({ itemId: b, ok: true });
        expect(results[3]).toMatchObject({ itemId: d, ok: false, gone: false, code: 'ACCESS_DENIED' });
        expect([world.ownerOf('leads', a), world.ownerOf('leads', b), world.ownerOf('leads', d)]).toEqual([
          other,
          other,
          owner,
        ]);
      });

      it('is idempotent and takes more changes than one batch holds', async () => {
        const ids = Array.from({ length: system.maxBatchSize + 25 }, () => world.addItem('tasks', owner, true));
        const changes = ids.map((itemId) => ({ itemId, ownerId: other }));

        const first = await system.setOwners('tasks', changes);
        const again = await system.setOwners('tasks', changes);

        expect(first.every((r) => r.ok)).toBe(true);
        expect(again.every((r) => r.ok)).toBe(true);
        expect(ids.every((id) => world.ownerOf('tasks', id) === other)).toBe(true);
      });

      it('works for every kind', async () => {
        for (const { kind } of await system.listKinds()) {
          const id = world.addItem(kind, owner, true);

          const [result] = await system.setOwners(kind, [{ itemId: id, ownerId: other }]);

          expect({ kind, result }).toEqual({ kind, result: { itemId: id, ok: true } });
          expect({ kind, owner: world.ownerOf(kind, id) }).toEqual({ kind, owner: other });
        }
      });
    });

    describe('directory', () => {
      it('getUser reads a user, null when unknown', async () => {
        const known = world.users().find((u) => u.id === 2);

        const user = await system.getUser(owner);

        expect(user).toMatchObject({ id: 2, email: known?.email, active: true, departmentIds: known?.departmentIds });
        expect(user?.name.length).toBeGreaterThan(0);
        expect(typeof user?.isAdmin).toBe('boolean');
        expect(await system.getUser(toPortalUserId(9999))).toBeNull();
      });

      it('findUserByEmail ignores case; null when nobody has it', async () => {
        const known = world.users().find((u) => u.id === 3);

        expect((await system.findUserByEmail(known?.email.toUpperCase() ?? ''))?.id).toBe(3);
        expect(await system.findUserByEmail('nobody@nowhere.example')).toBeNull();
      });

      it('getDepartment and findDepartments (contains, case-insensitive)', async () => {
        const dept = world.departments().find((d) => d.parentId !== undefined) as WorldDepartment;

        expect(await system.getDepartment(dept.id)).toMatchObject({
          id: dept.id,
          name: dept.name,
          parentId: dept.parentId,
        });
        expect(await system.getDepartment(9999)).toBeNull();
        const found = await system.findDepartments(dept.name.slice(1, 4).toUpperCase());
        expect(found.map((d) => d.id)).toContain(dept.id);
        expect(await system.findDepartments('no such department at all')).toEqual([]);
      });

      it('headsOf: the head of each department, walking up when the user heads it or it has none', async () => {
        const depts = world.departments();
        const headed = depts.filter((d) => d.headId !== undefined && d.parentId !== undefined);
        const [first, second] = headed as [WorldDepartment, WorldDepartment];
        const user = world.addUser({ departmentIds: [first.id, second.id] });
        const headOfFirst = first.headId as number;
        const parentHead = depts.find((d) => d.id === first.parentId)?.headId;

        const heads = await system.headsOf(toPortalUserId(user.id));
        const ownHeads = await system.headsOf(toPortalUserId(headOfFirst));

        expect(heads.map((h) => [h.departmentId, h.user.id])).toEqual([
          [first.id, headOfFirst],
          [second.id, second.headId],
        ]);
        expect(heads[0]?.departmentName).toBe(first.name);
        expect(ownHeads.map((h) => h.user.id)).toContain(parentHead);
        expect(ownHeads.map((h) => h.user.id)).not.toContain(headOfFirst);
      });

      it('headsOf skips inactive heads and walks further up; deduplicates', async () => {
        const depts = world.departments();
        const child = depts.find((d) => d.headId !== undefined && d.parentId !== undefined) as WorldDepartment;
        const parentHead = depts.find((d) => d.id === child.parentId)?.headId as number;
        const user = world.addUser({ departmentIds: [child.id, child.parentId as number] });
        world.deactivateUser(child.headId as number);

        const heads = await system.headsOf(toPortalUserId(user.id));

        expect(heads.map((h) => h.user.id)).toEqual([parentHead]);
        expect(heads.every((h) => h.user.active)).toBe(true);
      });

      it('departmentMembers: active members of the department itself', async () => {
        const dept = world.departments().find((d) => d.parentId !== undefined) as WorldDepartment;
        const joined = world.addUser({ departmentIds: [dept.id] });
        const gone = world.addUser({ departmentIds: [dept.id], active: false });
        const expected = world
          .users()
          .filter((u) => u.active && u.departmentIds.includes(dept.id))
          .map((u) => u.id)
          .sort((a, b) => a - b);

        const members = await system.departmentMembers(dept.id);

        expect(members.map((m) => m.id).sort((a, b) => a - b)).toEqual(expected);
        expect(members.map((m) => m.id)).toContain(joined.id);
        expect(members.map((m) => m.id)).not.toContain(gone.id);
      });

      it('listUsers: every employee, deactivated too, by ascending id', async () => {
        const gone = world.addUser({ departmentIds: [], active: false });
        const expected = world
          .users()
          .map((u) => u.id)
          .sort((a, b) => a - b);

        const users = await system.listUsers();

        expect(users.map((u) => u.id)).toEqual(expected);
        expect(users.find((u) => u.id === gone.id)?.active).toBe(false);
        expect(users.find((u) => u.id === 2)).toEqual(await system.getUser(owner));
      });

      it('readFacts: at once, the same answers as the single calls (asked first, before anything is cached)', async () => {
        const dept = world.departments().find((d) => d.parentId !== undefined) as WorldDepartment;
        const gone = world.addUser({ departmentIds: [dept.id], active: false });
        world.addItem('deals', owner, true);
        world.addItem('deals', owner, false);
        const counts = [
          { kind: 'deals' as EntityKind, ownerId: owner, scope: 'open' as const },
          { kind: 'deals' as EntityKind, ownerId: owner, scope: 'all' as const },
          { kind: 'tasks' as EntityKind, ownerId: other, scope: 'open' as const },
          { kind: 'spa:9999' as EntityKind, ownerId: owner, scope: 'open' as const },
        ];
        const users = [owner, other, toPortalUserId(gone.id), toPortalUserId(9999)];

        // The system is fresh (beforeEach): nothing is cached, so this is the one-go path.
        const facts = await system.readFacts({
          kinds: true,
          users,
          departments: true,
          members: [dept.id, 9999],
          counts,
        });
        const spa = facts.kinds?.find((k) => k.kind.startsWith('spa:'))?.kind as EntityKind;
        const spaCount = { kind: spa, ownerId: owner, scope: 'open' as const };
        const later = await system.readFacts({ counts: [spaCount] });

        expect(facts.kinds).toEqual(await system.listKinds());
        for (const id of users) expect(facts.users.get(id)).toEqual(await system.getUser(id));
        expect(facts.users.get(toPortalUserId(gone.id))?.active).toBe(false);
        expect(facts.users.get(toPortalUserId(9999))).toBeNull();
        expect(facts.departments).toEqual(await system.listDepartments());
        expect(facts.members.get(dept.id)).toEqual(await system.departmentMembers(dept.id));
        expect(facts.members.get(dept.id)?.map((m) => m.id)).not.toContain(gone.id);
        expect(facts.members.get(9999)).toEqual([]);
        for (const key of counts.slice(0, 3))
          expect(facts.counts.get(countKeyOf(key))).toBe(await system.countItems(key.kind, key.ownerId, key.scope));
        expect(later.counts.get(countKeyOf(spaCount))).toBe(await system.countItems(spa, owner, 'open'));
        expect(facts.counts.get(countKeyOf({ kind: 'deals', ownerId: owner, scope: 'all' }))).toBe(
          world.itemIdsOf('deals', owner).length,
        );
        expect(facts.counts.has(countKeyOf(counts[3] as (typeof counts)[number]))).toBe(false);
      });

      it('readFacts answers only what was asked', async () => {
        const facts = await system.readFacts({ users: [owner] });

        expect(facts.kinds).toBeUndefined();
        expect(facts.departments).toBeUndefined();
        expect([...facts.users.keys()]).toEqual([owner]);
        expect(facts.members.size).toBe(0);
        expect(facts.counts.size).toBe(0);
      });

      it('listDepartments: every department, by ascending id', async () => {
        const expected = world
          .departments()
          .map((d) => d.id)
          .sort((a, b) => a - b);

        const departments = await system.listDepartments();

        expect(departments.map((d) => d.id)).toEqual(expected);
        for (const d of departments) expect(d).toEqual(await system.getDepartment(d.id));
      });
    });
  });
}
