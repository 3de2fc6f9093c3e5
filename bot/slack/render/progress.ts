/**
 * The progress message of a handoff: status, counts per kind, rate and ETA, and the buttons its state allows.
 * Edited in place (chat.update needs text and blocks every time, slack.md §3.1).
 * @module
 */

import { allowedActions } from '../../../commands/render-replies.js';
import { formatHandoffNo } from '../../../engine/ids.js';
import type { EntityKind } from '../../../engine/kinds.js';
import type { Handoff, Progress, StatusCounts } from '../../../engine/model.js';
import { actions, type Block, compact, context, section } from './blocks.js';
import { kindCountsText, kindLabel, paceText, statusText } from './labels.js';

export interface RenderedMessage {
  readonly text: string;
  readonly blocks: Block[];
}

function kindLine(kind: EntityKind, counts: StatusCounts, phase: Progress['phase']): string {
  return `*${kindLabel(kind)}* ${kindCountsText(counts, phase)}`;
}

export function renderProgress(handoff: Handoff, progress: Progress): RenderedMessage {
  const ref = formatHandoffNo(handoff.no);
  const { counts } = progress;
  const done = counts.total - counts.byStatus.pending;
  const dry = handoff.plan.options.dryRun ? ' (dry run)' : '';
  const title = `*${ref}*${dry} · ${statusText(handoff.status)} · ${done}/${counts.total} items`;
  const lines = (Object.entries(counts.byKind) as [EntityKind, StatusCounts][]).map(([kind, c]) =>
    kindLine(kind, c, progress.phase),
  );
  const pace = paceText(progress);
  const failureNote = counts.byStatus.failed > 0 ? ' · failures are listed in the thread' : '';
  const text = `${ref}${dry}: ${statusText(handoff.status)}, ${done}/${counts.total} items`;
  return {
    text,
    blocks: compact([
      section(title),
      lines.length > 0 ? section(lines.join('\n')) : undefined,
      context(`${pace}${failureNote}`),
      actions(allowedActions(handoff, { handoff, counts })),
    ]),
  };
}
