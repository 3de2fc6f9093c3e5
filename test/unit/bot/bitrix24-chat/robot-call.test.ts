import { describe, expect, it } from 'vitest';
import { SandboxRobots } from '../../../../bitrix24/sandbox/robots.js';
import { type FormRecord, parseForm } from '../../../../bot/bitrix24-chat/form-body.js';

function parseFormBody(text: string): FormRecord {
  const parsed = parseForm(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

import { robotCallKey } from '../../../../bot/bitrix24-chat/robot.js';
import { parseRobotAuth, parseRobotCall } from '../../../../bot/bitrix24-chat/robot-call.js';
import { ROBOT_CODE, ROBOT_PROPERTIES } from '../../../../bot/bitrix24-chat/robot-definition.js';

/** A robot call body exactly as the sandbox portal posts it. */
function body(properties: Record<string, string | number | undefined>, document: 'deals' | 'leads' = 'deals'): string {
  const robots = new SandboxRobots({
    now: () => Date.UTC(2026, 11, 3),
    issueTokens: () => ({
      access_token: 'at',
      refresh_token: 'rt',
      expires_in: 3600,
      expires: 0,
      client_endpoint: 'https://acme.bitrix24.com/rest/',
      server_endpoint: 'https://oauth.bitrix.info/rest/',
      member_id: 'member-1',
      domain: 'acme.bitrix24.com',
      scope: 'crm,bizproc',
      status: 'L',
      user_id: 7,
    }),
  });
  robots.add({
    code: ROBOT_CODE,
    handler: 'https://handoff.example.com/bitrix24/robot',
    authUserId: 7,
    useSubscription: 'Y',
    name: 'x',
    properties: ROBOT_PROPERTIES,
    filter: undefined,
  });
  return robots.buildCall({ code: ROBOT_CODE, document: { kind: document, id: 12 }, properties, eventToken: 'tok|1' })
    .body;
}

describe('parseRobotAuth / parseRobotCall on the portal’s form body', () => {
  it('reads the auth, the document, the receiver and the toggles (defaults: document, activities, tasks)', () => {
    const form = parseFormBody(body({ newResponsible: 34 }));

    expect(parseRobotAuth(form)).toMatchObject({ ok: true, value: { memberId: 'member-1', eventToken: 'tok|1' } });
    expect(parseRobotCall(form)).toEqual({
      ok: true,
      value: expect.objectContaining({
        document: { kind: 'deals', itemId: 12 },
        includeDocument: true,
        relations: ['activities', 'tasks'],
        receiver: { type: 'user', userId: 34 },
        saveHistory: true,
        robotUserId: 7,
        code: ROBOT_CODE,
      }),
    });
  });

  it('reads a role for a lead, with the toggles as set', () => {
    const form = parseFormBody(
      body(
        { role: ' Paralegal ', moveDocument: 'N', moveActivities: 'N', moveContacts: 'Y', moveQuotes: 'Y' },
        'leads',
      ),
    );

    expect(parseRobotCall(form)).toMatchObject({
      ok: true,
      value: {
        document: { kind: 'leads', itemId: 12 },
        includeDocument: false,
        relations: ['tasks', 'contacts', 'quotes'],
        receiver: { type: 'role', name: 'paralegal' },
      },
    });
  });

  it.each([
    [{}, 'Set "New responsible" or a role in the robot settings.'],
    [{ role: '9lives' }, '"9lives" is not a role name'],
  ])('refuses %j', (properties, problem) => {
    const parsed = parseRobotCall(parseFormBody(body(properties)));

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });

  it('refuses a document that is not a deal or lead', () => {
    const form = parseFormBody(
      'document_id[0]=crm&document_id[1]=CCrmDocumentContact&document_id[2]=CONTACT_3&properties[newResponsible]=user_2',
    );

    expect(parseRobotCall(form)).toEqual({
      ok: false,
      problem: 'This robot works on deals and leads only (the workflow runs on CCrmDocumentContact).',
    });
  });

  it('refuses a call without its application token', () => {
    expect(parseRobotAuth(parseFormBody('event_token=x&auth[member_id]=m')).ok).toBe(false);
  });
});

describe('robotCallKey', () => {
  it('keys a call by a hash of its event token, never the token itself', () => {
    expect(robotCallKey('tok|1')).toMatch(/^robot:[0-9a-f]{64}$/);
    expect(robotCallKey('tok|1')).toBe(robotCallKey('tok|1'));
    expect(robotCallKey('tok|1')).not.toContain('tok');
  });
});
