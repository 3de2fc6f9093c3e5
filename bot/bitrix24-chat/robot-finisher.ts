/**
 * Finishes a robot's workflow step: `bizproc.event.send` with the one-line summary (reference §11) when a robot
 * handoff reaches its end (the engine's final progress), or at once when a call is refused before any handoff
 * exists. Once per handoff (a mark in its surface state); failures are logged, never thrown into the engine, and a
 * send the portal failed is tried again a few times (in this process) so the step is not left waiting.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import type { Handoff } from '../../engine/model.js';
import type { HandoffStore, Logger, Notifier } from '../../engine/ports.js';
import type { RobotPortalClient } from './robot-definition.js';
import { type RobotOutcome, robotOutcome } from './robot-summary.js';

/** The tenant's portal client in an application context (bizproc.* refuses webhooks). */
export type RobotPortalResolver = (tenantId: TenantId) => Promise<RobotPortalClient>;

const SENT = 'robotEventSent';

/** Sends the step's result; false (logged) when the portal refused or could not be reached. */
export async function sendRobotEvent(
  client: RobotPortalClient,
  eventToken: string,
  outcome: RobotOutcome,
  saveHistory: boolean,
  logger: Logger,
): Promise<boolean> {
  try {
    await client.call('bizproc.event.send', {
      EVENT_TOKEN: eventToken,
      RETURN_VALUES: outcome.values,
      // "Save history" off: the values still reach the workflow, the log stays quiet.
      ...(saveHistory ? { LOG_MESSAGE: outcome.summary } : {}),
    });
    return true;
  } catch (err) {
    logger.warn({ err }, 'robot event not sent');
    return false;
  }
}

export interface RobotFinisherDeps {
  readonly portals: RobotPortalResolver;
  readonly store: HandoffStore;
  readonly logger: Logger;
  /**
   * When the portal fails the send (down longer than the client's own retries of one call), it is sent again after
   * each of these delays in turn, so the workflow step is not left waiting (default 30 s, 2 min, 10 min, 30 min).
   */
  readonly retryDelaysMs?: readonly number[];
}

/** When a send the portal failed is tried again (after each delay in turn). */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000] as const;

/** The Notifier that tells the workflow how its robot handoff ended. */
export function createRobotFinisher(deps: RobotFinisherDeps): Notifier {
  const retryDelays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  return {
    async progress(handoff: Handoff, progress) {
      const source = handoff.plan.source;
      const eventToken = handoff.plan.origin?.ref?.eventToken;
      if (!progress.final || source?.type !== 'robot' || !eventToken || handoff.surfaceState?.[SENT]) return;
      const log = deps.logger.child({
        tenantId: handoff.tenantId,
        handoffId: handoff.id,
        handoffNo: `H-${handoff.no}`,
      });
      const outcome = robotOutcome(handoff, progress.counts);
      const attempt = async (tries: number): Promise<void> => {
        let sent = false;
        try {
          // Sent meanwhile (another attempt, another process): once is enough.
          if (tries > 0 && (await deps.store.getHandoff(handoff.tenantId, handoff.id))?.surfaceState?.[SENT]) return;
          const client = await deps.portals(handoff.tenantId);
          sent = await sendRobotEvent(client, eventToken, outcome, source.saveHistory, log);
          if (sent) {
            log.info({ summary: outcome.summary }, 'robot.finished');
            await deps.store.updateHandoff(handoff.tenantId, handoff.id, { surfaceState: { [SENT]: '1' } });
          }
        } catch (err) {
          log.warn({ err }, sent ? 'robot event sent; not marked' : 'robot event not sent');
        }
        const delay = retryDelays[tries];
        if (sent || delay === undefined) {
          if (!sent) log.error({ attempts: tries + 1 }, 'robot event not sent; the workflow step was not told');
          return;
        }
        log.info({ retryInMs: delay }, 'robot event will be sent again');
        setTimeout(() => void attempt(tries + 1), delay).unref();
      };
      await attempt(0);
    },
    async items() {},
    async participants() {},
  };
}
