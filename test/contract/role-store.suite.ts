/**
 * Contract suite for RoleStore (engine/roles.ts), run against the memory, SQLite and Mongo adapters: set replaces,
 * list is by name, delete reports whether there was one, every holder type round-trips, tenants never see each other.
 * @module
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../engine/ids.js';
import type { Role, RoleHolder, RoleStore } from '../../engine/roles.js';
import { T1, T2 } from './handoff-store.fixtures.js';

export interface RoleStoreSuiteOptions {
  readonly name: string;
  readonly create: () => Promise<RoleStore>;
  readonly cleanup?: () => Promise<void>;
  readonly skip?: boolean;
}

const AT = new Date('2026-12-01T10:00:00.000Z');

function role(name: string, holder: RoleHolder, updatedBy = 'cli'): Role {
  return { name, holder, updatedAt: AT, updatedBy };
}

export function roleStoreContractSuite(options: RoleStoreSuiteOptions): void {
  describe.skipIf(options.skip === true)(`RoleStore contract: ${options.name}`, () => {
    let store: RoleStore;

    beforeEach(async () => {
      store = await options.create();
      return options.cleanup;
    });

    it('keeps every holder type and reads it back', async () => {
      const holders: RoleHolder[] = [
        { type: 'user', userId: toPortalUserId(12) },
        { type: 'department', departmentId: 7 },
        { type: 'department_head', departmentId: 3 },
      ];

      for (const [n, holder] of holders.entries()) await store.setRole(T1, role(`r${n}`, holder));

      expect(await store.getRole(T1, 'r0')).toEqual(role('r0', holders[0] as RoleHolder));
      expect((await store.getRole(T1, 'r1'))?.holder).toEqual(holders[1]);
      expect((await store.getRole(T1, 'r2'))?.holder).toEqual(holders[2]);
    });

    it('replaces a role set again, and lists by name', async () => {
      await store.setRole(T1, role('paralegal', { type: 'user', userId: toPortalUserId(5) }));
      await store.setRole(T1, role('attorney', { type: 'department_head', departmentId: 2 }));

      await store.setRole(T1, role('paralegal', { type: 'department', departmentId: 4 }, 'api-key:hr'));

      const listed = await store.listRoles(T1);
      expect(listed.map((r) => r.name)).toEqual(['attorney', 'paralegal']);
      expect(listed[1]).toEqual(role('paralegal', { type: 'department', departmentId: 4 }, 'api-key:hr'));
    });

    it('answers null for an unknown role and deletes once', async () => {
      await store.setRole(T1, role('paralegal', { type: 'user', userId: toPortalUserId(5) }));

      const first = await store.deleteRole(T1, 'paralegal');
      const second = await store.deleteRole(T1, 'paralegal');

      expect([first, second]).toEqual([true, false]);
      expect(await store.getRole(T1, 'paralegal')).toBeNull();
      expect(await store.listRoles(T1)).toEqual([]);
    });

    it('never shows one tenant’s roles to another', async () => {
      await store.setRole(T1, role('paralegal', { type: 'user', userId: toPortalUserId(5) }));

      await store.setRole(T2, role('paralegal', { type: 'user', userId: toPortalUserId(9) }));
      const deleted = await store.deleteRole(T2, 'attorney');

      expect(deleted).toBe(false);
      expect((await store.getRole(T1, 'paralegal'))?.holder).toEqual({ type: 'user', userId: 5 });
      expect((await store.getRole(T2, 'paralegal'))?.holder).toEqual({ type: 'user', userId: 9 });
      expect(await store.listRoles(T1)).toHaveLength(1);
    });
  });
}
