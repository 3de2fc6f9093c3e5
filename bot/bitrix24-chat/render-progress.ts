/**
 * What the Bitrix24 notifier writes: the progress message of a handoff (edited in place, with the buttons its
 * state allows), item summaries (grouped per kind and status, failures with the portal's reason), and the
 * participant digest sent as a notification. BB codes; portal text escaped. The facts come from the same helpers
 * the Slack renderers use (digest recipients, labels, allowed actions).
 * @module
 */
import { allowedActions } from '../../commands/render-replies.js';
import { formatInstant } from '../../commands/time-zone.js';
import { formatHandoffNo } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { Handoff, Progress, StatusCounts } from '../../engine/model.js';
import type { ItemSummary, ParticipantPhase } from '../../engine/ports.js';
import { type DigestWaiting, waitingWords } from '../slack/render/digest.js';
import { groupItemSummaries, kindCountsText, kindLabel, paceText, statusText } from '../slack/render/labels.js';
import { type BotMessage, escapeBb, renderReply } from './render.js';

function kindLine(kind: EntityKind, counts: StatusCounts, phase: Progress['phase']): string {
  return `[B]${kindLabel(kind)}[/B] ${kindCountsText(counts, phase)}`;
}

export function renderProgress(handoff: Handoff, progress: Progress): BotMessage {
  const ref = formatHandoffNo(handoff.no);
  const { counts } = progress;
  const done = counts.total - counts.byStatus.pending;
  const dry = handoff.plan.options.dryRun ? ' (dry run)' : '';
  const lines = (Object.entries(counts.byKind) as [EntityKind, StatusCounts][]).map(([kind, c]) =>
    kindLine(kind, c, progress.phase),
  );
  const pace = paceText(progress);
  const failureNote = counts.byStatus.failed > 0 ? ' · failures are listed below' : '';
  const buttons = renderReply({
    type: 'text',
    tone: 'info',
    text: '',
    actions: allowedActions(handoff, { handoff, counts }),
  }).keyboard;
  return {
    text: [
      `[B]${ref}[/B]${dry} · ${statusText(handoff.status)} · ${done}/${counts.total} items`,
      lines.join('\n') || undefined,
      `[I]${pace}${failureNote}[/I]`,
    ]
      .filter((part) => part !== undefined)
      .join('\n'),
    keyboard: buttons,
  };
}

const MAX_FAILURE_LINES = 20;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function itemName(item: ItemSummary): string {
  return `${clip(escapeBb(item.title || 'untitled'), 40)} #${item.itemId}`;
}

/** One summary of items; `before` items were listed in earlier summaries of the same handoff. */
export function renderItemSummary(handoff: Handoff, items: readonly ItemSummary[], before = 0): BotMessage {
  const { groups, failures } = groupItemSummaries(items);
  const lines = [...groups].map(([key, list]) =>
    clip(
      `[B]${key}[/B] (${list.length}): ${list
        .map((it) =>
          (it.status === 'kept' || it.waitingForNo !== undefined) && it.currentOwnerId !== undefined
            ? `${itemName(it)} (with [USER=${it.currentOwnerId}]user #${it.currentOwnerId}[/USER])`
            : itemName(it),
        )
        .join(', ')}`,
      1400,
    ),
  );
  const failureLines = failures
    .slice(0, MAX_FAILURE_LINES)
    .map((it) => `• ${kindLabel(it.kind)} ${itemName(it)}: ${clip(escapeBb(it.error ?? 'failed'), 200)}`);
  if (failures.length > MAX_FAILURE_LINES)
    failureLines.push(`…and ${failures.length - MAX_FAILURE_LINES} more failed.`);
  const count = before === 0 ? `${items.length} items` : `${items.length} more items (${before + items.length} so far)`;
  const heading = `${formatHandoffNo(handoff.no)}: ${count}${failures.length > 0 ? `, ${failures.length} failed` : ''}`;
  return {
    text: [
      `[I]${heading}[/I]`,
      ...lines,
      failureLines.length > 0 ? `[B]Failed[/B]\n${failureLines.join('\n')}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join('\n'),
    keyboard: [],
  };
}

export interface DigestText {
  readonly handoff: Handoff;
  readonly phase: ParticipantPhase;
  readonly role: 'from' | 'to';
  readonly kinds: readonly { readonly kind: EntityKind; readonly count: number; readonly shared?: number }[];
  readonly fromName: string;
  readonly toNames: readonly string[];
  readonly timeZone: string;
  /** The from-user's digest at a return: lent items a later handoff still holds. */
  readonly waiting?: readonly DigestWaiting[];
}

/** The participant digest as one notification text. */
export function renderDigestText(input: DigestText): string {
  const { handoff, phase, role } = input;
  const ref = formatHandoffNo(handoff.no);
  const total = input.kinds.reduce((a, k) => a + k.count, 0);
  const what = input.kinds
    .map(
      (k) => `• ${kindLabel(k.kind)}: ${k.count}${k.shared !== undefined ? ` (shared among ${k.shared} people)` : ''}`,
    )
    .join('\n');
  const when = handoff.plan.when;
  const until = when.mode === 'temporary' ? `until ${formatInstant(when.returnAt, input.timeZone)}` : 'for good';
  const dry = handoff.plan.options.dryRun ? ' (dry run: nothing changed in the portal)' : '';
  const fromName = escapeBb(input.fromName);
  const toNames = input.toNames.map(escapeBb).join(', ') || 'their new owners';
  const late = phase === 'returned' && role === 'from' ? waitingWords(ref, total, input.waiting ?? [], escapeBb) : null;
  const headline = late
    ? late.headline
    : phase === 'returned'
      ? role === 'from'
        ? `${ref}: ${total} items came back to you${dry}.`
        : `${ref}: ${total} items you were covering went back to ${fromName}${dry}.`
      : role === 'from'
        ? `${ref}: ${total} of your items moved to ${toNames} ${until}${dry}.`
        : `${ref}: ${total} items of ${fromName} moved to you ${until}${dry}.`;
  return [
    headline,
    what,
    late ? `${late.title}:\n${late.lines}` : '',
    `Write "status ${ref}" to the Handoff bot to see the list.`,
  ]
    .filter(Boolean)
    .join('\n');
}
