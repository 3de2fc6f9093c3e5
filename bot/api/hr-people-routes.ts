/**
 * /api/v1/hr-people (issue 12): the tenant's HR people, who may hand off anyone's work in chat. Listed, added (by
 * portal user id, e-mail or Slack user id) and removed (by `portal:<id>` or `slack:<id>`). Registered on the API's
 * router by routes.ts, behind its key check.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { toPortalUserId } from '../../engine/ids.js';
import type { WorkSystemResolver } from '../../engine/ports.js';
import { type HrPeopleStore, type HrPersonRef, parseHrKey, toHrKey } from '../../storage/hr-people-store.js';
import type { AuthVariables } from './auth.js';
import { ApiError } from './errors.js';
import { readJsonBody } from './request.js';

export const HrPersonInput = z
  .strictObject({
    portalUserId: z.number().int().positive().optional().meta({ description: 'A Bitrix24 portal user id.' }),
    email: z.email().max(320).optional().meta({ description: "The portal user's e-mail." }),
    slackUserId: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, { message: 'expected a Slack user id such as U0123ABCD' })
      .optional()
      .meta({ description: 'A Slack user id (U…/W…), for someone not matched to a portal user.' }),
  })
  .refine((v) => [v.portalUserId, v.email, v.slackUserId].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of "portalUserId", "email" or "slackUserId"',
  });

const HrPersonOut = z.strictObject({
  person: z.string().meta({ description: '`portal:<id>` or `slack:<id>`: the id to DELETE it by.' }),
  portalUserId: z.number().int().nullable(),
  slackUserId: z.string().nullable(),
  addedBy: z.string(),
  addedAt: z.iso.datetime(),
});
export const HrPeopleOut = z.strictObject({ people: z.array(HrPersonOut) });
export type HrPeopleOut = z.infer<typeof HrPeopleOut>;

export interface HrPeopleRouteDeps {
  readonly hrPeople: HrPeopleStore;
  readonly workSystems: WorkSystemResolver;
}

export function registerHrPeopleRoutes(app: Hono<{ Variables: AuthVariables }>, deps: HrPeopleRouteDeps): void {
  const listJson = async (tenantId: Parameters<HrPeopleStore['listHrPeople']>[0]): Promise<HrPeopleOut> => ({
    people: (await deps.hrPeople.listHrPeople(tenantId)).map(({ person, addedBy, addedAt }) => ({
      person: toHrKey(person),
      portalUserId: person.kind === 'portal' ? person.userId : null,
      slackUserId: person.kind === 'slack' ? person.userId : null,
      addedBy,
      addedAt: addedAt.toISOString(),
    })),
  });

  app.get('/api/v1/hr-people', async (c) => c.json(await listJson(c.var.tenantId)));

  app.post('/api/v1/hr-people', async (c) => {
    const input = await readJsonBody(c, HrPersonInput);
    let person: HrPersonRef;
    if (input.slackUserId !== undefined) {
      person = { kind: 'slack', userId: input.slackUserId };
    } else {
      const ws = await deps.workSystems(c.var.tenantId);
      const user =
        input.portalUserId !== undefined
          ? await ws.getUser(toPortalUserId(input.portalUserId))
          : await ws.findUserByEmail(input.email ?? '');
      if (user === null) {
        const field = input.portalUserId !== undefined ? 'portalUserId' : 'email';
        throw new ApiError(400, 'unknown_user', `${field}: no such portal user.`, [field]);
      }
      person = { kind: 'portal', userId: user.id };
    }
    const added = await deps.hrPeople.addHrPerson(c.var.tenantId, person, c.var.actorLabel);
    return c.json(await listJson(c.var.tenantId), added ? 201 : 200);
  });

  app.delete('/api/v1/hr-people/:person', async (c) => {
    const raw = c.req.param('person');
    const person = parseHrKey(raw);
    if (person === null || !(await deps.hrPeople.removeHrPerson(c.var.tenantId, person))) {
      throw new ApiError(404, 'not_found', `"${raw.slice(0, 40)}" is not an HR person here (ids look like portal:12).`);
    }
    return c.json(await listJson(c.var.tenantId));
  });
}
