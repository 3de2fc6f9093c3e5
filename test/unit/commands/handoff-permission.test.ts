import { describe, expect, it } from 'vitest';
import { checkHandoffPermission } from '../../../commands/handoff-permission.js';
import { toPortalUserId } from '../../../engine/ids.js';
import type { Head, PortalUser } from '../../../engine/ports.js';

const person = (id: number, isAdmin = false): PortalUser => ({
  id: toPortalUserId(id),
  name: `User ${id}`,
  active: true,
  departmentIds: [1],
  isAdmin,
});
const heads: Head[] = [{ departmentId: 1, departmentName: 'Sales', user: person(9) }];
const directory = { headsOf: async () => heads };
const from = toPortalUserId(2);

describe('checkHandoffPermission', () => {
  it.each([
    ['the from-user for themself', person(2), { ok: true, as: 'self' }],
    ['a portal admin', person(5, true), { ok: true, as: 'admin' }],
    ['the head of the from-user’s department', person(9), { ok: true, as: 'head' }],
    ['anyone else, told who can', person(4), { ok: false, heads }],
  ])('%s', async (_name, actor, expected) => {
    expect(await checkHandoffPermission(directory, actor, from)).toEqual(expected);
  });

  it('lets an HR person hand off anyone’s work', async () => {
    expect(await checkHandoffPermission(directory, person(4), from, { hr: true })).toEqual({ ok: true, as: 'hr' });
    expect(await checkHandoffPermission(directory, person(4), from, { hr: false })).toEqual({ ok: false, heads });
  });
});
