/**
 * Thread summaries: one message per batch the engine hands over (never one per item). Items are grouped per kind
 * and status on one line each ("Deals moved (48): Acme #12, Beta #13, …"; a kept item names who has it now);
 * failures get a line each with the portal's reason. Sections stay under Slack's 3000 characters.
 * @module
 */
import { formatHandoffNo } from '../../../engine/ids.js';
import type { Handoff } from '../../../engine/model.js';
import type { ItemSummary } from '../../../engine/ports.js';
import { clip, compact, context, escapeMrkdwn, section } from './blocks.js';
import { groupItemSummaries, kindLabel } from './labels.js';
import type { RenderedMessage } from './progress.js';

const MAX_FAILURE_LINES = 20;

function itemName(item: ItemSummary): string {
  return `${clip(escapeMrkdwn(item.title || 'untitled'), 40)} #${item.itemId}`;
}

/** A kept (or waiting) item says who has it now, so whoever reads the thread knows whom to ask. */
function listedName(item: ItemSummary, names: ReadonlyMap<number, string>): string {
  const says = item.status === 'kept' || item.waitingForNo !== undefined;
  if (!says || item.currentOwnerId === undefined) return itemName(item);
  const holder = names.get(item.currentOwnerId) ?? `user #${item.currentOwnerId}`;
  return `${itemName(item)} (with ${escapeMrkdwn(holder)})`;
}

/**
 * `names` turns portal user ids into names where the caller knows them; others read `user #7`. `before` is how many
 * items earlier summaries of the handoff listed: a later summary reads "2 more items (52 so far)", as Bitrix24's does.
 */
export function renderItemSummary(
  handoff: Handoff,
  items: readonly ItemSummary[],
  names: ReadonlyMap<number, string> = new Map(),
  before = 0,
): RenderedMessage {
  const { groups, failures } = groupItemSummaries(items);
  const lines = [...groups].map(([key, list]) =>
    clip(`*${key}* (${list.length}): ${list.map((it) => listedName(it, names)).join(', ')}`, 1400),
  );
  const failureLines = failures
    .slice(0, MAX_FAILURE_LINES)
    .map((it) => `• ${kindLabel(it.kind)} ${itemName(it)}: ${clip(escapeMrkdwn(it.error ?? 'failed'), 200)}`);
  if (failures.length > MAX_FAILURE_LINES)
    failureLines.push(`…and ${failures.length - MAX_FAILURE_LINES} more failed.`);
  const count = before === 0 ? `${items.length} items` : `${items.length} more items (${before + items.length} so far)`;
  const heading = `${formatHandoffNo(handoff.no)}: ${count}${failures.length > 0 ? `, ${failures.length} failed` : ''}`;
  return {
    text: heading,
    blocks: compact([
      context(heading),
      lines.length > 0 ? section(clip(lines.join('\n'), 3000)) : undefined,
      failureLines.length > 0 ? section(clip(`*Failed*\n${failureLines.join('\n')}`, 3000)) : undefined,
    ]),
  };
}
