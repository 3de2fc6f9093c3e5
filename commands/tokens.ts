/**
 * Splits command text into words and mentions. Mentions are matched first at each position, so a Bitrix24
 * `[USER=12]Anna Petrenko[/USER]` with spaces stays one token.
 * @module
 */
import { EMAIL_MENTIONS, type MentionSyntax } from './mentions.js';
import type { PersonRef } from './person-ref.js';

export type Token =
  | { readonly type: 'word'; readonly text: string; readonly lower: string }
  | { readonly type: 'mention'; readonly text: string; readonly ref: PersonRef };

function sticky(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`);
}

/**
 * Tokenizes `text` with the surface's mention syntaxes (emails always). A mention-looking word that the syntax
 * rejects stays a word, so the grammar can name it in its problem.
 * @example tokenize('<@U1|anna> to head', [SLACK_MENTIONS]) // [mention, word 'to', word 'head']
 */
export function tokenize(text: string, syntaxes: readonly MentionSyntax[]): Token[] {
  const matchers = [...syntaxes, EMAIL_MENTIONS].map((syntax) => ({ syntax, re: sticky(syntax.pattern) }));
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const ws = /\s+/y;
    ws.lastIndex = at;
    if (ws.exec(text)) {
      at = ws.lastIndex;
      continue;
    }
    const mention = matchMention(text, at, matchers);
    if (mention) {
      tokens.push(mention.token);
      at = mention.end;
      continue;
    }
    const word = /\S+/y;
    word.lastIndex = at;
    const match = word.exec(text);
    const value = match?.[0] ?? text.slice(at);
    tokens.push({ type: 'word', text: value, lower: value.toLowerCase() });
    at += value.length;
  }
  return tokens;
}

function matchMention(
  text: string,
  at: number,
  matchers: readonly { syntax: MentionSyntax; re: RegExp }[],
): { token: Token; end: number } | null {
  for (const { syntax, re } of matchers) {
    re.lastIndex = at;
    const match = re.exec(text);
    if (!match) continue;
    const ref = syntax.toRef(match);
    if (ref) return { token: { type: 'mention', text: match[0], ref }, end: re.lastIndex };
  }
  return null;
}
