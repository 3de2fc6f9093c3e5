/**
 * How each surface writes a person in command text, turned into surface-neutral PersonRefs. A surface hands the
 * grammar the syntaxes it uses; emails are always understood.
 * @module
 */
import { PortalUserId, SlackUserId } from '../engine/ids.js';
import type { PersonRef } from './person-ref.js';

export interface MentionSyntax {
  /** Matches one mention at the start of the remaining text (used sticky; no `g`/`y` flags needed). */
  readonly pattern: RegExp;
  /** The person the matched text names; null when the match is not a usable mention. */
  toRef(match: RegExpExecArray): PersonRef | null;
}

/** Slack with `should_escape: true`: `<@U123ABC>` or `<@U123ABC|anna>` (reference/slack.md §2.1). */
export const SLACK_MENTIONS: MentionSyntax = {
  pattern: /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/,
  toRef(match) {
    const id = SlackUserId.safeParse(match[1]);
    return id.success ? { kind: 'slack', id: id.data } : null;
  },
};

/** Bitrix24 chat: `[USER=12]Anna Petrenko[/USER]` (the name may contain spaces). */
export const BITRIX24_MENTIONS: MentionSyntax = {
  pattern: /\[USER=(\d{1,12})\][^[]*\[\/USER\]/i,
  toRef(match) {
    const id = PortalUserId.safeParse(match[1]);
    return id.success ? { kind: 'portal', id: id.data } : null;
  },
};

/** CLI and API: a portal user id written `@12` or `id:12`. */
export const PORTAL_ID_MENTIONS: MentionSyntax = {
  pattern: /(?:@|id:)(\d{1,12})(?![\w@.])/i,
  toRef(match) {
    const id = PortalUserId.safeParse(match[1]);
    return id.success ? { kind: 'portal', id: id.data } : null;
  },
};

/** An email address; every surface accepts one (Slack may wrap it as `<mailto:a@b.c|a@b.c>`). */
export const EMAIL_MENTIONS: MentionSyntax = {
  pattern: /<mailto:([^|>\s]+@[^|>\s]+)(?:\|[^>]*)?>|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})(?![\w.-])/,
  toRef(match) {
    const email = (match[1] ?? match[2] ?? '').toLowerCase();
    return email.length > 0 && email.length <= 254 ? { kind: 'email', email } : null;
  },
};
