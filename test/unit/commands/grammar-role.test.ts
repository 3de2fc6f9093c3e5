import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../commands/grammar.js';
import { BITRIX24_MENTIONS, SLACK_MENTIONS } from '../../../commands/mentions.js';

const parse = (text: string) => parseCommand(text, { mentions: [SLACK_MENTIONS, BITRIX24_MENTIONS] });

describe('role commands', () => {
  it.each([
    ['roles', { type: 'roles' }],
    ['role', { type: 'roles' }],
    ['role list', { type: 'roles' }],
    [
      'role set Paralegal <@U123|kim>',
      { type: 'role_set', name: 'paralegal', holder: { type: 'user', person: { kind: 'slack', id: 'U123' } } },
    ],
    [
      '/handoff role set attorney [USER=12]Kim Li[/USER]',
      { type: 'role_set', name: 'attorney', holder: { type: 'user', person: { kind: 'portal', id: 12 } } },
    ],
    [
      'role set intake dept Field sales',
      { type: 'role_set', name: 'intake', holder: { type: 'department', department: { name: 'Field sales' } } },
    ],
    [
      'role set reviewer head of 7',
      { type: 'role_set', name: 'reviewer', holder: { type: 'department_head', department: { id: 7 } } },
    ],
    ['role remove paralegal', { type: 'role_remove', name: 'paralegal' }],
  ])('%s', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, value: command });
  });

  it.each([
    ['role set', 'missing_value', 'set'],
    ['role set 9lives <@U1|a>', 'bad_role_name', '9lives'],
    ['role set paralegal', 'missing_value', 'paralegal'],
    ['role set paralegal kim', 'expected_person', 'kim'],
    ['role set paralegal dept', 'missing_value', 'dept'],
    ['role rename paralegal', 'unknown_word', 'rename'],
    ['role remove paralegal now', 'unknown_word', 'now'],
    ['roles please', 'unknown_word', 'please'],
  ])('%s → %s', (text, code, word) => {
    expect(parse(text)).toMatchObject({ ok: false, problem: { code, word } });
  });
});
