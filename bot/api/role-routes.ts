/**
 * /api/v1/roles (issue 10): a tenant's named roles. GET lists them, GET /roles/{name} reads one, PUT /roles/{name}
 * sets who holds it (`{ "holder": { "type": "user", "id": 12 } }`, `{ "type": "user", "email": … }`,
 * `{ "type": "department", "id": 7 }` or `{ "type": "department_head", "id": 7 }`), DELETE removes it. The robot
 * "Change Related Responsible" names a role so each stage hands work to whoever holds it when the robot runs.
 * Registered on the API's router by routes.ts, behind its key check.
 * @module
 */
import type { Hono } from 'hono';
import type { TenantId } from '../../engine/ids.js';
import type { WorkSystemResolver } from '../../engine/ports.js';
import type { RoleService } from '../../engine/role-service.js';
import { describeHolder, type Role, type RoleHolder } from '../../engine/roles.js';
import type { AuthVariables } from './auth.js';
import type { PeopleDirectory } from './people.js';
import { createPersonResolver, createPortalGetter } from './plan-input.js';
import { readJsonBody } from './request.js';
import { RoleInput, type RoleOut } from './role-schemas.js';

export interface RoleRouteDeps {
  readonly roles: RoleService;
  readonly people: PeopleDirectory;
  readonly workSystems: WorkSystemResolver;
  readonly clock: { now(): Date };
}

type ApiEnv = { Variables: AuthVariables };

export function registerRoleRoutes(app: Hono<ApiEnv>, deps: RoleRouteDeps): void {
  async function toJson(tenantId: TenantId, roles: readonly Role[]): Promise<RoleOut[]> {
    const users = roles.flatMap((r) => (r.holder.type === 'user' ? [r.holder.userId] : []));
    const names = await deps.people.names(tenantId, { users, departments: [] });
    return roles.map((role) => {
      const { holder } = role;
      const name = holder.type === 'user' ? names.user(holder.userId)?.name : undefined;
      return {
        name: role.name,
        holder:
          holder.type === 'user'
            ? { type: 'user', id: holder.userId, ...(name ? { name } : {}) }
            : { type: holder.type, id: holder.departmentId },
        description: describeHolder(holder),
        updatedAt: role.updatedAt.toISOString(),
        updatedBy: role.updatedBy,
      };
    });
  }

  app.get('/api/v1/roles', async (c) => {
    const roles = await deps.roles.list(c.var.tenantId);
    return c.json({ roles: await toJson(c.var.tenantId, roles) });
  });

  app.get('/api/v1/roles/:name', async (c) => {
    const role = await deps.roles.get(c.var.tenantId, c.req.param('name'));
    return c.json((await toJson(c.var.tenantId, [role]))[0]);
  });

  app.put('/api/v1/roles/:name', async (c) => {
    const input = await readJsonBody(c, RoleInput);
    const tenantId = c.var.tenantId;
    let holder: RoleHolder;
    if (input.holder.type === 'user') {
      const ctx = {
        tenantId,
        initiator: { label: c.var.actorLabel },
        origin: { surface: 'api' as const },
        workSystems: deps.workSystems,
        clock: deps.clock,
      };
      const resolve = createPersonResolver(ctx, createPortalGetter(ctx));
      holder = { type: 'user', userId: await resolve(input.holder, ['holder']) };
    } else holder = { type: input.holder.type, departmentId: input.holder.id };
    const role = await deps.roles.set(tenantId, c.req.param('name'), holder, c.var.actorLabel);
    return c.json((await toJson(tenantId, [role]))[0]);
  });

  app.delete('/api/v1/roles/:name', async (c) => {
    await deps.roles.remove(c.var.tenantId, c.req.param('name'));
    return c.body(null, 204);
  });
}
