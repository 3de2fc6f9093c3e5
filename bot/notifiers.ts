/**
 * Notifier plumbing: fan one engine notification out to every surface, and a notifier that writes lifecycle lines
 * to the log (always on, so a deployment without Slack still shows what its handoffs did).
 * @module
 */
import { formatHandoffNo } from '../engine/ids.js';
import type { Logger, Notifier } from '../engine/ports.js';

/** Calls every notifier; one that throws is logged and never stops the others or the engine. */
export function createCompositeNotifier(notifiers: readonly Notifier[], logger: Logger): Notifier {
  async function each(call: (n: Notifier) => Promise<void>): Promise<void> {
    await Promise.all(
      notifiers.map(async (n) => {
        try {
          await call(n);
        } catch (err) {
          logger.warn({ err }, 'notifier failed');
        }
      }),
    );
  }
  return {
    progress: (handoff, progress) => each((n) => n.progress(handoff, progress)),
    items: (handoff, items) => each((n) => n.items(handoff, items)),
    participants: (handoff, phase, counts, waiting) => each((n) => n.participants(handoff, phase, counts, waiting)),
    notice: (handoff, notice) => each(async (n) => n.notice?.(handoff, notice)),
  };
}

/** Logs the final snapshot of each run and the participant phases; per-batch detail stays at debug. */
export function createLogNotifier(logger: Logger): Notifier {
  return {
    async progress(handoff, progress) {
      const fields = {
        tenantId: handoff.tenantId,
        handoffNo: formatHandoffNo(handoff.no),
        status: handoff.status,
        phase: progress.phase,
        counts: progress.counts.byStatus,
        itemsPerSecond: Math.round(progress.itemsPerSecond * 10) / 10,
      };
      if (progress.final) logger.info(fields, `${formatHandoffNo(handoff.no)} ${progress.phase} finished`);
      else logger.debug(fields, 'progress');
    },
    async items(handoff, items) {
      logger.debug({ handoffNo: formatHandoffNo(handoff.no), items: items.length }, 'items processed');
    },
    async participants(handoff, phase) {
      logger.info({ handoffNo: formatHandoffNo(handoff.no), phase }, 'participants notified');
    },
    async notice(handoff, notice) {
      logger.info({ handoffNo: formatHandoffNo(handoff.no), notice: notice.kind, actor: notice.actor }, 'date notice');
    },
  };
}
