/**
 * `GET /api/v1/people?query=` and `GET /api/v1/departments`: the tenant's portal directory, so the ids a plan takes
 * can be found without opening Bitrix24. Read-only; each answer is one or two portal list calls (user.get and
 * department.get, pages chained in batches).
 * @module
 */
import type { Hono } from 'hono';
import type { TenantId } from '../../engine/ids.js';
import type { Department, PortalUser, WorkSystemResolver } from '../../engine/ports.js';
import type { AuthVariables } from './auth.js';
import {
  type DepartmentListOut,
  DepartmentsQuery,
  type PeopleListOut,
  PeopleQuery,
  type PersonEntryOut,
} from './directory-schemas.js';
import { readQuery } from './request.js';

export interface DirectoryRouteDeps {
  readonly workSystems: WorkSystemResolver;
}

/** True when `person` fits the search words: an id exactly, else a part of the name or e-mail. */
export function matchesPerson(person: PortalUser, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  if (/^\d+$/.test(wanted)) return person.id === Number(wanted);
  return person.name.toLowerCase().includes(wanted) || (person.email ?? '').toLowerCase().includes(wanted);
}

export function toPersonEntry(person: PortalUser, departments: ReadonlyMap<number, Department>): PersonEntryOut {
  const ref = (d: Department) => ({ id: d.id, name: d.name });
  return {
    id: person.id,
    name: person.name,
    email: person.email === undefined || person.email === '' ? null : person.email,
    active: person.active,
    departments: person.departmentIds.map((id) => ref(departments.get(id) ?? { id, name: `#${id}` })),
    headOf: [...departments.values()].filter((d) => d.headId === person.id).map(ref),
  };
}

export function toDepartmentList(departments: readonly Department[], people: readonly PortalUser[]): DepartmentListOut {
  const byId = new Map(people.map((p) => [p.id as number, p]));
  return {
    departments: departments.map((d) => {
      const head = d.headId === undefined ? undefined : byId.get(d.headId);
      return {
        id: d.id,
        name: d.name,
        parentId: d.parentId ?? null,
        head: d.headId === undefined ? null : { id: d.headId, name: head?.name ?? `User #${d.headId}` },
        activeMembers: people.filter((p) => p.active && p.departmentIds.includes(d.id)).length,
      };
    }),
  };
}

/** Adds the two routes to the API's (authenticated) app; call before its catch-all 404. */
export function addDirectoryRoutes(app: Hono<{ Variables: AuthVariables }>, deps: DirectoryRouteDeps): void {
  const portalOf = (tenantId: TenantId) => deps.workSystems(tenantId);

  app.get('/api/v1/people', async (c) => {
    const { query, active = 'true' } = readQuery(c, PeopleQuery);
    const portal = await portalOf(c.var.tenantId);
    const [people, departments] = await Promise.all([portal.listUsers(), portal.listDepartments()]);
    const tree = new Map(departments.map((d) => [d.id, d]));
    const wanted = people.filter(
      (p) => (active === 'all' || p.active === (active === 'true')) && (query === undefined || matchesPerson(p, query)),
    );
    return c.json({ people: wanted.map((p) => toPersonEntry(p, tree)) } satisfies PeopleListOut);
  });

  app.get('/api/v1/departments', async (c) => {
    readQuery(c, DepartmentsQuery);
    const portal = await portalOf(c.var.tenantId);
    const [departments, people] = await Promise.all([portal.listDepartments(), portal.listUsers()]);
    return c.json(toDepartmentList(departments, people));
  });
}
