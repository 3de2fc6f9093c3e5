/**
 * The role commands of the grammar: `roles`, `role [list]`, `role set <name> @person | dept <name|id> |
 * head <department name|id>`, `role remove <name>`. Never throws: a missing or misplaced word is a problem naming it.
 * @module
 */
import { parseRoleName } from '../engine/roles.js';
import type { Command, RoleSpec } from './command.js';
import { fail, ok, problem, type Result } from './problems.js';
import type { Token } from './tokens.js';

const SET_USAGE = 'role set paralegal @kim';

function department(words: readonly Token[]): { readonly id: number } | { readonly name: string } {
  const text = words.map((w) => w.text).join(' ');
  return /^#?\d{1,9}$/.test(text) ? { id: Number(text.replace('#', '')) } : { name: text };
}

function holderOf(tokens: readonly Token[], keyword: Token): Result<RoleSpec> {
  const [first, ...rest] = tokens;
  if (!first) return fail(problem('missing_value', keyword.text, SET_USAGE));
  if (first.type === 'mention') {
    const [extra] = rest;
    return extra ? fail(problem('unknown_word', extra.text)) : ok({ type: 'user', person: first.ref });
  }
  const type =
    first.lower === 'head' ? 'department_head' : ['dept', 'department'].includes(first.lower) ? 'department' : null;
  if (type === null) return fail(problem('expected_person', first.text, SET_USAGE));
  const words =
    first.lower === 'head' && rest[0]?.type === 'word' && ['of', 'dept'].includes(rest[0].lower) ? rest.slice(1) : rest;
  if (words.length === 0) return fail(problem('missing_value', first.text, `${first.lower} Support`));
  if (words.some((w) => w.type !== 'word'))
    return fail(problem('unknown_word', words.find((w) => w.type !== 'word')?.text));
  return ok({ type, department: department(words) });
}

/** `role …` after its keyword (`roles` alone lists). */
export function parseRoleTail(rest: readonly Token[]): Result<Command> {
  const [action, name, ...after] = rest;
  if (!action || (action.type === 'word' && action.lower === 'list')) {
    const [extra] = rest.slice(1);
    return extra ? fail(problem('unknown_word', extra.text)) : ok({ type: 'roles' });
  }
  if (action.type !== 'word' || !['set', 'remove', 'delete'].includes(action.lower)) {
    return fail(problem('unknown_word', action.text));
  }
  if (!name)
    return fail(problem('missing_value', action.text, action.lower === 'set' ? SET_USAGE : 'role remove paralegal'));
  const parsed = name.type === 'word' ? parseRoleName(name.text) : null;
  if (!parsed?.ok) return fail(problem('bad_role_name', name.text));
  if (action.lower !== 'set') {
    const [extra] = after;
    return extra ? fail(problem('unknown_word', extra.text)) : ok({ type: 'role_remove', name: parsed.value });
  }
  const holder = holderOf(after, name);
  return holder.ok ? ok({ type: 'role_set', name: parsed.value, holder: holder.value }) : holder;
}
