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

/** What became of the robot's run, as the workflow would see it: still waiting, done, or not done (with why). */
export type RobotRunOutcome = 'pending' | 'succeeded' | 'failed';

/**
 * Reads the app's answer the way a workflow's next step would: no handoff (a refused call: "Handoff did not run: …"),
 * a failed or cancelled handoff, or items that failed, is a failure; anything else succeeded.
 */
export function robotRunOutcome(
  event:
    | {
        readonly logMessage?: string | null | undefined;
        readonly returnValues?: Readonly<Record<string, unknown>> | undefined;
      }
    | undefined,
): RobotRunOutcome {
  if (event === undefined) return 'pending';
  const values = event.returnValues ?? {};
  const summary = String(values.summary ?? event.logMessage ?? '');
  if (values.handoff === '' || /^Handoff did not run\b/.test(summary)) return 'failed';
  if (/^Handoff H-\d+ failed for |^Handoff H-\d+ for .* was cancelled /.test(summary)) return 'failed';
  return Number(values.failed ?? 0) > 0 ? 'failed' : 'succeeded';
}

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
      outcome: delivery.status === 200 ? robotRunOutcome(event) : 'failed',
      event: event ? { logMessage: event.logMessage ?? null, returnValues: event.returnValues } : null,
    });
  });

  return routes;
}
