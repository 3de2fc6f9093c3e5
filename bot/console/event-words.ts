/**
 * The audit trail in words: each engine event type (engine/events.ts) as the console's Job panel says it. A
 * `Record` over the closed union, so a new event type fails the type check until it is worded here.
 * @module
 */
import { ENGINE_ACTOR, EVENT_TYPES, type EventType } from '../../engine/events.js';
import type { HandoffEvent } from '../../engine/model.js';

const WORDS: Readonly<Record<EventType, string>> = {
  'handoff.created': 'created the handoff',
  'handoff.started': 'started moving items',
  'handoff.resumed': 'resumed the transfer after an interruption',
  'transfer.enumerated': 'listed every item to move',
  'handoff.completed': 'finished the transfer',
  'handoff.failed': 'stopped: the transfer failed',
  'handoff.cancel_requested': 'asked to cancel',
  'handoff.cancelled': 'cancelled the handoff',
  'handoff.retry_requested': 'retried the failed items',
  'return.scheduled': 'scheduled the return',
  'return.requested': 'asked to return the items now',
  'return.started': 'started giving items back',
  'return.failed': 'stopped: the return failed',
  'handoff.returned': 'gave the items back',
  'sweep.moved': 'moved items that newly landed on the absent person',
  'sweep.stopped': 'stopped watching for new items',
  'handoff.moved': 'moved the start or return date',
  'handoff.approved': 'approved the handoff',
  'return.waiting': 'left lent items with a later handoff until it ends',
  'return.settled': 'items it still held came home with another handoff’s return',
  'robot.resolved': 'resolved the robot’s related records',
};

function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * An event's actor as a person reads it: the stored labels are identifiers (`robot:user 1`, `api-key:hr`,
 * `slack:U1 (Anna)`, `bitrix24:12 (Anna Garcia)`); the name inside them, or what kind of caller it was.
 */
export function readableActor(actor: string): string {
  if (actor === ENGINE_ACTOR) return 'Handoff';
  if (/^robot:/.test(actor)) return 'The robot';
  const apiKey = /^api-key:(.+)$/.exec(actor);
  if (apiKey) return `API key “${apiKey[1]}”`;
  const named = /^(?:slack|bitrix24):\S+ \((.+)\)$/.exec(actor);
  return named?.[1] ?? actor;
}

/** `{ at, who, text }`: "Handoff" for what the engine did on its own, the person's name otherwise. */
export function toEventLine(event: HandoffEvent): { at: string; who: string; type: string; text: string } {
  return {
    at: event.at.toISOString(),
    who: readableActor(event.actor),
    type: event.type,
    text: isEventType(event.type) ? WORDS[event.type] : event.type.replaceAll(/[._]/g, ' '),
  };
}
