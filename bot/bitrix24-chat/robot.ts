/**
 * `POST /bitrix24/robot`: the robot "Change Related Responsible" calls this when a deal or lead reaches its stage
 * (reference §11). The call must carry the application_token stored at install for its member_id (compared in
 * constant time; anything else is 401 and nothing is done). A valid call is stored as a robot handoff and queued at
 * once, and answered 200 right away (robot calls are never redelivered and the queue server slows down for slow
 * handlers, §4); the same event_token delivered again gets the first handoff, not a second run. A call refused
 * before any handoff exists (a document that is not a deal or lead, no receiver set) still answers 200 and tells the
 * workflow why through `bizproc.event.send`. A call the database cannot store (full, read-only) answers 503 and tells
 * the workflow the same way, so its step never waits for an event that would not come.
 * @module
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { isHandoffError, isStoreError } from '../../engine/errors.js';
import { formatHandoffNo, type TenantId } from '../../engine/ids.js';
import type { Logger } from '../../engine/ports.js';
import type { RobotHandoffs } from '../../engine/robot-service.js';
import { type FormRecord, parseForm } from './form-body.js';
import { parseRobotAuth, parseRobotCall } from './robot-call.js';
import { ROBOT_PATH } from './robot-definition.js';
import { RETRY_DELAYS_MS, type RobotPortalResolver, sendRobotEvent } from './robot-finisher.js';
import { robotRefusal } from './robot-summary.js';

/**
 * Whether a call comes from an installed portal (its `auth[application_token]` is the one stored at install, for its
 * `auth[member_id]`): the tenant when it does, null otherwise. bot/bitrix24-chat/app-token.ts checkPortalRequest.
 */
export type RobotCallVerifier = (form: FormRecord) => Promise<TenantId | null>;

export interface RobotRouteDeps {
  readonly verify: RobotCallVerifier;
  readonly robots: RobotHandoffs;
  readonly portals: RobotPortalResolver;
  readonly logger: Logger;
  /** When a refusal the portal failed to take is sent again (default: the finisher's, robot-finisher.ts). */
  readonly retryDelaysMs?: readonly number[];
  /** Largest body accepted (default 64 KiB: a robot call is a few hundred bytes). */
  readonly maxBodyBytes?: number;
}

/** The idempotency key of a robot call: its event token, hashed (the token itself is not a key to keep around). */
export function robotCallKey(eventToken: string): string {
  return `robot:${createHash('sha256').update(eventToken).digest('hex')}`;
}

export function createRobotRoutes(deps: RobotRouteDeps): Hono {
  const app = new Hono();
  const maxBody = deps.maxBodyBytes ?? 64 * 1024;

  app.post(ROBOT_PATH, async (c) => {
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > maxBody) return c.json({ error: { code: 'too_large', message: 'Request body too large.' } }, 413);
    const body = await c.req.text();
    if (body.length > maxBody) return c.json({ error: { code: 'too_large', message: 'Request body too large.' } }, 413);
    const parsed = parseForm(body);
    if (!parsed.ok)
      return c.json({ error: { code: 'bad_request', message: `Not a robot call: ${parsed.problem}.` } }, 400);
    const form = parsed.value;
    const auth = parseRobotAuth(form);
    const tenantId = auth.ok ? await deps.verify(form) : null;
    if (!auth.ok || tenantId === null) {
      deps.logger.warn({ complete: auth.ok }, 'robot call refused');
      return c.json({ error: { code: 'unauthorized', message: 'Not a call from an installed portal.' } }, 401);
    }
    const { eventToken } = auth.value;
    const log = deps.logger.child({ tenantId, surface: 'robot' });
    const refuse = (problem: string) => {
      log.info({ problem }, 'robot call refused');
      // After the answer: the portal waits for nobody, and the step learns why from the event (sent again a few
      // times if the portal fails it, so the step is not left waiting).
      const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
      const send = (tries: number): void => {
        void deps
          .portals(tenantId)
          .then((client) => sendRobotEvent(client, eventToken, robotRefusal(problem), true, log))
          .catch((err: unknown) => {
            log.warn({ err }, 'robot event not sent');
            return false;
          })
          .then((sent) => {
            const delay = delays[tries];
            if (sent) return;
            if (delay === undefined) log.error({ attempts: tries + 1 }, 'robot event not sent; the step was not told');
            else setTimeout(() => send(tries + 1), delay).unref();
          });
      };
      send(0);
      return c.json({ ok: false, problem }, 200);
    };

    const call = parseRobotCall(form);
    if (!call.ok) return refuse(call.problem);
    try {
      const { handoff, created } = await deps.robots.start(
        {
          tenantId: tenantId,
          document: call.value.document,
          includeDocument: call.value.includeDocument,
          relations: call.value.relations,
          receiver: call.value.receiver,
          saveHistory: call.value.saveHistory,
          robotUserId: call.value.robotUserId,
          origin: {
            surface: 'robot',
            ref: { eventToken, workflowId: call.value.workflowId, code: call.value.code },
          },
        },
        robotCallKey(eventToken),
      );
      log.info({ handoffNo: formatHandoffNo(handoff.no), created }, created ? 'robot.queued' : 'robot.duplicate');
      return c.json({ ok: true, handoff: formatHandoffNo(handoff.no), duplicate: !created }, 200);
    } catch (err) {
      if (isHandoffError(err)) return refuse(err.message);
      if (isStoreError(err)) {
        // The call is not stored, and the portal never delivers it again: the step is told so (it would wait
        // forever otherwise), and the answer is a 503, not a 200 that claims it was taken.
        refuse(`${err.message} Nothing was changed; run this step again once Handoff's database has room.`);
        return c.json({ ok: false, error: { code: err.code, message: err.message } }, 503);
      }
      throw err;
    }
  });

  return app;
}
