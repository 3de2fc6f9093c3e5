/**
 * Thread summaries: item batches as a few messages (≤ 25 lines each, sections ≤ 3000 chars), never one message
 * per item; failures listed with the portal's reason.
 * @module
 */
import { formatHandoffNo } from '../../../engine/ids.js';
import type { Handoff } from '../../../engine/model.js';
import type { ItemSummary } from '../../../engine/ports.js';
import { clip, compact, context, escapeMrkdwn, section } from './blocks.js';
import { kindLabel } from './labels.js';
import type { RenderedMessage } from './progress.js';

const LINES_PER_MESSAGE = 25;

function itemLine(item: ItemSummary): string {
  const title = clip(escapeMrkdwn(item.title || `#${item.itemId}`), 120);
  const reason = item.status === 'failed' && item.error ? ` — ${clip(escapeMrkdwn(item.error), 200)}` : '';
  return `• ${kindLabel(item.kind)} #${item.itemId} ${title}: *${item.status}*${reason}`;
}

export function renderItemSummaries(handoff: Handoff, items: readonly ItemSummary[]): RenderedMessage[] {
  const ordered = [...items].sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed'));
  const messages: RenderedMessage[] = [];
  for (let i = 0; i < ordered.length; i += LINES_PER_MESSAGE) {
    const chunk = ordered.slice(i, i + LINES_PER_MESSAGE);
    const failed = chunk.filter((it) => it.status === 'failed').length;
    const heading = `${formatHandoffNo(handoff.no)}: ${chunk.length} items${failed > 0 ? `, ${failed} failed` : ''}`;
    messages.push({
      text: heading,
      blocks: compact([context(heading), section(chunk.map(itemLine).join('\n'))]),
    });
  }
  return messages;
}
