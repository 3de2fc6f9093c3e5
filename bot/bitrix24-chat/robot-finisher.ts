/**
 * Finishes a robot's workflow step: `bizproc.event.send` with the one-line summary (reference §11) when a robot
 * handoff reaches its end (the engine's final progress), or at once when a call is refused before any handoff
 * exists. Once per handoff (a mark in its surface state); failures are logged, never thrown into the engine.
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
}

/** The Notifier that tells the workflow how its robot handoff ended. */
export function createRobotFinisher(deps: RobotFinisherDeps): Notifier {
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
      try {
        const client = await deps.portals(handoff.tenantId);
        const outcome = robotOutcome(handoff, progress.counts);
        if (await sendRobotEvent(client, eventToken, outcome, source.saveHistory, log)) {
          await deps.store.updateHandoff(handoff.tenantId, handoff.id, { surfaceState: { [SENT]: '1' } });
          log.info({ summary: outcome.summary }, 'robot.finished');
        }
      } catch (err) {
        log.warn({ err }, 'robot event not sent');
      }
    },
    async items() {},
    async participants() {},
  };
}
