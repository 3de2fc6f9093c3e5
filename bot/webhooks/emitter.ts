/**
 * Where outgoing webhooks come from (issue 12): the engine's audit events. A HandoffStore decorator queues a delivery
 * in the outbox (same database) when `appendEvent` records one of the lifecycle events below, with the handoff as it
 * is then. Queueing is a local insert, awaited so a crash right after an event still delivers it; a failure to queue
 * is logged and never fails the engine's step.
 * @module
 */
import { formatHandoffNo } from '../../engine/ids.js';
import type { Handoff, HandoffEvent } from '../../engine/model.js';
import type { HandoffStore, Logger } from '../../engine/ports.js';
import { newWebhookId, type WebhookEvent, type WebhookStore } from '../../storage/webhook-store.js';

/** Engine audit event → webhook event. */
const EVENT_MAP: Readonly<Record<string, WebhookEvent>> = {
  'handoff.created': 'handoff.scheduled',
  'handoff.started': 'handoff.started',
  'handoff.completed': 'handoff.completed',
  'handoff.returned': 'handoff.returned',
  'handoff.failed': 'handoff.failed',
  // A later handoff's return brought home items this one had left waiting with it (engine/README.md, the ledger).
  'return.settled': 'handoff.items_returned',
};

/** The JSON body of one webhook: stable field names, instants in ISO 8601, the handoff as `H-n`. */
export function webhookBody(
  type: WebhookEvent,
  event: HandoffEvent,
  handoff: Handoff,
  extra: Readonly<Record<string, unknown>> = {},
): string {
  const { when } = handoff.plan;
  return JSON.stringify({
    id: newWebhookId(),
    type,
    createdAt: event.at.toISOString(),
    tenantId: handoff.tenantId,
    actor: event.actor,
    handoff: {
      id: formatHandoffNo(handoff.no),
      status: handoff.status,
      fromUserId: handoff.plan.fromUserId,
      mode: when.mode,
      startAt: when.startAt?.toISOString() ?? null,
      returnAt: when.mode === 'temporary' ? when.returnAt.toISOString() : null,
      kinds: handoff.kinds,
      dryRun: handoff.plan.options.dryRun,
    },
    data: { ...(event.data ?? {}), ...extra },
  });
}

/**
 * The store, with webhooks queued on lifecycle events.
 * @example const store = withWebhookEvents(sqliteStore, webhookStore, logger);
 */
export function withWebhookEvents(store: HandoffStore, webhooks: WebhookStore, logger: Logger): HandoffStore {
  /** The handoff's item counts now, in the words of `handoff.returned`. */
  async function countsOf(handoff: Handoff) {
    const { byStatus } = await store.countItems(handoff.tenantId, handoff.id);
    return { returned: byStatus.returned, kept: byStatus.kept, gone: byStatus.gone, notReturned: byStatus.moved };
  }
  async function appendEvent(event: HandoffEvent): Promise<void> {
    await store.appendEvent(event);
    const type = EVENT_MAP[event.type];
    if (type === undefined) return;
    try {
      const handoff = await store.getHandoff(event.tenantId, event.handoffId);
      if (handoff === null || handoff.plan.options.dryRun) return;
      const extra = type === 'handoff.items_returned' ? { counts: await countsOf(handoff) } : {};
      await webhooks.enqueue(event.tenantId, type, webhookBody(type, event, handoff, extra));
    } catch (err) {
      logger.warn({ err, tenantId: event.tenantId, handoffId: event.handoffId, event: type }, 'webhook not queued');
    }
  }
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendEvent') return appendEvent;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
