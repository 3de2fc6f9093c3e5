/**
 * `handoff sandbox-chat`: talk to the Handoff bot inside the demo's sandbox portal as one of its people, as if in
 * Bitrix24 chat (SANDBOX=1 only; the sandbox posts real bot events to the server). Text is the chat grammar with
 * `[USER=<id>]` mentions or `@<id>`; buttons are pressed with `--press <message>:<button>`.
 * @module
 */
import type { ChatMessageView } from '../../bitrix24/sandbox/chat-routes.js';

export interface SandboxChatAnswer {
  readonly status?: number;
  readonly messages?: readonly ChatMessageView[];
  readonly notifications?: readonly { readonly id: number; readonly text: string }[];
  readonly error?: string;
}

/** BB codes as a terminal shows them: bold and italics dropped, `[USER=12]Anna[/USER]` as `@Anna(12)`. */
export function plainText(bb: string): string {
  return bb
    .replace(/\[USER=(\d+)\]([^[]*)\[\/USER\]/gi, '@$2($1)')
    .replace(/\[\/?(B|I|U|S)\]/gi, '')
    .replace(/⁅/g, '[')
    .replace(/⁆/g, ']');
}

export function renderChat(answer: SandboxChatAnswer, as: number): string {
  const lines: string[] = [];
  for (const m of answer.messages ?? []) {
    const who = m.from === 'bot' ? `Handoff bot · message ${m.id}${m.edits > 0 ? ' (edited)' : ''}` : 'you';
    lines.push(`── ${who}`, plainText(m.text));
    if (m.buttons.length > 0)
      lines.push(
        `   buttons: ${m.buttons.map((b) => `[${b}]`).join(' ')}  → handoff sandbox-chat --as ${as} --press ${m.id}:${m.buttons[0]}`,
      );
  }
  if (answer.notifications && answer.notifications.length > 0) {
    lines.push('── notifications');
    for (const n of answer.notifications) lines.push(`• ${plainText(n.text)}`);
  }
  if (lines.length === 0) lines.push('(nothing yet)');
  return `${lines.join('\n')}\n`;
}
