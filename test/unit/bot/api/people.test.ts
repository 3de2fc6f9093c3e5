import { describe, expect, it, vi } from 'vitest';
import { createPeopleDirectory } from '../../../../bot/api/people.js';
import { PortalError } from '../../../../engine/errors.js';
import { toTenantId } from '../../../../engine/ids.js';
import type { Logger } from '../../../../engine/ports.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { MemoryWorkSystem } from '../../../fakes/memory-work-system.js';

const TENANT = toTenantId('t1');
const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

function setUp(options: { maxEntries?: number } = {}) {
  const clock = new FakeClock('2026-11-23T10:00:00Z');
  const portal = new MemoryWorkSystem();
  portal.addDepartment(7, 'Support');
  portal.addUser(2, { name: 'Boris Adams', email: 'boris@acme.com' });
  portal.addUser(3, { name: 'Chloe Fischer', email: 'chloe@acme.com', departmentIds: [7] });
  portal.addUser(4, { name: 'Dan Ode', departmentIds: [7] });
  const getUser = vi.spyOn(portal, 'getUser');
  const members = vi.spyOn(portal, 'departmentMembers');
  const resolver = vi.fn(async () => portal);
  const people = createPeopleDirectory({ workSystems: resolver, clock, logger: silent, ...options });
  return { clock, portal, getUser, members, resolver, people };
}

describe('createPeopleDirectory', () => {
  it('names users and departments, each id looked up once, and unknown ids read as no name', async () => {
    const { people, getUser, resolver } = setUp();

    const book = await people.names(TENANT, { users: [2, 3, 2, 99], departments: [7, 8] });

    expect(book.user(2)).toEqual({ name: 'Boris Adams', email: 'boris@acme.com' });
    expect(book.user(3)?.name).toBe('Chloe Fischer');
    expect(book.user(99)).toBeUndefined();
    expect([book.department(7), book.department(8)]).toEqual(['Support', undefined]);
    expect(getUser.mock.calls.map(([id]) => id)).toEqual([2, 3, 99]);
    expect(resolver).toHaveBeenCalledTimes(1);
  });

  it("names a department's members with one departmentMembers call, not one getUser each", async () => {
    const { people, getUser, members } = setUp();

    const book = await people.names(TENANT, { users: [3, 4], departments: [7], memberDepartments: [7] });

    expect([book.user(3)?.name, book.user(4)]).toEqual(['Chloe Fischer', { name: 'Dan Ode' }]);
    expect(members).toHaveBeenCalledTimes(1);
    expect(getUser).not.toHaveBeenCalled();
  });

  it('reuses names until they expire, and tries a failed lookup again after the shorter failure lifetime', async () => {
    const { people, getUser, clock } = setUp();
    getUser.mockRejectedValueOnce(new PortalError('portal unavailable', 'network', true));

    const failed = await people.names(TENANT, { users: [2], departments: [] });
    const stillFailed = await people.names(TENANT, { users: [2], departments: [] });
    clock.advance(31_000);
    const named = await people.names(TENANT, { users: [2], departments: [] });
    const cached = await people.names(TENANT, { users: [2], departments: [] });

    expect([failed.user(2), stillFailed.user(2), named.user(2)?.name, cached.user(2)?.name]).toEqual([
      undefined,
      undefined,
      'Boris Adams',
      'Boris Adams',
    ]);
    expect(getUser).toHaveBeenCalledTimes(2);
  });

  it('answers no names when the portal cannot even be resolved', async () => {
    const clock = new FakeClock();
    const people = createPeopleDirectory({
      workSystems: async () => {
        throw new PortalError('portal unreachable', 'network', true);
      },
      clock,
      logger: silent,
    });

    const book = await people.names(TENANT, { users: [2], departments: [7], memberDepartments: [7] });

    expect([book.user(2), book.department(7)]).toEqual([undefined, undefined]);
  });

  it('keeps tenants apart and forgets the oldest entries past maxEntries', async () => {
    const { people, getUser } = setUp({ maxEntries: 2 });

    await people.names(TENANT, { users: [2, 3, 4], departments: [] });
    const other = await people.names(toTenantId('t2'), { users: [2], departments: [] });
    await people.names(TENANT, { users: [4], departments: [] });
    await people.names(TENANT, { users: [2], departments: [] });

    expect(other.user(2)?.name).toBe('Boris Adams');
    // 2 and 3 were evicted by 4 and t2's 2; 4 was still cached; 2 had to be asked again.
    expect(getUser.mock.calls.map(([id]) => id)).toEqual([2, 3, 4, 2, 2]);
  });
});
