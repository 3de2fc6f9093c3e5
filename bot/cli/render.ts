/**
 * Text for people at a terminal: previews, history and item lists, from the API's read-back JSON, with the names
 * it carries and instants in the reader's zone. One handoff's status is render-handoff.ts. Scripts use --json
 * instead, which prints the API's answers unchanged.
 * @module
 */

import type { HandoffOut, ItemOut, PreviewOut } from '../api/response-schemas.js';
import { personLabel } from './people-text.js';
import { formatCounts, GONE_NOTE, KEPT_NOTE } from './render-handoff.js';
import { sidesOf, sourceTag } from './render-source.js';
import type { TimeFormat } from './time-format.js';

export { formatCounts, renderHandoff } from './render-handoff.js';

/** Pads every column but the last to its widest cell, two spaces apart. */
function table(rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        return align[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
      })
      .join('  ')
      .trimEnd(),
  );
}

function whenText(view: { mode: string; startAt: string | null; returnAt: string | null }, time: TimeFormat): string {
  const parts = [
    view.mode === 'temporary' && view.returnAt !== null ? `back ${time.full(view.returnAt)}` : 'permanent',
  ];
  if (view.startAt !== null) parts.push(`starting ${time.full(view.startAt)}`);
  return parts.join(', ');
}

export function renderPreview(preview: PreviewOut, time: TimeFormat): string {
  const head = `Preview: ${personLabel(preview.from)}'s work, ${whenText(preview, time)}${preview.dryRun ? ' (dry run)' : ''}`;
  const rows: string[][] = preview.countsByTarget.map((row) => [
    row.kind,
    String(row.count),
    `→ ${personLabel({ id: row.userId, name: row.name })}`,
  ]);
  for (const kind of preview.kinds) {
    if ((preview.countsByKind[kind] ?? 0) === 0) rows.push([kind, '0', '']);
  }
  rows.push(['total', String(preview.total), '']);
  return `${[head, ...table(rows, ['left', 'right']).map((line) => `  ${line}`)].join('\n')}\n`;
}

export function renderHistory(handoffs: readonly HandoffOut[], time: TimeFormat): string {
  if (handoffs.length === 0) return 'No handoffs yet.\n';
  const rows = handoffs.map((h) => [
    h.id,
    h.status,
    `${sidesOf(h)}${sourceTag(h)}`,
    time.short(h.createdAt),
    formatCounts(h.counts),
  ]);
  return `${table(rows).join('\n')}\n`;
}

/**
 * Where one item is now, in words: `Boris Adams → Chloe Fischer`, `back to Boris Adams`, `kept by Dana Li (changed by
 * hand since)`, `deleted since`.
 */
function whereabouts(item: ItemOut, name: (id: number) => string): string {
  const from = name(item.originalOwnerId);
  const to = name(item.newOwnerId);
  switch (item.status) {
    case 'returned':
      return `back to ${from}`;
    case 'kept':
      // Items kept before the store recorded who had them carry no owner: those keep the plain note.
      return item.currentOwnerId === undefined
        ? KEPT_NOTE
        : `kept by ${name(item.currentOwnerId)} (changed by hand since)`;
    case 'gone':
      return GONE_NOTE;
    case 'skipped':
      if (item.skipReason === 'already_with_target') return `already with ${to}`;
      if (item.skipReason === 'dry_run') return `would go to ${to} (dry run)`;
      return `stays with ${from}${item.skipReason === 'closed' ? ' (closed)' : ''}`;
    default:
      // A lent item a later handoff still holds for someone away (engine/README.md, the ledger).
      if (item.status === 'moved' && item.waitingFor !== undefined) {
        const holder = item.currentOwnerId === undefined ? to : name(item.currentOwnerId);
        return `with ${holder} until ${item.waitingFor} ends, then back to ${from}`;
      }
      return `${from} → ${to}`;
  }
}

/**
 * Items as an aligned table; `names` (from the handoff's read-back) turns owner ids into names.
 * @example renderItems(page.items, new Map([[2, 'Boris Adams']]))
 */
export function renderItems(items: readonly ItemOut[], names: ReadonlyMap<number, string> = new Map()): string {
  if (items.length === 0) return 'No items.\n';
  const name = (id: number) => names.get(id) ?? `user ${id}`;
  const rows = items.map((item) => [
    item.kind,
    String(item.itemId),
    item.status,
    whereabouts(item, name),
    `${item.title}${item.error === undefined ? '' : `  (${item.error})`}`,
  ]);
  return `${table(rows, ['left', 'right']).join('\n')}\n`;
}
