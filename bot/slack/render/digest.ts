/**
 * The participant digest DM: what moved to or away from them, how many, until when, and how to see the list.
 * One per participant and phase.
 * @module
 */
import { formatInstant } from '../../../commands/time-zone.js';
import { formatHandoffNo, type PortalUserId } from '../../../engine/ids.js';
import type { EntityKind } from '../../../engine/kinds.js';
import type { Handoff, ItemCounts } from '../../../engine/model.js';
import type { ParticipantPhase } from '../../../engine/ports.js';
import type { WaitingGroup } from '../../../engine/waiting.js';
import { compact, context, escapeMrkdwn, section } from './blocks.js';
import { kindLabel } from './labels.js';
import type { RenderedMessage } from './progress.js';

export interface DigestInput {
  readonly handoff: Handoff;
  readonly phase: ParticipantPhase;
  readonly role: 'from' | 'to';
  /** Per kind, how many items concern this participant. */
  readonly kinds: readonly { readonly kind: EntityKind; readonly count: number; readonly shared?: number }[];
  readonly fromName: string;
  /** Receiver names for the from-user's digest. */
  readonly toNames: readonly string[];
  readonly timeZone: string;
  /** The from-user's digest at a return: lent items a later handoff still holds (engine/waiting.ts). */
  readonly waiting?: readonly DigestWaiting[];
}

/** Items of a kind on their way home: with `holderName` until `handoffRef` ends. */
export interface DigestWaiting {
  readonly kind: EntityKind;
  readonly count: number;
  readonly handoffRef: string;
  readonly holderName: string;
}

/**
 * The from-user's return headline and the lines of what still waits, in plain words each surface escapes:
 * `H-1: 3 items came back to you; 2 more are on their way.` / `• Deals: 2 with Carl Dunn, home when H-4 ends`.
 * Null when nothing waits (the usual headline then).
 */
export function waitingWords(
  ref: string,
  total: number,
  waiting: readonly DigestWaiting[],
  escapeName: (text: string) => string,
): { headline: string; title: string; lines: string } | null {
  const n = waiting.reduce((a, w) => a + w.count, 0);
  if (n === 0) return null;
  return {
    headline:
      total > 0
        ? `${ref}: ${total} items came back to you; ${n} more are on their way.`
        : `${ref} has ended; ${n} of your items are still on their way back to you.`,
    title: `Still on their way (${n})`,
    lines: waiting
      .map((w) => `• ${kindLabel(w.kind)}: ${w.count} with ${escapeName(w.holderName)}, home when ${w.handoffRef} ends`)
      .join('\n'),
  };
}

/** The engine's waiting groups with their holders named (`names` from portal user ids). */
export function digestWaiting(waiting: readonly WaitingGroup[], names: ReadonlyMap<number, string>): DigestWaiting[] {
  return waiting.map((w) => ({
    kind: w.kind,
    count: w.count,
    handoffRef: formatHandoffNo(w.onwardHandoffNo),
    holderName: names.get(w.holderId) ?? `user #${w.holderId}`,
  }));
}

type KindCount = { kind: EntityKind; count: number; shared?: number };

/** Per kind, how many items this phase moved (or returned). */
export function participantKinds(handoff: Handoff, counts: ItemCounts, phase: ParticipantPhase): KindCount[] {
  return (Object.entries(counts.byKind) as [EntityKind, NonNullable<ItemCounts['byKind'][EntityKind]>][])
    .map(([kind, c]) => ({
      kind,
      count: phase === 'returned' ? c.returned : c.moved + (handoff.plan.options.dryRun ? c.skipped : 0),
    }))
    .filter((k) => k.count > 0);
}

/**
 * Who gets a digest: the from-user (everything) and each receiver (the kinds they received; for a department, the
 * kind's count and how many people share it). The from-user first.
 */
export function digestRecipients(
  handoff: Handoff,
  counts: ItemCounts,
  phase: ParticipantPhase,
): { from: PortalUserId; people: { id: PortalUserId; role: 'from' | 'to'; kinds: KindCount[] }[] } {
  const kinds = participantKinds(handoff, counts, phase);
  const from = handoff.plan.fromUserId;
  const receivers = new Map<PortalUserId, KindCount[]>();
  for (const { kind, count } of kinds) {
    const target = handoff.targets[kind];
    if (target === undefined) continue;
    const ids = target.type === 'user' ? [target.userId] : target.memberIds;
    for (const id of ids) {
      const list = receivers.get(id) ?? [];
      list.push(target.type === 'user' ? { kind, count } : { kind, count, shared: ids.length });
      receivers.set(id, list);
    }
  }
  return {
    from,
    people: [
      { id: from, role: 'from', kinds },
      ...[...receivers].filter(([id]) => id !== from).map(([id, k]) => ({ id, role: 'to' as const, kinds: k })),
    ],
  };
}

export function renderDigest(input: DigestInput): RenderedMessage {
  const { handoff, phase, role } = input;
  const ref = formatHandoffNo(handoff.no);
  const total = input.kinds.reduce((a, k) => a + k.count, 0);
  // A department's members share a kind's items; only the from-user's digest counts them as theirs.
  const shared = role === 'to' && input.kinds.some((k) => k.shared !== undefined);
  const yours =
    role === 'to' ? input.kinds.filter((k) => k.shared === undefined).reduce((a, k) => a + k.count, 0) : total;
  const subject = shared
    ? `${yours} items, plus a share of ${total - yours} more for your department,`
    : `${total} items`;
  const what = input.kinds
    .map(
      (k) => `• ${kindLabel(k.kind)}: ${k.count}${k.shared !== undefined ? ` (shared among ${k.shared} people)` : ''}`,
    )
    .join('\n');
  const when = handoff.plan.when;
  const until = when.mode === 'temporary' ? `until ${formatInstant(when.returnAt, input.timeZone)}` : 'for good';
  const dry = handoff.plan.options.dryRun ? ' (dry run: nothing changed in the portal)' : '';
  const late =
    phase === 'returned' && role === 'from' ? waitingWords(ref, total, input.waiting ?? [], escapeMrkdwn) : null;
  let headline: string;
  if (late !== null) {
    headline = late.headline;
  } else if (phase === 'returned') {
    headline =
      role === 'from'
        ? `${ref}: ${total} items came back to you${dry}.`
        : `${ref}: ${subject} you were covering went back to ${input.fromName}${dry}.`;
  } else {
    headline =
      role === 'from'
        ? `${ref}: ${total} of your items moved to ${input.toNames.join(', ') || 'their new owners'} ${until}${dry}.`
        : `${ref}: ${subject} of ${input.fromName} moved to you ${until}${dry}.`;
  }
  return {
    text: headline,
    blocks: compact([
      section(headline),
      what ? section(what) : undefined,
      late !== null ? section(`*${late.title}*\n${late.lines}`) : undefined,
      context(`See the list with \`/handoff status ${ref}\`.`),
    ]),
  };
}
