/**
 * Starting robot handoffs: a robot call (a deal or lead reached a pipeline stage) becomes a handoff of kind `robot`
 * stored at once, with no portal call, and queued as `handoff.start` like any other handoff, so it is paced with
 * every other job of the portal. The same call delivered again (same idempotency key, e.g. the event token) returns
 * the first handoff instead of a second run.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { DocumentRef, Relation } from './documents.js';
import { HandoffError } from './errors.js';
import { recordEvent } from './events.js';
import { formatHandoffNo, type PortalUserId, type TenantId, toHandoffId } from './ids.js';
import { refOf } from './lifecycle.js';
import type { Handoff, Origin, RobotSource } from './model.js';
import type { Clock, HandoffStore, Logger, Scheduler } from './ports.js';
import { robotKinds } from './robot-run.js';

export interface RobotRequest {
  readonly tenantId: TenantId;
  readonly document: DocumentRef;
  readonly includeDocument: boolean;
  readonly relations: readonly Relation[];
  readonly receiver: RobotSource['receiver'];
  readonly saveHistory: boolean;
  /** The portal user whose token came with the call (the robot's AUTH_USER_ID): the initiator. */
  readonly robotUserId: PortalUserId;
  /** Surface references (robot code, workflow id…); strings only, never secrets. */
  readonly origin?: Origin;
}

export interface RobotHandoffDeps {
  readonly store: HandoffStore;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId?: () => string;
}

export interface RobotHandoffs {
  /**
   * Stores the robot handoff and queues its run; with an `idempotencyKey` already used by the tenant, returns the
   * first handoff (`created: false`) and queues nothing. Throws HandoffError `empty_selection` when the toggles
   * choose nothing at all.
   */
  start(request: RobotRequest, idempotencyKey?: string): Promise<{ handoff: Handoff; created: boolean }>;
}

export function createRobotHandoffs(deps: RobotHandoffDeps): RobotHandoffs {
  const newId = deps.newId ?? randomUUID;
  return {
    async start(request, idempotencyKey) {
      if (idempotencyKey !== undefined) {
        const first = await deps.store.findByIdempotencyKey(request.tenantId, idempotencyKey);
        if (first) return { handoff: first, created: false };
      }
      const source: RobotSource = {
        type: 'robot',
        document: request.document,
        includeDocument: request.includeDocument,
        relations: [...new Set(request.relations)],
        receiver: request.receiver,
        saveHistory: request.saveHistory,
      };
      const kinds = robotKinds(source);
      if (kinds.length === 0) {
        throw new HandoffError(
          'empty_selection',
          'The robot chose nothing to move: turn on the document or a relation.',
          {
            field: 'kinds',
            reason: 'nothing_chosen',
          },
        );
      }
      const now = deps.clock.now();
      // Until the run reads the document, from and to name the robot's user (engine/model.ts RobotSource).
      const placeholder = request.receiver.type === 'user' ? request.receiver.userId : request.robotUserId;
      const { handoff, created } = await deps.store.createHandoff(
        {
          tenantId: request.tenantId,
          id: toHandoffId(newId()),
          status: 'scheduled',
          plan: {
            tenantId: request.tenantId,
            initiator: { portalUserId: request.robotUserId, label: `robot:user ${request.robotUserId}` },
            fromUserId: request.robotUserId,
            to: { type: 'user', userId: placeholder },
            kinds,
            when: { mode: 'permanent' },
            options: { allItems: false, dryRun: false, forceReturn: false, notify: false, sweep: false },
            origin: request.origin ?? { surface: 'robot' },
            source,
          },
          targets: {},
          kinds,
          createdAt: now,
        },
        idempotencyKey,
      );
      if (!created) return { handoff, created };
      const log = deps.logger.child({
        tenantId: handoff.tenantId,
        handoffId: handoff.id,
        handoffNo: formatHandoffNo(handoff.no),
      });
      await recordEvent({ ...deps, logger: log }, handoff, 'handoff.created', handoff.plan.initiator.label, {
        kinds,
        mode: 'permanent',
        robot: true,
        document: `${source.document.kind}:${source.document.itemId}`,
        ...(source.receiver.type === 'role' ? { role: source.receiver.name } : {}),
      });
      await deps.scheduler.schedule('handoff.start', refOf(handoff), now);
      return { handoff, created: true };
    },
  };
}
