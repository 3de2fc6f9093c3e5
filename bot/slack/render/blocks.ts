/**
 * Small Block Kit builders that respect Slack's limits (slack.md §2.4): section text ≤ 3000, button text ≤ 75,
 * value ≤ 2000, ≤ 50 blocks per message. Plain objects; the Web API client serialises them.
 * @module
 */
import type { ReplyAction } from '../../../commands/reply.js';

/** A Block Kit block as plain data (assignable to the SDK's Block). */
export interface Block {
  readonly type: string;
  readonly block_id?: string;
  readonly [key: string]: unknown;
}

/** Prefix of every action_id we send with a reply action; the rest is the ReplyActionId. */
export const REPLY_ACTION_PREFIX = 'handoff:';

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: true } };
}

export function section(text: string, fields?: readonly string[]): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(text, 3000) },
    ...(fields && fields.length > 0
      ? { fields: fields.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: clip(f, 2000) })) }
      : {}),
  };
}

export function context(...texts: string[]): Block {
  return { type: 'context', elements: texts.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: clip(t, 3000) })) };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function button(action: ReplyAction, blockScope = ''): Block {
  return {
    type: 'button',
    action_id: `${REPLY_ACTION_PREFIX}${action.id}${blockScope}`,
    text: { type: 'plain_text', text: clip(action.label, 75), emoji: true },
    // Slack refuses an empty value; a missing one comes back as undefined and is read as ''.
    ...(action.value === '' ? {} : { value: clip(action.value, 2000) }),
    ...(action.style ? { style: action.style } : {}),
    ...(action.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: clip(action.confirm.title, 100) },
            text: { type: 'plain_text', text: clip(action.confirm.text, 300) },
            confirm: { type: 'plain_text', text: clip(action.confirm.yes, 30) },
            deny: { type: 'plain_text', text: clip(action.confirm.no, 30) },
          },
        }
      : {}),
  };
}

/** An actions block; action_ids get a suffix when the same action appears twice in one view (Home tab). */
export function actions(list: readonly ReplyAction[], blockId?: string): Block | undefined {
  if (list.length === 0) return undefined;
  const scope = blockId === undefined ? '' : `:${blockId}`;
  return {
    type: 'actions',
    ...(blockId === undefined ? {} : { block_id: blockId }),
    // action_ids must be unique within a message or view: several heads share the `choose_head` id.
    elements: list.slice(0, 25).map((a, i) => button(a, `${scope}:${i}`)),
  };
}

/** Drops undefined blocks and caps the count (50 per message, 100 per view). */
export function compact(blocks: readonly (Block | undefined)[], max = 50): Block[] {
  return blocks.filter((b): b is Block => b !== undefined).slice(0, max);
}

/** Reads a ReplyActionId back from an action_id we rendered; null for anything else. */
export function parseReplyActionId(actionId: string): string | null {
  if (!actionId.startsWith(REPLY_ACTION_PREFIX)) return null;
  return actionId.slice(REPLY_ACTION_PREFIX.length).split(':')[0] ?? null;
}
