import { describe, expect, it } from 'vitest';
import { robotProperties, sandboxRobotBody } from '../../../../bot/cli/sandbox-robot.js';

describe('handoff sandbox-robot flags', () => {
  it('sets every toggle, on for the words given', () => {
    expect(sandboxRobotBody({ deal: '12', role: 'paralegal', with: 'document,contacts' })).toEqual({
      deal: 12,
      properties: {
        moveDocument: 'Y',
        moveActivities: 'N',
        moveTasks: 'N',
        moveContacts: 'Y',
        moveCompany: 'N',
        moveInvoices: 'N',
        moveQuotes: 'N',
        role: 'paralegal',
      },
    });
  });

  it.each([
    [{ deal: '1' }, 'give --role <name> or --to <portal user id>'],
    [{ deal: '1', role: 'x', to: '3' }, 'give --role <name> or --to <portal user id>'],
    [{ deal: '1', to: 'kim' }, '--to takes a portal user id'],
    [{ deal: '1', to: '3', with: 'deals' }, '--with does not know "deals"'],
    [{ role: 'x' }, 'give --deal <id> or --lead <id>'],
  ])('refuses %j', (flags, message) => {
    expect(() => sandboxRobotBody(flags)).toThrow(message);
  });

  it('defaults to the document, its activities and tasks', () => {
    expect(robotProperties({ lead: '4', to: '3' })).toMatchObject({
      moveDocument: 'Y',
      moveActivities: 'Y',
      moveTasks: 'Y',
      moveContacts: 'N',
      newResponsible: '3',
    });
  });
});
