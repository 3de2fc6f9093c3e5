import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Command, CommandType, HandoffCommand, TargetSpec } from '../../../commands/command.js';
import { parseCommand } from '../../../commands/grammar.js';
import { parseKindWord } from '../../../commands/kind-words.js';
import { BITRIX24_MENTIONS, EMAIL_MENTIONS, PORTAL_ID_MENTIONS, SLACK_MENTIONS } from '../../../commands/mentions.js';
import type { PersonRef } from '../../../commands/person-ref.js';
import { toPortalUserId } from '../../../engine/ids.js';

const slack = { mentions: [SLACK_MENTIONS] };
const ANNA = '<@U0ANNA|anna>';
const BOB = '<@U0BOB|bob>';
const CAROL = '<@W0CAROL>';
const anna = { kind: 'slack', id: 'U0ANNA' };
const bob = { kind: 'slack', id: 'U0BOB' };
const carol = { kind: 'slack', id: 'W0CAROL' };
const NO_FLAGS = { dryRun: false, forceReturn: false, allItems: false, quiet: false };

function handoff(fields: Partial<HandoffCommand>): HandoffCommand {
  return {
    type: 'handoff',
    form: 'handoff',
    previewOnly: false,
    from: anna as PersonRef,
    to: { type: 'user', person: bob as PersonRef },
    overrides: [],
    kinds: { mode: 'all' },
    flags: NO_FLAGS,
    ...fields,
  };
}

describe('grammar: commands that parse', () => {
  it.each<[string, Command]>([
    ['', { type: 'dialog' }],
    ['   ', { type: 'dialog' }],
    [`${ANNA} to ${BOB}`, handoff({})],
    [`/handoff ${ANNA} TO ${BOB}`, handoff({})],
    [`${ANNA} to ${BOB} until next Monday 9am`, handoff({ until: 'next Monday 9am' })],
    [`${ANNA} to ${BOB} till Dec 3 quiet`, handoff({ until: 'Dec 3', flags: { ...NO_FLAGS, quiet: true } })],
    [`${ANNA} to ${BOB} until 2 weeks from now`, handoff({ until: '2 weeks from now' })],
    [`${ANNA} to head`, handoff({ to: { type: 'head' } })],
    [`${ANNA} to manager only deals`, handoff({ to: { type: 'head' }, kinds: { mode: 'only', selectors: ['deals'] } })],
    [`${ANNA} to dept Sales`, handoff({ to: { type: 'department', department: { name: 'Sales' } } })],
    [
      `${ANNA} to dept "Key Accounts" dry-run`,
      handoff({
        to: { type: 'department', department: { name: 'Key Accounts' } },
        flags: { ...NO_FLAGS, dryRun: true },
      }),
    ],
    [`${ANNA} to department #7`, handoff({ to: { type: 'department', department: { id: 7 } } })],
    [`${ANNA} to ${BOB} only deals,tasks`, handoff({ kinds: { mode: 'only', selectors: ['deals', 'tasks'] } })],
    [
      `${ANNA} to ${BOB} only deal, lead and Activity`,
      handoff({ kinds: { mode: 'only', selectors: ['deals', 'leads', 'activities'] } }),
    ],
    [`${ANNA} to ${BOB} except tasks`, handoff({ kinds: { mode: 'except', selectors: ['tasks'] } })],
    [`${ANNA} to ${BOB} only crm`, handoff({ kinds: { mode: 'only', selectors: ['crm'] } })],
    [
      `${ANNA} to ${BOB} only spa:130, smart processes`,
      handoff({ kinds: { mode: 'only', selectors: ['spa:130', 'spa'] } }),
    ],
    [
      `${ANNA} to ${BOB} until Friday starting tomorrow 9am dry-run force-return all-items quiet`,
      handoff({
        until: 'Friday',
        starting: 'tomorrow 9am',
        flags: { dryRun: true, forceReturn: true, allItems: true, quiet: true },
      }),
    ],
    [`${ANNA} to ${BOB} --dry-run --quiet`, handoff({ flags: { ...NO_FLAGS, dryRun: true, quiet: true } })],
    [
      `${ANNA} to ${BOB} tasks to ${CAROL}`,
      handoff({ overrides: [{ selectors: ['tasks'], target: { type: 'user', person: carol as PersonRef } }] }),
    ],
    [
      `${ANNA} to ${BOB} until next Monday deals, leads to head tasks to dept 4`,
      handoff({
        until: 'next Monday',
        overrides: [
          { selectors: ['deals', 'leads'], target: { type: 'head' } },
          { selectors: ['tasks'], target: { type: 'department', department: { id: 4 } } },
        ],
      }),
    ],
    [`preview ${ANNA} to ${BOB}`, handoff({ previewOnly: true })],
    [
      `vacation ${ANNA} backup ${BOB} from Dec 20 until Jan 5`,
      handoff({ form: 'vacation', starting: 'Dec 20', until: 'Jan 5' }),
    ],
    [
      `preview vacation ${ANNA} backup ${BOB} from Dec 20 until Jan 5 only deals`,
      handoff({
        form: 'vacation',
        previewOnly: true,
        starting: 'Dec 20',
        until: 'Jan 5',
        kinds: { mode: 'only', selectors: ['deals'] },
      }),
    ],
    ['status', { type: 'status' }],
    ['status H-3', { type: 'status', handoffNo: 3 }],
    ['Status h-12', { type: 'status', handoffNo: 12 }],
    ['history', { type: 'history' }],
    ['cancel H-3', { type: 'cancel', handoffNo: 3 }],
    ['retry 4', { type: 'retry', handoffNo: 4 }],
    ['return H-5', { type: 'return', handoffNo: 5, force: false }],
    ['return H-5 force', { type: 'return', handoffNo: 5, force: true }],
    ['undo #6', { type: 'undo', handoffNo: 6, force: false }],
    ['help', { type: 'help' }],
    ['?', { type: 'help' }],
    ['console', { type: 'console' }],
    ['/handoff console', { type: 'console' }],
    [`link ${ANNA} 12`, { type: 'link', person: anna as PersonRef, portalUserId: toPortalUserId(12) }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text, slack)).toEqual({ ok: true, value: expected });
  });
});

describe('grammar: problems name the offending word', () => {
  it.each([
    ['hello', 'unknown_word', 'hello'],
    ['console now', 'unknown_word', 'now'],
    ['@anna to @bob', 'expected_person', '@anna'],
    [`${ANNA}`, 'missing_target', ANNA],
    [`${ANNA} with ${BOB}`, 'unknown_word', 'with'],
    [`${ANNA} to bob`, 'expected_person', 'bob'],
    [`${ANNA} to`, 'missing_target', 'to'],
    [`${ANNA} to ${BOB} please`, 'unknown_word', 'please'],
    [`${ANNA} to ${BOB} ${CAROL}`, 'unknown_word', CAROL],
    [`${ANNA} to ${BOB} to head`, 'two_targets', 'to'],
    [`${ANNA} to ${BOB} only deals except tasks`, 'conflicting_options', 'except'],
    [`${ANNA} to ${BOB} only deals only tasks`, 'duplicate_option', 'only'],
    [`${ANNA} to ${BOB} until Monday until Friday`, 'duplicate_option', 'until'],
    [`${ANNA} to ${BOB} quiet quiet`, 'duplicate_option', 'quiet'],
    [`${ANNA} to ${BOB} only orders`, 'bad_kind', 'orders'],
    [`${ANNA} to ${BOB} only deals,orders`, 'bad_kind', 'orders'],
    [`${ANNA} to ${BOB} only spa:31`, 'bad_kind', 'spa:31'],
    [`${ANNA} to ${BOB} only`, 'missing_value', 'only'],
    [`${ANNA} to ${BOB} until`, 'missing_value', 'until'],
    [`${ANNA} to ${BOB} until dry-run`, 'missing_value', 'until'],
    [`${ANNA} to dept`, 'missing_value', 'dept'],
    [`${ANNA} to ${BOB} force-return`, 'force_return_permanent', 'force-return'],
    [`${ANNA} to ${ANNA}`, 'same_person_ref', undefined],
    [`${ANNA} to ${BOB} tasks to ${ANNA}`, 'same_person_ref', undefined],
    [`${ANNA} to ${BOB} deals`, 'unknown_word', 'deals'],
    [`${ANNA} to ${BOB} tasks to head tasks to ${CAROL}`, 'two_targets', 'tasks'],
    [`${ANNA} to ${BOB} only deals tasks to ${CAROL}`, 'target_kind_excluded', 'tasks'],
    [`${ANNA} to ${BOB} except tasks tasks to ${CAROL}`, 'target_kind_excluded', 'tasks'],
    [`vacation ${ANNA} backup ${BOB} until Jan 5`, 'missing_value', 'from'],
    [`vacation ${ANNA} backup ${BOB} from Dec 20`, 'missing_value', 'until'],
    [`vacation ${ANNA} to`, 'missing_target', 'to'],
    ['vacation', 'expected_person', undefined],
    ['preview', 'expected_person', undefined],
    ['status H-x', 'bad_handoff_no', 'H-x'],
    ['status H-3 now', 'unknown_word', 'now'],
    ['cancel', 'bad_handoff_no', 'cancel'],
    ['cancel H-0', 'bad_handoff_no', 'H-0'],
    ['return H-5 gently', 'unknown_word', 'gently'],
    ['history please', 'unknown_word', 'please'],
    [`link ${ANNA} twelve`, 'bad_portal_user_id', 'twelve'],
    [`link ${ANNA}`, 'missing_value', 'link'],
    ['link anna 12', 'expected_person', 'anna'],
  ])('%j → %s (%s)', (text, code, word) => {
    const result = parseCommand(text, slack);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    expect(result.problem.word).toBe(word);
  });

  it('never throws on odd input', () => {
    const inputs = ['<@', '[USER=]', 'to to to', ',,,', '"', 'only , ,', `${ANNA} to dept ""`, '\u0000', '🙂 to 🙂'];

    const results = inputs.map((text) => parseCommand(text, slack));

    expect(results.every((r) => typeof r.ok === 'boolean')).toBe(true);
  });
});

describe('grammar: mentions per surface', () => {
  it.each<[string, readonly (typeof SLACK_MENTIONS)[], PersonRef, TargetSpec]>([
    [
      '[USER=12]Anna Petrenko[/USER] to [USER=34]Bob[/USER]',
      [BITRIX24_MENTIONS],
      { kind: 'portal', id: toPortalUserId(12) },
      { type: 'user', person: { kind: 'portal', id: toPortalUserId(34) } },
    ],
    [
      '@12 to id:34',
      [PORTAL_ID_MENTIONS],
      { kind: 'portal', id: toPortalUserId(12) },
      { type: 'user', person: { kind: 'portal', id: toPortalUserId(34) } },
    ],
    [
      'Anna@Acme.com to <mailto:bob@acme.com|bob@acme.com>',
      [SLACK_MENTIONS],
      { kind: 'email', email: 'anna@acme.com' },
      { type: 'user', person: { kind: 'email', email: 'bob@acme.com' } },
    ],
    [
      '<@U0ANNA> to head',
      [SLACK_MENTIONS, EMAIL_MENTIONS],
      { kind: 'slack', id: 'U0ANNA' } as PersonRef,
      { type: 'head' },
    ],
  ])('%j', (text, mentions, from, to) => {
    const result = parseCommand(text, { mentions });

    expect(result.ok && result.value.type === 'handoff' && [result.value.from, result.value.to]).toEqual([from, to]);
  });

  it('does not read a Slack mention on the Bitrix24 surface', () => {
    expect(parseCommand(`${ANNA} to ${BOB}`, { mentions: [BITRIX24_MENTIONS] })).toEqual({
      ok: false,
      problem: { code: 'unknown_word', word: ANNA },
    });
  });
});

describe('kind words', () => {
  it.each([
    ['deal', 'deals'],
    ['Deals', 'deals'],
    ['task', 'tasks'],
    ['activity', 'activities'],
    ['companies', 'companies'],
    ['estimate', 'quotes'],
    ['invoice', 'invoices'],
    ['CRM', 'crm'],
    ['spa:130', 'spa:130'],
    ['spa130', 'spa:130'],
    ['smart:1032', 'spa:1032'],
    ['spa:12', null],
    ['orders', null],
  ])('%s → %s', (word, expected) => {
    expect(parseKindWord(word)).toBe(expected);
  });
});

describe('Command AST (the contract run.ts and the surfaces share)', () => {
  it('is a union discriminated on type', () => {
    expectTypeOf<CommandType>().toEqualTypeOf<
      | 'dialog'
      | 'handoff'
      | 'status'
      | 'history'
      | 'cancel'
      | 'retry'
      | 'return'
      | 'undo'
      | 'help'
      | 'link'
      | 'console'
      | 'vacation_move'
      | 'vacation_cancel'
      | 'roles'
      | 'role_set'
      | 'role_remove'
      | 'hr'
    >();
    expectTypeOf<Extract<Command, { type: 'handoff' }>>().toEqualTypeOf<HandoffCommand>();
    expectTypeOf<HandoffCommand['until']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TargetSpec['type']>().toEqualTypeOf<'user' | 'head' | 'department'>();
  });
});

describe('hr', () => {
  it.each([
    ['hr', { type: 'hr', action: 'list' }],
    ['hr list', { type: 'hr', action: 'list' }],
    [`hr add ${BOB}`, { type: 'hr', action: 'add', person: { kind: 'slack', id: 'U0BOB' } }],
    [`hr remove ${BOB}`, { type: 'hr', action: 'remove', person: { kind: 'slack', id: 'U0BOB' } }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, { mentions: [SLACK_MENTIONS] })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['hr add', 'expected_person'],
    ['hr promote', 'unknown_word'],
    [`hr add ${BOB} ${ANNA}`, 'unknown_word'],
  ])('%s → %s', (text, code) => {
    const parsed = parseCommand(text, { mentions: [SLACK_MENTIONS] });

    expect(parsed.ok ? null : parsed.problem.code).toBe(code);
  });
});

describe('vacation changes', () => {
  it.each([
    ['vacation H-3 until jan 9', { type: 'vacation_move', handoffNo: 3, until: 'jan 9' }],
    [
      'vacation h-3 from dec 22 until jan 9',
      { type: 'vacation_move', handoffNo: 3, starting: 'dec 22', until: 'jan 9' },
    ],
    ['vacation 3 starting next monday', { type: 'vacation_move', handoffNo: 3, starting: 'next monday' }],
    ['vacation H-3 until now', { type: 'vacation_move', handoffNo: 3, until: 'now' }],
    ['vacation cancel H-3', { type: 'vacation_cancel', handoffNo: 3 }],
    ['vacation H-3 cancel', { type: 'vacation_cancel', handoffNo: 3 }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, { mentions: [SLACK_MENTIONS] })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['vacation H-3', 'missing_value'],
    ['vacation H-3 soon', 'unknown_word'],
    ['vacation H-3 until', 'missing_value'],
    ['vacation H-3 until jan 9 until jan 10', 'duplicate_option'],
    ['vacation cancel', 'bad_handoff_no'],
    ['vacation cancel H-3 please', 'unknown_word'],
  ])('%s → %s', (text, code) => {
    const parsed = parseCommand(text, { mentions: [SLACK_MENTIONS] });

    expect(parsed.ok ? null : parsed.problem.code).toBe(code);
  });

  it('still plans a new vacation when a person follows', () => {
    const parsed = parseCommand(`vacation ${ANNA} backup ${BOB} from dec 20 until jan 5`, {
      mentions: [SLACK_MENTIONS],
    });

    expect(parsed.ok && parsed.value.type === 'handoff' && parsed.value.form).toBe('vacation');
  });
});
