import { describe, expect, it } from 'vitest';
import { CliUsageError, parseTarget, parseWhenFlag, toPlanInput } from '../../../../bot/cli/plan-flags.js';

describe('CLI plan flags → plan JSON', () => {
  it('builds the plan of the issue example', () => {
    const plan = toPlanInput(
      { from: '12', to: '34', until: 'next monday 9am', tz: 'Europe/Kyiv', only: 'deals,tasks', 'dry-run': true },
      [],
      'UTC',
    );

    expect(plan).toEqual({
      from: { id: 12 },
      to: { type: 'user', id: 34 },
      kinds: ['deals', 'tasks'],
      returnAt: { phrase: 'next monday 9am', timeZone: 'Europe/Kyiv' },
      dryRun: true,
    });
  });

  it.each([
    ['34', { type: 'user', id: 34 }],
    ['ben@acme.com', { type: 'user', email: 'ben@acme.com' }],
    ['head', { type: 'head' }],
    ['head:5', { type: 'head', departmentId: 5 }],
    ['dept:7', { type: 'department', id: 7 }],
    ['department:7', { type: 'department', id: 7 }],
  ])('reads --to %s', (text, expected) => {
    expect(parseTarget(text, '--to')).toEqual(expected);
  });

  it('sends ISO instants as they are and phrases with the default zone', () => {
    expect(parseWhenFlag('2026-12-20T09:00:00Z', 'UTC')).toBe('2026-12-20T09:00:00Z');
    expect(parseWhenFlag('dec 20 9am', 'Europe/Berlin')).toEqual({ phrase: 'dec 20 9am', timeZone: 'Europe/Berlin' });
  });

  it('expands crm and --except against the portal kinds, and per-kind targets', () => {
    const portal = ['tasks', 'deals', 'leads', 'spa:128'] as const;

    const only = toPlanInput({ from: 'a@b.co', to: 'head', only: 'crm' }, portal, 'UTC');
    const except = toPlanInput({ from: '1', to: '2', except: 'tasks', target: ['deals=dept:3'] }, portal, 'UTC');

    expect(only.kinds).toEqual(['deals', 'leads', 'spa:128']);
    expect(only.from).toEqual({ email: 'a@b.co' });
    expect(except.kinds).toEqual(['deals', 'leads', 'spa:128']);
    expect(except.targets).toEqual({ deals: { type: 'department', id: 3 } });
  });

  it.each([
    [{ to: '2' }, '--from is required'],
    [{ from: '1' }, '--to is required'],
    [{ from: 'anna', to: '2' }, '--from: expected a portal user id'],
    [{ from: '1', to: 'boss' }, '--to: expected a user id'],
    [{ from: '1', to: '2', only: 'deals', except: 'tasks' }, '--only and --except'],
    [{ from: '1', to: '2', only: 'dealz' }, '"dealz" is not a kind'],
    [{ from: '1', to: '2', 'force-return': true }, '--force-return needs --until'],
    [{ from: '1', to: '2', target: ['tasks'] }, '--target: expected <kind>=<target>'],
  ])('refuses %j naming the flag', (flags, message) => {
    expect(() => toPlanInput(flags, [], 'UTC')).toThrow(CliUsageError);
    expect(() => toPlanInput(flags, [], 'UTC')).toThrow(message);
  });
});
