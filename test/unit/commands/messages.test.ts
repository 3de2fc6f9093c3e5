import { describe, expect, it } from 'vitest';
import { messageFor, problemMessage, statusWords } from '../../../commands/messages.js';
import { PROBLEM_CODES } from '../../../commands/problems.js';
import { HANDOFF_ERROR_CODES } from '../../../engine/errors.js';
import { HANDOFF_STATUSES } from '../../../engine/model.js';

const ALL_CODES = [...HANDOFF_ERROR_CODES, ...PROBLEM_CODES];

describe('messages: one sentence per code', () => {
  it.each(ALL_CODES)('%s has a sentence without facts', (code) => {
    const text = messageFor(code);

    expect(text.length).toBeGreaterThan(20);
    expect(text).toMatch(/[.?]$/);
    expect(text).not.toMatch(/undefined|null|\[object|NaN/);
  });

  it.each(ALL_CODES)('%s uses the facts it is given and leaks no secret', (code) => {
    const text = messageFor(code, {
      word: 'https://acme.bitrix24.com/rest/1/abc123secret/',
      expected: 'xoxb-123-secret',
      personName: 'Anna Petrenko',
      details: { userId: 12, departmentId: 7, handoffNo: 3, status: 'completed_with_errors', field: 'to', reason: 'x' },
    });

    expect(text).not.toMatch(/abc123secret|xoxb-123|https?:/);
    expect(text).not.toMatch(/undefined|\[object/);
  });

  it.each([
    ['already_running', { details: { handoffNo: 3, status: 'running' }, personName: 'Anna' }, 'H-3 already holds Anna'],
    ['already_running', { details: { handoffNo: 3 } }, "H-3 already holds this person's work for an overlapping time"],
    ['no_head', { personName: 'Elena', details: { departmentId: 99 } }, 'Elena has no head through Department #99'],
    ['no_head', { personName: 'Elena' }, 'Elena has no head in Bitrix24'],
    ['wrong_status', { details: { handoffNo: 2, status: 'completed', reason: 'permanent' } }, 'H-2 is permanent'],
    ['nothing_to_return', { details: { handoffNo: 2, reason: 'dry_run' } }, 'H-2 was a dry run: nothing moved'],
    ['not_supported', { word: 'console' }, 'ask whoever runs Handoff to set PUBLIC_URL'],
    ['not_found', { details: { handoffNo: 9 } }, 'There is no H-9 here'],
    ['wrong_status', { details: { handoffNo: 4, status: 'completed_with_errors' } }, 'H-4 is completed with errors'],
    ['inactive_user', { personName: 'Bob Smith' }, 'Bob Smith is deactivated'],
    ['not_allowed', { personName: 'Anna' }, "A portal administrator, Anna's head or Anna can"],
    ['unknown_word', { word: 'pls' }, 'I don’t understand “pls”'.replace('’', "'")],
    ['bad_kind', { word: 'orders' }, "“orders” isn't a kind of item"],
    ['date_past', { word: 'yesterday', expected: 'Thu 22 Oct 2026, 09:00 (Europe/Kyiv)' }, 'Thu 22 Oct 2026, 09:00'],
    ['date_leftover', { word: 'please', expected: 'next Monday' }, 'I read `next Monday` but not “please”'],
    ['person_not_linked', { word: '<@U1|anna>' }, 'link <@U1|anna> <portal user id>'],
  ] as const)('%s names the problem', (code, facts, fragment) => {
    expect(messageFor(code, facts)).toContain(fragment);
  });

  it('reads problems straight from a parse result', () => {
    expect(problemMessage({ code: 'duplicate_option', word: 'quiet' })).toBe('“quiet” is given twice. Give it once.');
  });

  it.each(HANDOFF_STATUSES)('status %s reads as words', (status) => {
    expect(statusWords(status)).not.toContain('_');
  });
});

describe('messages: each surface in its own words', () => {
  const SURFACES = ['chat', 'cli', 'api', 'console'] as const;

  it.each(SURFACES)('no %s sentence carries an internal reason code', (surface) => {
    for (const code of HANDOFF_ERROR_CODES) {
      for (const reason of ['beyond_horizon', 'in_the_past', 'return_before_start', undefined]) {
        const details = { field: 'returnAt', handoffNo: 3, ...(reason === undefined ? {} : { reason }) };

        const sentence = messageFor(code, { details, surface });

        expect(sentence).not.toMatch(/beyond_horizon|return_before_start|\bin_the_past\b/);
      }
    }
  });

  it.each([
    ['ambiguous_head', 'choose “A person” and pick the new owner'],
    ['already_running', 'Cancel on H-3’s row in Job History'],
    ['not_found', 'Job History lists the recent ones'],
  ] as const)('the console says %s in its own labels and buttons: %s', (code, words) => {
    const sentence = messageFor(code, { details: { handoffNo: 3, userId: 5 }, surface: 'console' });

    expect(sentence).toContain(words);
    expect(sentence).not.toMatch(/"to":|\/api\/v1|handoff cancel/);
  });

  it.each([
    ['chat', '`role set <name> @person`'],
    ['cli', '`handoff roles set <name> <12 | e-mail | dept:7 | head:7>`'],
    ['api', '`PUT /api/v1/roles/<name>`'],
  ] as const)('an unknown role says how to define one, on %s: %s', (surface, words) => {
    expect(messageFor('unknown_role', { details: { role: 'paralegal' }, surface })).toContain(words);
  });

  it.each([
    ['chat', '`until` is more than a year ahead'],
    ['cli', '--until is more than a year ahead'],
    ['api', '`returnAt` is more than a year ahead'],
  ] as const)('a return beyond the horizon reads, on %s: %s', (surface, words) => {
    const details = { field: 'returnAt', reason: 'beyond_horizon' };

    expect(messageFor('invalid_plan', { details, surface })).toContain(words);
  });

  it.each([
    ['chat', '`cancel H-3`'],
    ['cli', '`handoff cancel H-3`'],
    ['api', '`POST /api/v1/handoffs/H-3/cancel`'],
  ] as const)('what to do next is said in %s words: %s', (surface, words) => {
    expect(messageFor('already_running', { details: { handoffNo: 3 }, surface })).toContain(words);
  });
});
