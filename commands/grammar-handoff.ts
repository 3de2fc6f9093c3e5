/**
 * The handoff part of the grammar: `@from to <target> [options]` and `vacation @from backup <target> …`, with
 * options, per-kind targets and the checks for options that exclude each other.
 * @module
 */
import type { HandoffCommand, HandoffFlags, KindFilter, TargetSpec } from './command.js';
import { type KindSelector, parseKindWord, selectorCovers } from './kind-words.js';
import { samePersonRef } from './person-ref.js';
import { fail, ok, type Problem, problem, type Result } from './problems.js';
import type { Token } from './tokens.js';

export const UNTIL_WORDS = new Set(['until', 'till', 'til']);
export const STARTING_WORDS = new Set(['starting', 'from']);
const FLAG_WORDS: Readonly<Record<string, keyof HandoffFlags>> = {
  'dry-run': 'dryRun',
  dry_run: 'dryRun',
  dryrun: 'dryRun',
  'force-return': 'forceReturn',
  force_return: 'forceReturn',
  forcereturn: 'forceReturn',
  'all-items': 'allItems',
  all_items: 'allItems',
  allitems: 'allItems',
  quiet: 'quiet',
  silent: 'quiet',
};
const HEAD_WORDS = new Set(['head', 'manager', 'boss']);
const DEPT_WORDS = new Set(['dept', 'department', 'team']);

function optionWord(token: Token | undefined): string | null {
  if (token?.type !== 'word') return null;
  const word = token.lower.replace(/^--/, '');
  if (UNTIL_WORDS.has(word) || STARTING_WORDS.has(word) || word === 'only' || word === 'except' || word === 'to') {
    return word;
  }
  return FLAG_WORDS[word] ? word : null;
}

/** Mutable parse state; the result is frozen into a HandoffCommand at the end. */
export interface State {
  readonly tokens: readonly Token[];
  at: number;
}

/** Reads a comma/`and`-separated list of kind words; `null` when the first word is no kind. */
function readKinds(state: State): Result<KindSelector[]> | null {
  const selectors: KindSelector[] = [];
  let expectMore = false;
  while (state.at < state.tokens.length) {
    const token = state.tokens[state.at];
    if (token?.type !== 'word') break;
    const next = state.tokens[state.at + 1];
    if (token.lower === 'and' || token.lower === '&') {
      if (selectors.length === 0) break;
      state.at += 1;
      expectMore = true;
      continue;
    }
    if (token.lower === 'smart' && next?.type === 'word' && /^process(es)?,?$/.test(next.lower)) {
      selectors.push('spa');
      expectMore = next.lower.endsWith(',');
      state.at += 2;
      continue;
    }
    // `only deals tasks to @carol`: without a comma, a kind followed by `to` starts a per-kind target.
    if (selectors.length > 0 && !expectMore && atOverride(state)) break;
    const parts = token.text.split(',');
    const words = parts.filter((p) => p.length > 0);
    const kinds = words.map(parseKindWord);
    const bad = words.find((_, i) => kinds[i] === null);
    if (bad !== undefined) {
      if (selectors.length === 0 && words.length === 1 && !expectMore && parts.length === 1) return null;
      if (expectMore || words.length > 1 || selectors.length === 0) return fail(problem('bad_kind', bad));
      break;
    }
    for (const kind of kinds) if (kind !== null && !selectors.includes(kind)) selectors.push(kind);
    expectMore = token.text.endsWith(',');
    state.at += 1;
  }
  if (expectMore) return fail(problem('missing_value', state.tokens[state.at - 1]?.text ?? ',', 'a kind'));
  return selectors.length === 0 ? null : ok(selectors);
}

/** True when kind words start here and are followed by `to` (a per-kind target). */
function atOverride(state: State): boolean {
  const probe: State = { tokens: state.tokens, at: state.at };
  const kinds = readKinds(probe);
  const next = state.tokens[probe.at];
  return kinds?.ok === true && next?.type === 'word' && next.lower === 'to';
}

/** A `<when>` phrase: words up to the next option, mention or per-kind target. Keeps "from now" together. */
export function readPhrase(state: State): string {
  const words: string[] = [];
  while (state.at < state.tokens.length) {
    const token = state.tokens[state.at];
    const next = state.tokens[state.at + 1];
    if (!token || token.type === 'mention') break;
    const fromNow = token.lower === 'from' && next?.type === 'word' && ['now', 'today'].includes(next.lower);
    if (!fromNow && (optionWord(token) !== null || atOverride(state))) break;
    words.push(token.text);
    state.at += 1;
  }
  return words.join(' ');
}

function readTarget(state: State, keyword: Token): Result<TargetSpec> {
  const token = state.tokens[state.at];
  if (!token) return fail(problem('missing_target', keyword.text, `${keyword.text} @someone`));
  state.at += 1;
  if (token.type === 'mention') return ok({ type: 'user', person: token.ref });
  if (HEAD_WORDS.has(token.lower)) return ok({ type: 'head' });
  if (!DEPT_WORDS.has(token.lower)) return fail(problem('expected_person', token.text));
  const name = readPhrase(state).replace(/^["'“]|["'”]$/g, '');
  if (name.length === 0) return fail(problem('missing_value', token.text, `${token.text} Sales`));
  const id = /^#?(\d{1,9})$/.exec(name);
  return ok({ type: 'department', department: id?.[1] ? { id: Number(id[1]) } : { name } });
}

/** Parses from `tokens[start]` (the from-person) to the end. */
export function parseHandoffTail(
  tokens: readonly Token[],
  start: number,
  form: HandoffCommand['form'],
  previewOnly: boolean,
): Result<HandoffCommand> {
  const state: State = { tokens, at: start };
  const fromToken = tokens[start];
  if (fromToken?.type !== 'mention') {
    return fail(problem('expected_person', fromToken?.text, form === 'vacation' ? 'vacation @from' : '@from to @to'));
  }
  state.at += 1;
  const link = tokens[state.at];
  const linkWords = form === 'vacation' ? ['backup', 'to'] : ['to'];
  if (link?.type !== 'word' || !linkWords.includes(link.lower)) {
    return fail(
      link ? problem('unknown_word', link.text, `${linkWords[0]} @someone`) : problem('missing_target', fromToken.text),
    );
  }
  state.at += 1;
  const to = readTarget(state, link);
  if (!to.ok) return to;

  const draft = readOptions(state);
  if (!draft.ok) return draft;
  const command: HandoffCommand = {
    type: 'handoff',
    form,
    previewOnly,
    from: fromToken.ref,
    to: to.value,
    ...draft.value,
  };
  const conflict = findConflict(command);
  return conflict ? fail(conflict) : ok(command);
}

type Options = Pick<HandoffCommand, 'overrides' | 'kinds' | 'flags'> & { until?: string; starting?: string };

function readOptions(state: State): Result<Options> {
  const flags: Record<keyof HandoffFlags, boolean> = {
    dryRun: false,
    forceReturn: false,
    allItems: false,
    quiet: false,
  };
  const overrides: { selectors: readonly KindSelector[]; target: TargetSpec }[] = [];
  let kinds: KindFilter = { mode: 'all' };
  let until: string | undefined;
  let starting: string | undefined;

  while (state.at < state.tokens.length) {
    const token = state.tokens[state.at] as Token;
    const word = optionWord(token);
    if (word === null) {
      const override = readOverride(state);
      if (override === null) return fail(problem('unknown_word', token.text));
      if (!override.ok) return override;
      overrides.push(override.value);
      continue;
    }
    state.at += 1;
    if (word === 'to') return fail(problem('two_targets', token.text));
    if (UNTIL_WORDS.has(word) || STARTING_WORDS.has(word)) {
      const isUntil = UNTIL_WORDS.has(word);
      if ((isUntil ? until : starting) !== undefined) return fail(problem('duplicate_option', token.text));
      const phrase = readPhrase(state);
      if (phrase.length === 0) return fail(problem('missing_value', token.text, `${token.text} next Monday 9am`));
      if (isUntil) until = phrase;
      else starting = phrase;
    } else if (word === 'only' || word === 'except') {
      if (kinds.mode === word) return fail(problem('duplicate_option', token.text));
      if (kinds.mode !== 'all') return fail(problem('conflicting_options', token.text, kinds.mode));
      const list = readKinds(state);
      if (list === null) {
        const next = state.tokens[state.at];
        return fail(next ? problem('bad_kind', next.text) : problem('missing_value', token.text, `${word} deals`));
      }
      if (!list.ok) return list;
      kinds = { mode: word, selectors: list.value };
    } else {
      const flag = FLAG_WORDS[word] as keyof HandoffFlags;
      if (flags[flag]) return fail(problem('duplicate_option', token.text));
      flags[flag] = true;
    }
  }
  return ok({
    overrides,
    kinds,
    flags,
    ...(until !== undefined ? { until } : {}),
    ...(starting !== undefined ? { starting } : {}),
  });
}

/** `deals, tasks to @carol`; null when no kind word starts here. */
function readOverride(state: State): Result<{ selectors: readonly KindSelector[]; target: TargetSpec }> | null {
  const kinds = readKinds(state);
  if (kinds === null || !kinds.ok) return kinds;
  const to = state.tokens[state.at];
  if (to?.type !== 'word' || to.lower !== 'to') {
    const word = state.tokens[state.at - 1]?.text ?? '';
    return fail(problem('unknown_word', word, `only ${word} · ${word} to @someone`));
  }
  state.at += 1;
  const target = readTarget(state, to);
  return target.ok ? ok({ selectors: kinds.value, target: target.value }) : target;
}

function findConflict(command: HandoffCommand): Problem | null {
  if (command.to.type === 'user' && samePersonRef(command.from, command.to.person)) {
    return problem('same_person_ref', command.to.person.kind === 'email' ? command.to.person.email : undefined);
  }
  if (command.flags.forceReturn && command.until === undefined)
    return problem('force_return_permanent', 'force-return');
  const seen: KindSelector[] = [];
  for (const { selectors, target } of command.overrides) {
    if (target.type === 'user' && samePersonRef(command.from, target.person)) return problem('same_person_ref');
    for (const selector of selectors) {
      if (seen.includes(selector)) return problem('two_targets', selector);
      seen.push(selector);
      if (isExcluded(selector, command.kinds)) return problem('target_kind_excluded', selector);
    }
  }
  if (command.form === 'vacation') {
    if (command.starting === undefined) return problem('missing_value', 'from', 'from <when>');
    if (command.until === undefined) return problem('missing_value', 'until', 'until <when>');
  }
  return null;
}

function isExcluded(selector: KindSelector, filter: KindFilter): boolean {
  // Module selectors (crm, spa) may overlap partly; only single kinds are checked here.
  if (selector === 'crm' || selector === 'spa' || filter.mode === 'all') return false;
  const covered = filter.selectors.some((s) => selectorCovers(s, selector));
  return filter.mode === 'only' ? !covered : covered;
}
