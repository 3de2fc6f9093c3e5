/**
 * Trying the robot "Change Related Responsible" in the sandbox demo without a real portal (the CLI's
 * `handoff sandbox-robot` calls this): a deal or lead "reaches a stage" and the portal posts the robot call to the
 * installed app, then waits (at most `waitMs`) for the app's `bizproc.event.send`, as the workflow would.
 *   POST /sandbox/robot { "deal": 12, "properties": { "role": "paralegal", "moveContacts": "Y" } }
 * @module
 */
import { Hono } from 'hono';
import type { SandboxPortal } from './portal.js';

const CODE = 'handoff_change_related_responsible';

export function createRobotRoutes(portal: SandboxPortal, waitMs = 60_000): Hono {
  const routes = new Hono();

  routes.post('/sandbox/robot', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { deal?: unknown; lead?: unknown; properties?: unknown };
    const kind = body.deal !== undefined ? 'deals' : 'leads';
    const id = Number(body.deal ?? body.lead);
    if (!Number.isInteger(id) || id <= 0) return c.json({ error: 'give "deal" or "lead": a document id' }, 400);
    if (!portal.store.get(kind, id))
      return c.json({ error: `there is no ${kind === 'deals' ? 'deal' : 'lead'} ${id}` }, 404);
    if (!portal.robots.robots.has(CODE)) {
      return c.json({ error: 'The robot is not registered in this sandbox (is the Handoff app installed?).' }, 409);
    }
    const properties =
      body.properties !== null && typeof body.properties === 'object'
        ? (body.properties as Record<string, string | number | boolean>)
        : {};
    const delivery = await portal.robots.trigger({ code: CODE, document: { kind, id }, properties });
    const deadline = Date.now() + waitMs;
    let event = portal.robots.events.find((e) => e.eventToken === delivery.eventToken);
    while (!event && delivery.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      event = portal.robots.events.find((e) => e.eventToken === delivery.eventToken);
    }
    return c.json({
      status: delivery.status,
      event: event ? { logMessage: event.logMessage ?? null, returnValues: event.returnValues } : null,
    });
  });

  return routes;
}
