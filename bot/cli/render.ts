/**
 * Text for people at a terminal: previews, handoff status, history and item lists, from the API's read-back JSON.
 * Scripts use --json instead, which prints the API's answers unchanged.
 * @module
 */
import type { HandoffOut, ItemOut, PreviewOut } from '../api/response-schemas.js';

type TargetJson = HandoffOut['to'];
type ResolvedJson = HandoffOut['targets'][string];

function person(id: number): string {
  return `user ${id}`;
}

export function describeTarget(target: TargetJson): string {
  switch (target.type) {
    case 'user':
      return person(target.id);
    case 'head':
      return target.departmentId === undefined ? 'their head' : `the head of department ${target.departmentId}`;
    case 'department':
      return `department ${target.id}`;
    default: {
      const never: never = target;
      return never;
    }
  }
}

function describeResolved(target: ResolvedJson | undefined): string {
  if (target === undefined) return '?';
  return target.type === 'user' ? person(target.id) : `department ${target.id} (${target.memberIds.length} people)`;
}

function when(view: { mode: string; startAt: string | null; returnAt: string | null }): string {
  const parts = [view.mode === 'temporary' ? `until ${view.returnAt}` : 'permanent'];
  if (view.startAt !== null) parts.push(`starting ${view.startAt}`);
  return parts.join(', ');
}

/** Non-zero counts as `moved 10 · failed 1`, or `nothing yet`. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n}`);
  return parts.length === 0 ? 'nothing yet' : parts.join(' · ');
}

export function renderPreview(preview: PreviewOut): string {
  const lines = [`Preview: ${person(preview.from.id)}'s work, ${when(preview)}${preview.dryRun ? ' (dry run)' : ''}`];
  const width = Math.max(5, ...preview.countsByTarget.map((t) => t.kind.length));
  for (const row of preview.countsByTarget) {
    lines.push(`  ${row.kind.padEnd(width)}  ${String(row.count).padStart(6)}  → ${person(row.userId)}`);
  }
  for (const kind of preview.kinds) {
    if ((preview.countsByKind[kind] ?? 0) === 0) lines.push(`  ${kind.padEnd(width)}  ${'0'.padStart(6)}`);
  }
  lines.push(`  ${'total'.padEnd(width)}  ${String(preview.total).padStart(6)}`);
  return `${lines.join('\n')}\n`;
}

export function renderHandoff(view: HandoffOut): string {
  const lines = [
    `${view.id}  ${view.status}${view.cancelRequested && view.status === 'running' ? ' (cancelling)' : ''}  ` +
      `${person(view.from.id)} → ${describeTarget(view.to)}, ${when(view)}${view.options.dryRun ? ' (dry run)' : ''}`,
    `  items: ${view.total} — ${formatCounts(view.counts)}`,
  ];
  for (const [kind, counts] of Object.entries(view.countsByKind)) {
    lines.push(`    ${kind}: ${formatCounts(counts)} → ${describeResolved(view.targets[kind])}`);
  }
  const times: [string, string | null][] = [
    ['created', view.createdAt],
    ['started', view.startedAt],
    ['finished', view.finishedAt],
    ['return started', view.returnStartedAt],
    ['returned', view.returnedAt],
  ];
  lines.push(`  ${times.flatMap(([label, at]) => (at === null ? [] : [`${label} ${at}`])).join(' · ')}`);
  if (view.error !== null) lines.push(`  error: ${view.error}`);
  return `${lines.join('\n')}\n`;
}

export function renderHistory(handoffs: readonly HandoffOut[]): string {
  if (handoffs.length === 0) return 'No handoffs yet.\n';
  return `${handoffs
    .map(
      (h) =>
        `${h.id.padEnd(6)} ${h.status.padEnd(21)} ${person(h.from.id)} → ${describeTarget(h.to)}  ` +
        `${h.createdAt}  ${formatCounts(h.counts)}`,
    )
    .join('\n')}\n`;
}

export function renderItems(items: readonly ItemOut[]): string {
  if (items.length === 0) return 'No items.\n';
  return `${items
    .map((item) => {
      const reason = item.error ?? item.skipReason;
      return (
        `${item.kind.padEnd(10)} ${String(item.itemId).padStart(8)}  ${item.status.padEnd(8)} ` +
        `${item.originalOwnerId} → ${item.newOwnerId}  ${item.title}${reason === undefined ? '' : `  (${reason})`}`
      );
    })
    .join('\n')}\n`;
}
