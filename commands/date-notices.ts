/**
 * The words of a date notice (issue 12): told to the absent person and to the backup when a handoff with a later
 * start is scheduled, moved or cancelled, so nobody first hears of a vacation when the work lands. Surface-neutral:
 * Slack (bot/slack/render/notice.ts) and any other chat surface render this text.
 * @module
 */
import type { HandoffNotice } from '../engine/ports.js';

export interface DateNoticeFacts {
  /** `H-3`. */
  readonly ref: string;
  readonly kind: HandoffNotice['kind'];
  /** Whose work it is (`from`), or who covers it (`to`). */
  readonly role: 'from' | 'to';
  readonly fromName: string;
  /** Who covers, for the absent person's notice. */
  readonly toNames: readonly string[];
  /** Instants already written in the reader's zone. */
  readonly startText?: string;
  readonly returnText?: string;
  readonly previousStartText?: string;
  readonly previousReturnText?: string;
}

function span(start: string | undefined, end: string | undefined): string {
  const from = start ? `from ${start}` : 'from now';
  return end ? `${from} until ${end}` : `${from}, for good`;
}

/**
 * One sentence (two for a move) for one reader.
 * @example dateNoticeText({ ref: 'H-3', kind: 'scheduled', role: 'to', fromName: 'Anna', toNames: ['Ben'], startText: 'Mon 21 Dec, 09:00', returnText: 'Mon 4 Jan, 09:00' })
 * // 'H-3: you will cover Anna's work from Mon 21 Dec, 09:00 until Mon 4 Jan, 09:00. Nothing moves before then.'
 */
export function dateNoticeText(f: DateNoticeFacts): string {
  const when = span(f.startText, f.returnText);
  const covers = f.toNames.length > 0 ? f.toNames.join(', ') : 'your backup';
  switch (f.kind) {
    case 'scheduled':
      return f.role === 'from'
        ? `${f.ref}: while you are away ${when}, ${covers} will cover your work. Nothing moves before then.`
        : `${f.ref}: you will cover ${f.fromName}'s work ${when}. Nothing moves before then.`;
    case 'moved': {
      const before =
        f.previousStartText || f.previousReturnText
          ? ` (was ${span(f.previousStartText ?? f.startText, f.previousReturnText)})`
          : '';
      return f.role === 'from'
        ? `${f.ref}: the dates of your absence changed: now ${when}${before}. ${covers} covers your work then.`
        : `${f.ref}: the dates you cover ${f.fromName} changed: now ${when}${before}.`;
    }
    case 'cancelled':
      return f.role === 'from'
        ? `${f.ref}: the cover for your absence ${when} is cancelled. Nothing moved.`
        : `${f.ref}: you no longer cover ${f.fromName}'s work ${when}: it is cancelled. Nothing moved.`;
    default: {
      const never: never = f.kind;
      return never;
    }
  }
}
