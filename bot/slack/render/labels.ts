/**
 * Short labels the Slack renderers share: entity kinds, handoff statuses, durations.
 * @module
 */
import { type EntityKind, isStaticKind, staticKindLabel } from '../../../engine/kinds.js';
import type { HandoffStatus } from '../../../engine/model.js';

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
