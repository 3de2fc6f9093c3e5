/**
 * The HR part of the grammar (issue 12): `hr list`, `hr add @someone`, `hr remove @someone` — the tenant's list of
 * people who may hand off anyone's work. Never throws.
 * @module
 */
import type { Command } from './command.js';
import { fail, ok, problem, type Result } from './problems.js';
import type { Token } from './tokens.js';

/** Parses the words after `hr`. */
export function parseHrCommand(rest: readonly Token[], keyword: Token): Result<Command> {
  const [verb, person, extra] = rest;
  if (verb === undefined || (verb.type === 'word' && verb.lower === 'list')) {
    return person ? fail(problem('unknown_word', person.text)) : ok({ type: 'hr', action: 'list' });
  }
  const action = verb.type === 'word' ? verb.lower : '';
  if (action !== 'add' && action !== 'remove') return fail(problem('unknown_word', verb.text, 'hr add @someone'));
  if (person?.type !== 'mention') {
    return fail(problem('expected_person', person?.text ?? keyword.text, `hr ${action} @someone`));
  }
  if (extra) return fail(problem('unknown_word', extra.text));
  return ok({ type: 'hr', action, person: person.ref });
}
