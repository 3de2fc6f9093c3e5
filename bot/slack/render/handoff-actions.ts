/**
 * The buttons a handoff offers in its state (progress message, App Home): Cancel while scheduled or running,
 * Retry failed when items failed, Return now while a return is scheduled, Undo once a transfer finished.
 * Values are `H-n`, as commands/reply.ts defines for these action ids.
 * @module
 */
import type { ReplyAction } from '../../../commands/reply.js';
import { formatHandoffNo } from '../../../engine/ids.js';
import type { Handoff, ItemCounts } from '../../../engine/model.js';

export function handoffActions(handoff: Handoff, counts: ItemCounts): ReplyAction[] {
  const ref = formatHandoffNo(handoff.no);
  const list: ReplyAction[] = [];
  const finished = handoff.status === 'completed' || handoff.status === 'completed_with_errors';
  if (handoff.status === 'scheduled' || handoff.status === 'running') {
    list.push({
      id: 'cancel',
      label: 'Cancel',
      value: ref,
      style: 'danger',
      confirm: {
        title: `Cancel ${ref}?`,
        text: 'It stops after the current batch. What already moved stays moved (Undo gives it back).',
        yes: 'Cancel it',
        no: 'Keep going',
      },
    });
  }
  if (
    counts.byStatus.failed > 0 &&
    (finished || handoff.status === 'failed' || handoff.status === 'return_scheduled')
  ) {
    list.push({ id: 'retry', label: 'Retry failed', value: ref });
  }
  if (handoff.status === 'return_scheduled') {
    list.push({ id: 'return_now', label: 'Return now', value: ref, style: 'primary' });
  }
  if (finished && !handoff.plan.options.dryRun && counts.byStatus.moved > 0) {
    list.push({
      id: 'undo',
      label: 'Undo',
      value: ref,
      confirm: {
        title: `Undo ${ref}?`,
        text: 'Everything it moved goes back to its original owner, except items someone changed since.',
        yes: 'Undo',
        no: 'Keep',
      },
    });
  }
  return list;
}
