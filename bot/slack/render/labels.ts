/**
 * Short labels the Slack and Bitrix24 chat renderers share: entity kinds, handoff statuses, durations, progress
 * counts and pace. Plain words; each surface adds its own markup.
 * @module
 */

import { formatHandoffNo } from '../../../engine/ids.js';
import { type EntityKind, isStaticKind, staticKindLabel } from '../../../engine/kinds.js';
import type { HandoffStatus, Progress, StatusCounts } from '../../../engine/model.js';
import type { ItemSummary } from '../../../engine/ports.js';

export function kindLabel(kind: EntityKind, labels?: ReadonlyMap<string, string>): string {
  return labels?.get(kind) ?? (isStaticKind(kind) ? staticKindLabel(kind) : `Smart process ${kind.slice(4)}`);
}

const STATUS_TEXT: Record<HandoffStatus, string> = {
  scheduled: 'scheduled',
  running: 'running',
  completed: 'completed',
  completed_with_errors: 'completed with errors',
  failed: 'failed',
  cancelled: 'cancelled',
  return_scheduled: 'moved; return scheduled',
  returning: 'returning',
  returned: 'returned',
};

export function statusText(status: HandoffStatus): string {
  return STATUS_TEXT[status];
}

/** "45 s", "3 min", "1 h 20 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * A kind's counts in a progress message, after its label: `(12): 10 moved · 2 skipped · 1 failed` (a return:
 * returned, kept, gone, and items not back yet). Failed and pending only when there are any.
 */
export function kindCountsText(counts: StatusCounts, phase: Progress['phase']): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts =
    phase === 'return'
      ? [`${counts.returned} returned`, `${counts.kept} kept`, `${counts.gone} gone`]
      : [`${counts.moved} moved`, `${counts.skipped} skipped`];
  // A return's moved items are not back yet: still to do, or lent on and waiting for a later handoff (the ledger).
  if (phase === 'return' && counts.moved > 0) parts.push(`${counts.moved} not back yet`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.pending > 0) parts.push(`${counts.pending} pending`);
  return `(${total}): ${parts.join(' · ')}`;
}

/** The pace line: `Finished at 3.2 items/s`, or `3.2 items/s · about 2 min left` (`counting items…` before a count). */
export function paceText(progress: Progress): string {
  return progress.final
    ? `Finished${progress.itemsPerSecond > 0 ? ` at ${progress.itemsPerSecond.toFixed(1)} items/s` : ''}`
    : `${progress.itemsPerSecond.toFixed(1)} items/s · ${
        progress.etaSeconds === null ? 'counting items…' : `about ${formatDuration(progress.etaSeconds)} left`
      }`;
}

/**
 * A thread summary's items grouped under their heading (`Deals moved`, `Deals home when H-4 ends`), and the failed
 * ones apart: what both chats' item summaries list, each in its own markup.
 */
export function groupItemSummaries(items: readonly ItemSummary[]): {
  readonly groups: ReadonlyMap<string, readonly ItemSummary[]>;
  readonly failures: readonly ItemSummary[];
} {
  const groups = new Map<string, ItemSummary[]>();
  const failures = items.filter((it) => it.status === 'failed');
  for (const item of items) {
    if (item.status === 'failed') continue;
    // A lent item a later handoff still holds comes home when that one ends (engine/README.md, the ledger).
    const key =
      item.waitingForNo !== undefined
        ? `${kindLabel(item.kind)} home when ${formatHandoffNo(item.waitingForNo)} ends`
        : `${kindLabel(item.kind)} ${item.status}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return { groups, failures };
}
