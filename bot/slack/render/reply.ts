/**
 * Renders the surface-neutral Reply (commands/reply.ts) as a Slack message: text fallback plus blocks, buttons
 * from the reply's actions. No decisions here: what to say and which buttons to offer come from commands/.
 * Sentences from commands/ are already safe for Slack (messages.ts scrubs them and writes mentions on purpose);
 * names and titles from the portal are escaped.
 * @module
 */

import type { PreviewReply, Reply, ReplyHandoff, ReplyPerson, ReplyTarget } from '../../../commands/reply.js';
import { kindStatusLine } from '../../../commands/status-words.js';
import { actions, type Block, compact, context, escapeMrkdwn, header, section } from './blocks.js';
import type { RenderedMessage } from './progress.js';

/** A native mention when the person was named by Slack id, the name otherwise. */
export function personText(person: ReplyPerson): string {
  return person.ref?.kind === 'slack' ? `<@${person.ref.id}>` : `*${escapeMrkdwn(person.name)}*`;
}

function targetText(target: ReplyTarget): string {
  switch (target.type) {
    case 'user':
      return personText(target.person);
    case 'head':
      return target.person ? `${personText(target.person)} (head)` : 'their head';
    case 'department':
      return `${escapeMrkdwn(target.name ?? `department #${target.departmentId}`)}${target.members ? ` (${target.members} people)` : ''}`;
    default: {
      const never: never = target;
      return never;
    }
  }
}

function previewBlocks(reply: PreviewReply): (Block | undefined)[] {
  const kinds = reply.kinds.map((k) => `• ${escapeMrkdwn(k.label)}: ${k.count}`).join('\n');
  const receivers = reply.receivers
    .map(
      (r) =>
        `• ${personText(r.person)}: ${r.total} (${r.kinds.map((k) => `${escapeMrkdwn(k.label)} ${k.count}`).join(', ')})`,
    )
    .join('\n');
  const overrides = reply.overrides.map((o) => `• ${escapeMrkdwn(o.label)} → ${targetText(o.target)}`).join('\n');
  const flags = [
    reply.options.dryRun ? 'dry run' : undefined,
    reply.options.forceReturn ? 'force return' : undefined,
    reply.options.allItems ? 'closed items too' : undefined,
    reply.options.notify ? undefined : 'quiet (no DMs)',
  ].filter((f) => f !== undefined);
  return [
    section(reply.summary),
    section(
      `*What* (${reply.total} items)\n${kinds || 'nothing'}`,
      receivers ? [`*Who gets it*\n${receivers}`] : undefined,
    ),
    overrides ? section(`*Per kind*\n${overrides}`) : undefined,
    reply.returnAt ? context(`Returns ${reply.returnAt.text}`) : undefined,
    reply.startAt ? context(`Starts ${reply.startAt.text}`) : undefined,
    flags.length > 0 ? context(`Options: ${flags.join(', ')}`) : undefined,
    ...reply.notes.map((n) => context(n)),
    actions(reply.actions),
  ];
}

function handoffLine(h: ReplyHandoff): string {
  const when = h.returnAt ? ` · returns ${h.returnAt.text}` : '';
  return `*${h.ref}* · ${personText(h.from)} → ${escapeMrkdwn(h.toText)} · ${escapeMrkdwn(h.statusText)} · ${h.done}/${h.total}${when}${h.dryRun ? ' · dry run' : ''}`;
}

export function renderReply(reply: Reply): RenderedMessage {
  switch (reply.type) {
    case 'text':
      return {
        text: reply.text,
        blocks: compact([
          section(reply.text),
          // A plain link, not a URL button: a button would also send an interaction we would have to answer.
          reply.link ? section(`<${reply.link.url}|${escapeMrkdwn(reply.link.label)}>`) : undefined,
          actions(reply.actions ?? []),
        ]),
      };
    case 'error':
      return {
        text: reply.text,
        blocks: compact([section(`:warning: ${reply.text}`), actions(reply.actions ?? [])]),
      };
    case 'preview':
      return { text: reply.summary, blocks: compact(previewBlocks(reply)) };
    case 'status': {
      const surface = { escape: escapeMrkdwn, person: personText };
      const byKind = reply.byKind.map((k) => kindStatusLine(k, reply.returnBegun === true, surface)).join('\n');
      const failures = reply.failures
        .map((f) => `• ${escapeMrkdwn(f.title)} (#${f.itemId}): ${escapeMrkdwn(f.error)}`)
        .join('\n');
      return {
        text: reply.notice ?? `${reply.handoff.ref}: ${reply.handoff.statusText}`,
        blocks: compact([
          // What the action just did (cancel, return, a vacation moved) comes first, then where the handoff is.
          reply.notice ? section(escapeMrkdwn(reply.notice)) : undefined,
          section(handoffLine(reply.handoff)),
          byKind ? section(byKind) : undefined,
          failures ? section(`*Failed*\n${failures}`) : undefined,
          reply.handoff.error ? context(`:warning: ${escapeMrkdwn(reply.handoff.error)}`) : undefined,
          actions(reply.actions),
        ]),
      };
    }
    case 'history':
      return {
        text: reply.title,
        blocks: compact([
          section(`*${escapeMrkdwn(reply.title)}*`),
          section(reply.handoffs.map(handoffLine).join('\n') || 'No handoffs yet.'),
          reply.more ? context('Older handoffs are not shown.') : undefined,
        ]),
      };
    case 'help':
      return {
        text: reply.title,
        blocks: compact([
          header(reply.title),
          ...reply.sections.map((s) =>
            section(
              `*${escapeMrkdwn(s.title)}*\n${s.lines.map((l) => `\`${l.usage}\` ${escapeMrkdwn(l.text)}`).join('\n')}`,
            ),
          ),
          reply.examples.length > 0 ? context(reply.examples.map((e) => `\`${e}\``).join('  ')) : undefined,
        ]),
      };
    case 'choose_head':
      return {
        text: reply.text,
        blocks: compact([section(reply.text), actions(reply.heads.map((h) => h.action)), actions(reply.actions)]),
      };
    default: {
      const never: never = reply;
      return never;
    }
  }
}
