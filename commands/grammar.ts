/**
 * Command text → Command (ARCHITECTURE.md, "Command grammar"). Never throws: every word it cannot place, and every
 * pair of options that exclude each other, comes back as a problem naming the word.
 * @module
 */
import { PortalUserId, parseHandoffNo } from '../engine/ids.js';
import type { Command } from './command.js';
import { parseHandoffTail } from './grammar-handoff.js';
import { parseHrCommand } from './grammar-hr.js';
import { parseRoleTail } from './grammar-role.js';
import { isVacationChange, parseVacationChange } from './grammar-vacation.js';
import type { MentionSyntax } from './mentions.js';
import { fail, ok, problem, type Result } from './problems.js';
import { type Token, tokenize } from './tokens.js';

export interface GrammarOptions {
  /** How the surface writes people: SLACK_MENTIONS, BITRIX24_MENTIONS, PORTAL_ID_MENTIONS (emails always work). */
  readonly mentions: readonly MentionSyntax[];
}

const HELP_WORDS = new Set(['help', '?', '-h', '--help']);

/**
 * Parses the text after `/handoff` (or a message to the Bitrix24 bot).
 * @example parseCommand('<@U1|anna> to <@U2|bob> until next Monday only deals', { mentions: [SLACK_MENTIONS] })
 */
export function parseCommand(text: string, options: GrammarOptions): Result<Command> {
  const tokens = tokenize(text, options.mentions).filter((t) => !(t.type === 'word' && /^[,;]+$/.test(t.text)));
  if (tokens[0]?.type === 'word' && tokens[0].lower === '/handoff') tokens.shift();
  const [first] = tokens;
  if (!first) return ok({ type: 'dialog' });
  if (first.type === 'mention') return parseHandoffTail(tokens, 0, 'handoff', false);

  const rest = tokens.slice(1);
  switch (first.lower) {
    case 'history':
      return expectEnd(rest, { type: 'history' });
    case 'console':
      return expectEnd(rest, { type: 'console' });
    case 'status': {
      if (rest.length === 0) return ok({ type: 'status' });
      const no = readHandoffNo(rest, first);
      return no.ok ? expectEnd(rest.slice(1), { type: 'status', handoffNo: no.value }) : no;
    }
    case 'cancel':
    case 'retry': {
      const no = readHandoffNo(rest, first);
      return no.ok ? expectEnd(rest.slice(1), { type: first.lower, handoffNo: no.value }) : no;
    }
    case 'return':
    case 'undo':
      return parseReturnLike(first.lower, rest, first);
    case 'link':
      return parseLink(rest, first);
    case 'role':
    case 'roles':
      return parseRoleTail(rest);
    case 'hr':
      return parseHrCommand(rest, first);
    case 'preview':
      return parsePreview(tokens);
    case 'vacation':
      if (isVacationChange(tokens, 1)) return parseVacationChange(tokens, 1);
      return parseHandoffTail(tokens, 1, 'vacation', false);
    default:
      if (HELP_WORDS.has(first.lower)) return ok({ type: 'help' });
      if (first.text.startsWith('@')) return fail(problem('expected_person', first.text));
      return fail(problem('unknown_word', first.text));
  }
}

function parsePreview(tokens: readonly Token[]): Result<Command> {
  const next = tokens[1];
  if (!next) return fail(problem('expected_person', undefined, 'preview @from to @to'));
  if (next.type === 'word' && next.lower === 'vacation') return parseHandoffTail(tokens, 2, 'vacation', true);
  return parseHandoffTail(tokens, 1, 'handoff', true);
}

function parseReturnLike(type: 'return' | 'undo', rest: readonly Token[], keyword: Token): Result<Command> {
  const no = readHandoffNo(rest, keyword);
  if (!no.ok) return no;
  const after = rest.slice(1);
  const force = after[0]?.type === 'word' && ['force', '--force', 'force-return'].includes(after[0].lower);
  return expectEnd(after.slice(force ? 1 : 0), { type, handoffNo: no.value, force });
}

function parseLink(rest: readonly Token[], keyword: Token): Result<Command> {
  const [person, id] = rest;
  if (person?.type !== 'mention') {
    return fail(problem('expected_person', person?.text ?? keyword.text, 'link @user <portal user id>'));
  }
  if (!id) return fail(problem('missing_value', keyword.text, 'link @user <portal user id>'));
  const raw = id.type === 'mention' && id.ref.kind === 'portal' ? String(id.ref.id) : id.text.replace(/^#/, '');
  const portalUserId = /^\d{1,12}$/.test(raw) ? PortalUserId.safeParse(raw) : null;
  if (!portalUserId?.success) return fail(problem('bad_portal_user_id', id.text));
  return expectEnd(rest.slice(2), { type: 'link', person: person.ref, portalUserId: portalUserId.data });
}

function readHandoffNo(rest: readonly Token[], keyword: Token): Result<number> {
  const [token] = rest;
  if (!token) return fail(problem('bad_handoff_no', keyword.text, `${keyword.text} H-3`));
  const no = token.type === 'word' ? parseHandoffNo(token.text.replace(/^#/, '')) : null;
  return no === null ? fail(problem('bad_handoff_no', token.text, `${keyword.text} H-3`)) : ok(no);
}

function expectEnd<T>(rest: readonly Token[], value: T): Result<T> {
  const [extra] = rest;
  return extra ? fail(problem('unknown_word', extra.text)) : ok(value);
}
