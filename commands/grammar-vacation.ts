/**
 * The vacation-change part of the grammar (issue 12): `vacation H-3 [from <when>] [until <when>]` moves the dates of
 * a vacation's handoff; `vacation cancel H-3` (or `vacation H-3 cancel`) calls it off. Never throws.
 * @module
 */
import { parseHandoffNo } from '../engine/ids.js';
import type { Command } from './command.js';
import { readPhrase, STARTING_WORDS, type State, UNTIL_WORDS } from './grammar-handoff.js';
import { fail, ok, problem, type Result } from './problems.js';
import type { Token } from './tokens.js';

const EXAMPLE = 'vacation H-3 until Jan 9';

/** Whether the words after `vacation` change an existing one (an H-number or `cancel`) rather than plan a new one. */
export function isVacationChange(tokens: readonly Token[], start: number): boolean {
  const first = tokens[start];
  if (first?.type !== 'word') return false;
  return first.lower === 'cancel' || parseHandoffNo(first.text.replace(/^#/, '')) !== null;
}

function handoffNoOf(token: Token | undefined): number | null {
  return token?.type === 'word' ? parseHandoffNo(token.text.replace(/^#/, '')) : null;
}

/** Parses from `tokens[start]` (an H-number or `cancel`) to the end. */
export function parseVacationChange(tokens: readonly Token[], start: number): Result<Command> {
  const first = tokens[start];
  if (first?.type === 'word' && first.lower === 'cancel') {
    const no = handoffNoOf(tokens[start + 1]);
    if (no === null) return fail(problem('bad_handoff_no', tokens[start + 1]?.text ?? 'cancel', 'vacation cancel H-3'));
    const extra = tokens[start + 2];
    return extra ? fail(problem('unknown_word', extra.text)) : ok({ type: 'vacation_cancel', handoffNo: no });
  }
  const no = handoffNoOf(first);
  if (no === null) return fail(problem('bad_handoff_no', first?.text, EXAMPLE));
  const rest = tokens[start + 1];
  if (rest?.type === 'word' && rest.lower === 'cancel') {
    const extra = tokens[start + 2];
    return extra ? fail(problem('unknown_word', extra.text)) : ok({ type: 'vacation_cancel', handoffNo: no });
  }
  const state: State = { tokens, at: start + 1 };
  let starting: string | undefined;
  let until: string | undefined;
  while (state.at < tokens.length) {
    const token = tokens[state.at] as Token;
    const word = token.type === 'word' ? token.lower : '';
    const isUntil = UNTIL_WORDS.has(word);
    if (!isUntil && !STARTING_WORDS.has(word)) return fail(problem('unknown_word', token.text, EXAMPLE));
    if ((isUntil ? until : starting) !== undefined) return fail(problem('duplicate_option', token.text));
    state.at += 1;
    const phrase = readPhrase(state);
    if (phrase.length === 0) return fail(problem('missing_value', token.text, `${token.text} next Monday 9am`));
    if (isUntil) until = phrase;
    else starting = phrase;
  }
  if (starting === undefined && until === undefined) return fail(problem('missing_value', first?.text, EXAMPLE));
  return ok({
    type: 'vacation_move',
    handoffNo: no,
    ...(starting === undefined ? {} : { starting }),
    ...(until === undefined ? {} : { until }),
  });
}
