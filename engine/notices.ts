/**
 * Notices about the dates of a handoff (scheduled with a later start, moved, cancelled before it started) for the
 * from-user and the receivers, through the optional `Notifier.notice`. Never throws: a chat surface that fails to
 * deliver one must not undo or block the change it reports.
 * @module
 */
import type { EngineContext } from './context.js';
import type { Handoff } from './model.js';
import type { HandoffNotice } from './ports.js';

/** Sends a notice unless the plan is quiet or a dry run, or no surface renders notices. */
export async function sendNotice(
  ctx: Pick<EngineContext, 'notifier' | 'logger'>,
  handoff: Handoff,
  notice: HandoffNotice,
): Promise<void> {
  const { options } = handoff.plan;
  if (!options.notify || options.dryRun || ctx.notifier.notice === undefined) return;
  try {
    await ctx.notifier.notice(handoff, notice);
  } catch (err) {
    ctx.logger.warn({ err, notice: notice.kind, tenantId: handoff.tenantId, handoffId: handoff.id }, 'notice failed');
  }
}
