/**
 * Renders the surface-neutral Reply (commands/reply.ts) as a Bitrix24 bot message: BB-code text plus a keyboard of
 * COMMAND buttons (reference §10.1). Every button runs the bot's registered `handoff` command with
 * `COMMAND_PARAMS = "<action id> <value>"`, so a press comes back as ONIMCOMMANDADD (context KEYBOARD) and goes
 * to commands/run.ts's runAction unchanged. No decisions here: what to say and which buttons come from commands/.
 * Text from the portal (names, titles) is escaped so it cannot forge BB codes such as `[USER=1]`.
 * @module
 */
import type { PreviewReply, Reply, ReplyAction, ReplyHandoff, ReplyPerson, ReplyTarget } from '../../commands/reply.js';
import { REPLY_ACTION_IDS, type ReplyActionId, type ReplyActionRequest } from '../../commands/reply.js';
import { kindStatusLine } from '../../commands/status-words.js';

/** The command every keyboard button runs (registered at install). */
export const BOT_COMMAND = 'handoff';

/** A keyboard button (reference §10.1: TEXT plus exactly one action). */
export interface KeyboardButton {
  readonly TEXT: string;
  readonly COMMAND: string;
  readonly COMMAND_PARAMS: string;
  readonly BG_COLOR_TOKEN: 'primary' | 'alert' | 'secondary';
  readonly BLOCK: 'Y';
  readonly DISPLAY: 'LINE';
}

export interface BotMessage {
  /** BB codes allowed; never empty (an empty MESSAGE deletes on update). */
  readonly text: string;
  readonly keyboard: readonly KeyboardButton[];
}

/** Neutralises BB-code brackets in text from the portal or people (titles, names). */
export function escapeBb(text: string): string {
  return text.replace(/\[/g, '⁅').replace(/\]/g, '⁆');
}

const bold = (text: string) => `[B]${text}[/B]`;

/** A native mention for a portal user, the name otherwise. */
export function personBb(person: ReplyPerson): string {
  const id = person.portalUserId ?? (person.ref?.kind === 'portal' ? person.ref.id : undefined);
  return id === undefined ? bold(escapeBb(person.name)) : `[USER=${id}]${escapeBb(person.name)}[/USER]`;
}

function targetBb(target: ReplyTarget): string {
  switch (target.type) {
    case 'user':
      return personBb(target.person);
    case 'head':
      return target.person ? `${personBb(target.person)} (head)` : 'their head';
    case 'department':
      return `${escapeBb(target.name ?? `department #${target.departmentId}`)}${target.members ? ` (${target.members} people)` : ''}`;
    default: {
      const never: never = target;
      return never;
    }
  }
}

/** Buttons of destructive actions ask first (the keyboard has no confirm dialog): their params start with this. */
export const ASK_PREFIX = 'ask';

function button(action: ReplyAction): KeyboardButton {
  return {
    TEXT: action.label,
    COMMAND: BOT_COMMAND,
    COMMAND_PARAMS: `${action.confirm ? `${ASK_PREFIX} ` : ''}${action.id} ${action.value}`.trim(),
    BG_COLOR_TOKEN: action.style === 'primary' ? 'primary' : action.style === 'danger' ? 'alert' : 'secondary',
    BLOCK: 'Y',
    DISPLAY: 'LINE',
  };
}

/**
 * Reads a pressed button's COMMAND_PARAMS back into the action commands/ rendered (`ask` set when the button only
 * asks for a confirmation first); null when it is not one.
 */
export function parseButtonParams(params: string): (ReplyActionRequest & { readonly ask: boolean }) | null {
  let trimmed = params.trim();
  const ask = trimmed.startsWith(`${ASK_PREFIX} `);
  if (ask) trimmed = trimmed.slice(ASK_PREFIX.length + 1);
  const space = trimmed.indexOf(' ');
  const id = space < 0 ? trimmed : trimmed.slice(0, space);
  const value = space < 0 ? '' : trimmed.slice(space + 1);
  return (REPLY_ACTION_IDS as readonly string[]).includes(id) ? { id: id as ReplyActionId, value, ask } : null;
}

/** `/handoff status H-3` → `status H-3`: Slack's slash command is not how one talks to the bot in Bitrix24 chat. */
function withoutSlash(usage: string): string {
  return usage.replace(/^\/handoff /, '');
}

/** The question a destructive button asks before it acts: its confirm text, Yes (the action itself) and No. */
export function renderConfirm(action: ReplyActionRequest, confirm: NonNullable<ReplyAction['confirm']>): BotMessage {
  return {
    text: `${bold(escapeBb(confirm.title))}\n${escapeBb(confirm.text)}`,
    keyboard: [
      { ...button({ id: action.id, label: confirm.yes, value: action.value }), BG_COLOR_TOKEN: 'alert' },
      button({ id: 'dismiss', label: confirm.no, value: '' }),
    ],
  };
}

function previewText(reply: PreviewReply): string {
  const kinds = reply.kinds.map((k) => `• ${escapeBb(k.label)}: ${k.count}`).join('\n');
  const receivers = reply.receivers
    .map(
      (r) =>
        `• ${personBb(r.person)}: ${r.total} (${r.kinds.map((k) => `${escapeBb(k.label)} ${k.count}`).join(', ')})`,
    )
    .join('\n');
  const overrides = reply.overrides.map((o) => `• ${escapeBb(o.label)} → ${targetBb(o.target)}`).join('\n');
  const flags = [
    reply.options.dryRun ? 'dry run' : undefined,
    reply.options.forceReturn ? 'force return' : undefined,
    reply.options.allItems ? 'closed items too' : undefined,
    reply.options.notify ? undefined : 'quiet (no notifications)',
  ].filter((f) => f !== undefined);
  return [
    escapeBb(reply.summary),
    `${bold(`What (${reply.total} items)`)}\n${kinds || 'nothing'}`,
    receivers ? `${bold('Who gets it')}\n${receivers}` : undefined,
    overrides ? `${bold('Per kind')}\n${overrides}` : undefined,
    reply.returnAt ? `Returns ${reply.returnAt.text}` : undefined,
    reply.startAt ? `Starts ${reply.startAt.text}` : undefined,
    flags.length > 0 ? `Options: ${flags.join(', ')}` : undefined,
    ...reply.notes.map((n) => `[I]${escapeBb(n)}[/I]`),
  ]
    .filter((part) => part !== undefined)
    .join('\n\n');
}

export function handoffLine(h: ReplyHandoff): string {
  const when = h.returnAt ? ` · returns ${h.returnAt.text}` : '';
  return `${bold(h.ref)} · ${personBb(h.from)} → ${escapeBb(h.toText)} · ${escapeBb(h.statusText)} · ${h.done}/${h.total}${when}${h.dryRun ? ' · dry run' : ''}`;
}

export function renderReply(reply: Reply): BotMessage {
  switch (reply.type) {
    case 'text':
      return {
        text: reply.link
          ? `${escapeBb(reply.text)}\n[URL=${reply.link.url}]${escapeBb(reply.link.label)}[/URL]`
          : escapeBb(reply.text),
        keyboard: (reply.actions ?? []).map(button),
      };
    case 'error':
      return { text: `⚠ ${escapeBb(reply.text)}`, keyboard: [] };
    case 'preview':
      return { text: previewText(reply), keyboard: reply.actions.map(button) };
    case 'status': {
      const surface = { escape: escapeBb, person: personBb };
      const byKind = reply.byKind.map((k) => kindStatusLine(k, reply.returnBegun === true, surface)).join('\n');
      const failures = reply.failures
        .map((f) => `• ${escapeBb(f.title)} (#${f.itemId}): ${escapeBb(f.error)}`)
        .join('\n');
      return {
        text: [
          reply.notice ? escapeBb(reply.notice) : undefined,
          handoffLine(reply.handoff),
          byKind || undefined,
          failures ? `${bold('Failed')}\n${failures}` : undefined,
          reply.handoff.error ? `⚠ ${escapeBb(reply.handoff.error)}` : undefined,
        ]
          .filter((part) => part !== undefined)
          .join('\n\n'),
        keyboard: reply.actions.map(button),
      };
    }
    case 'history':
      return {
        text: [
          bold(escapeBb(reply.title)),
          reply.handoffs.map(handoffLine).join('\n') || 'No handoffs yet.',
          reply.more ? '[I]Older handoffs are not shown.[/I]' : undefined,
        ]
          .filter((part) => part !== undefined)
          .join('\n\n'),
        keyboard: [],
      };
    case 'help':
      return {
        text: [
          bold(escapeBb(reply.title)),
          ...reply.sections.map(
            (s) =>
              `${bold(escapeBb(s.title))}\n${s.lines
                // No slash command and no dialog here: commands are written to the bot as they are.
                .filter((l) => l.usage !== '/handoff')
                .map((l) => `${escapeBb(withoutSlash(l.usage))} — ${escapeBb(l.text)}`)
                .join('\n')}`,
          ),
          reply.examples.length > 0
            ? `Examples:\n${reply.examples.map((e) => escapeBb(withoutSlash(e))).join('\n')}`
            : undefined,
          'Write these to the Handoff bot as they are ("/handoff" in front is optional); name people as mentions or by e-mail.',
        ]
          .filter((part) => part !== undefined)
          .join('\n\n'),
        keyboard: [],
      };
    case 'choose_head':
      return {
        text: escapeBb(reply.text),
        keyboard: [...reply.heads.map((h) => button(h.action)), ...reply.actions.map(button)],
      };
    default: {
      const never: never = reply;
      return never;
    }
  }
}
