/**
 * The audit vocabulary and the one helper that appends an event. Every state change is an event (who, what, when);
 * per-batch progress is only logged (`batch.done`) to keep the events table small.
 * @module
 */
import type { Handoff } from './model.js';
import type { Clock, HandoffStore, Logger } from './ports.js';

export const EVENT_TYPES = [
  'handoff.created',
  'handoff.started',
  'handoff.resumed',
  'transfer.enumerated',
  'handoff.completed',
  'handoff.failed',
  'handoff.cancel_requested',
  'handoff.cancelled',
  'handoff.retry_requested',
  'return.scheduled',
  'return.requested',
  'return.started',
  'return.failed',
  'return.waiting',
  'return.settled',
  'handoff.returned',
  'sweep.moved',
  'sweep.stopped',
  'handoff.moved',
  'handoff.approved',
  'robot.resolved',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The actor of what the engine does on its own (jobs). */
export const ENGINE_ACTOR = 'engine';

export interface EventDeps {
  readonly store: HandoffStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Appends one audit event and logs it at info; the log line carries the same type as its message. */
export async function recordEvent(
  deps: EventDeps,
  handoff: Pick<Handoff, 'tenantId' | 'id'>,
  type: EventType,
  actor: string,
  data?: Readonly<Record<string, unknown>>,
): Promise<void> {
  await deps.store.appendEvent({
    tenantId: handoff.tenantId,
    handoffId: handoff.id,
    at: deps.clock.now(),
    type,
    actor,
    ...(data === undefined ? {} : { data }),
  });
  deps.logger.info({ event: type, actor, ...(data ?? {}) }, type);
}
