/**
 * One handoff for a person at a terminal (`handoff status`, and the last word of start/return/undo/cancel/retry):
 * who to whom, when, and per kind what happened in the current phase — "moved 32 to Chloe Fischer" while it is
 * away, "returned 32 to Boris Adams" once it came back, kept and deleted items said as such.
 * @module
 */

import type { HandoffOut } from '../api/response-schemas.js';
import { personLabel, personName, receiverName } from './people-text.js';
import { sidesOf, sourceLine } from './render-source.js';
import type { TimeFormat } from './time-format.js';

type Counts = Readonly<HandoffOut['counts']>;
type Waiting = NonNullable<HandoffOut['waiting']>[number];

/** Why a kept item stayed: someone changed its owner since the handoff moved it, and the return leaves that be. */
export const KEPT_NOTE = 'changed by hand since; left as is';
export const GONE_NOTE = 'deleted since';
type Phase = 'transfer' | 'return';

/** A return (or undo) has begun: counts now say what came back. */
export function phaseOf(view: Pick<HandoffOut, 'status' | 'returnStartedAt'>): Phase {
  return view.status === 'returning' || view.status === 'returned' || view.returnStartedAt !== null
    ? 'return'
    : 'transfer';
}

/** Non-zero counts as `moved 10 · failed 1`, or `nothing yet`. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n}`);
  return parts.length === 0 ? 'nothing yet' : parts.join(' · ');
}

/**
 * What happened to one kind's items, in the words of the phase.
 * @example kindSentence(counts, { phase: 'return', receiver: 'Chloe Fischer', owner: 'Boris Adams', … })
 *          // 'returned 32 to Boris Adams · kept 1 (changed by hand since; left as is)'
 */
export function kindSentence(
  counts: Counts,
  context: {
    phase: Phase;
    receiver: string;
    owner: string;
    dryRun: boolean;
    returning: boolean;
    /** This kind's lent items a later handoff still holds (the ledger): counted as moved, said as waiting. */
    waiting?: readonly Waiting[];
  },
): string {
  const { phase, receiver, owner } = context;
  const parts: string[] = [];
  const add = (n: number, text: string) => {
    if (n > 0) parts.push(text);
  };
  if (phase === 'return') {
    add(counts.returned, `returned ${counts.returned} to ${owner}`);
    const waiting = context.waiting ?? [];
    for (const w of waiting)
      add(w.count, `${w.count} waiting: home when ${w.waitingFor} ends (with ${personName(w.holder)})`);
    const moved = counts.moved - waiting.reduce((n, w) => n + w.count, 0);
    add(moved, context.returning ? `to return ${moved}` : `not returned ${moved} (still with ${receiver})`);
    add(counts.kept, `kept ${counts.kept} (${KEPT_NOTE})`);
    add(counts.gone, `gone ${counts.gone} (${GONE_NOTE})`);
  } else {
    add(counts.moved, `moved ${counts.moved} to ${receiver}`);
  }
  add(counts.pending, `waiting ${counts.pending}`);
  add(counts.skipped, context.dryRun ? `would move ${counts.skipped} to ${receiver}` : `skipped ${counts.skipped}`);
  add(counts.failed, `failed ${counts.failed}`);
  return parts.length === 0 ? 'nothing' : parts.join(' · ');
}

function whenLine(view: HandoffOut, time: TimeFormat): string {
  const parts: string[] = [];
  const back = view.status === 'returned' ? (view.returnedAt ?? view.returnAt) : view.returnAt;
  if (view.mode === 'temporary' && back !== null) {
    parts.push(`temporary, ${view.status === 'returned' ? 'back since' : 'back'} ${time.full(back)}`);
  } else {
    parts.push(phaseOf(view) === 'return' ? 'permanent, undone' : 'permanent');
  }
  if (view.startAt !== null && view.startedAt === null) parts.push(`starts ${time.full(view.startAt)}`);
  if (view.options.dryRun) parts.push('dry run: nothing changes in the portal');
  return parts.join(' · ');
}

function timesLine(view: HandoffOut, time: TimeFormat): string {
  const times: [string, string | null][] = [
    ['created', view.createdAt],
    ['started', view.startedAt],
    ['finished', view.finishedAt],
    ['return started', view.returnStartedAt],
    ['returned', view.returnedAt],
  ];
  const parts: string[] = [];
  let previous: string | undefined;
  for (const [label, at] of times) {
    // Once returned, the return's start says little more than its end.
    if (at === null || (label === 'return started' && view.returnedAt !== null)) continue;
    parts.push(`${label} ${previous === undefined ? time.full(at) : time.after(at, previous)}`);
    previous = at;
  }
  parts.push(`by ${view.initiatorUser === undefined ? view.initiator : personLabel(view.initiatorUser)}`);
  return parts.join(' · ');
}

/** Kinds not counted yet (a scheduled handoff), grouped by receiver: `to Chloe Fischer: deals, tasks`. */
function plannedLines(view: HandoffOut): string[] {
  const byReceiver = new Map<string, string[]>();
  for (const kind of view.kinds) {
    const receiver = receiverName(view.targets[kind]);
    byReceiver.set(receiver, [...(byReceiver.get(receiver) ?? []), kind]);
  }
  return [...byReceiver].map(([receiver, kinds]) => `  to ${receiver}: ${kinds.join(', ')}`);
}

export function renderHandoff(view: HandoffOut, time: TimeFormat): string {
  const phase = phaseOf(view);
  // Started now but not yet picked up by its job (a moment): "scheduled" alone would contradict "H-1 started.".
  const cancelling =
    view.cancelRequested && view.status === 'running'
      ? ' (cancelling)'
      : view.status === 'scheduled' && view.startAt === null
        ? ' (starting)'
        : '';
  const lines = [`${view.id}  ${view.status}${cancelling}  ${sidesOf(view)}`, `  ${whenLine(view, time)}`];
  const source = sourceLine(view);
  if (source !== null) lines.push(`  ${source}`);
  const kinds = Object.entries(view.countsByKind);
  if (kinds.length === 0) {
    lines.push(
      ...(view.status === 'scheduled' || view.status === 'running' ? plannedLines(view) : ['  nothing to move']),
    );
  } else {
    const width = Math.max(5, ...kinds.map(([kind]) => kind.length));
    const context = {
      phase,
      owner: personName(view.from),
      dryRun: view.options.dryRun,
      returning: view.status === 'returning',
    };
    for (const [kind, counts] of kinds) {
      const waiting = (view.waiting ?? []).filter((w) => w.kind === kind);
      const sentence = kindSentence(counts, { ...context, receiver: receiverName(view.targets[kind]), waiting });
      lines.push(`  ${kind.padEnd(width)}  ${sentence}`);
    }
    lines.push(
      `  ${'total'.padEnd(width)}  ${view.total} ${view.total === 1 ? 'item' : 'items'}: ${formatCounts(view.counts)}`,
    );
  }
  lines.push(`  ${timesLine(view, time)}`);
  if (view.error !== null) lines.push(`  error: ${view.error}`);
  return `${lines.join('\n')}\n`;
}
