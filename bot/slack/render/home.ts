/**
 * The App Home tab: the user's active and recent handoffs with status and the same buttons as the progress
 * message (slack.md §6). One views.publish replaces the whole view; ≤ 100 blocks.
 * @module
 */

import { allowedActions } from '../../../commands/render-replies.js';
import { formatInstant } from '../../../commands/time-zone.js';
import { formatHandoffNo } from '../../../engine/ids.js';
import { ACTIVE_STATUSES } from '../../../engine/model.js';
import type { HandoffView } from '../../../engine/service-types.js';
import { actions, type Block, compact, context, divider, header, section } from './blocks.js';
import { statusText } from './labels.js';

export interface HomeView {
  readonly type: 'home';
  readonly blocks: Block[];
}

function handoffBlocks(view: HandoffView, timeZone: string, names: ReadonlyMap<number, string>): (Block | undefined)[] {
  const { handoff, counts } = view;
  const ref = formatHandoffNo(handoff.no);
  const from = names.get(handoff.plan.fromUserId) ?? `user #${handoff.plan.fromUserId}`;
  const done = counts.total - counts.byStatus.pending;
  const when = handoff.plan.when;
  const until = when.mode === 'temporary' ? ` · returns ${formatInstant(when.returnAt, timeZone)}` : '';
  const failed = counts.byStatus.failed > 0 ? ` · ${counts.byStatus.failed} failed` : '';
  return [
    section(
      `*${ref}* · ${from}'s work · ${statusText(handoff.status)}${handoff.plan.options.dryRun ? ' (dry run)' : ''}`,
    ),
    context(`${done}/${counts.total} items${failed}${until} · started ${formatInstant(handoff.createdAt, timeZone)}`),
    actions(allowedActions(handoff, view), `home-${handoff.no}`),
  ];
}

export function renderHome(
  views: readonly HandoffView[],
  timeZone: string,
  names: ReadonlyMap<number, string>,
): HomeView {
  const active = views.filter((v) => ACTIVE_STATUSES.includes(v.handoff.status));
  const recent = views.filter((v) => !ACTIVE_STATUSES.includes(v.handoff.status));
  const blocks: (Block | undefined)[] = [header('Your handoffs')];
  blocks.push(section(active.length > 0 ? '*Active*' : '*Active*\nNothing running or waiting to return.'));
  for (const v of active) blocks.push(...handoffBlocks(v, timeZone, names));
  blocks.push(divider(), section(recent.length > 0 ? '*Recent*' : '*Recent*\nNo finished handoffs yet.'));
  for (const v of recent) blocks.push(...handoffBlocks(v, timeZone, names));
  blocks.push(context('Start one with `/handoff` in any channel.'));
  return { type: 'home', blocks: compact(blocks, 100) };
}
