import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';

let sandbox: RunningSandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ rate: false });
});
afterEach(async () => {
  await sandbox.close();
});

async function asApp(method: string, params: Record<string, unknown>, userId = 1) {
  const auth = sandbox.portal.issueTokens(userId).access_token;
  const response = await fetch(`${sandbox.url}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const ROBOT = {
  CODE: 'test_robot',
  HANDLER: 'https://app.example.com/robot',
  NAME: 'Test',
  PROPERTIES: { who: { Name: 'Who', Type: 'user' } },
};

describe('sandbox bizproc (reference §11)', () => {
  it('adds, lists and deletes a robot; a second add of the code fails', async () => {
    const added = await asApp('bizproc.robot.add', ROBOT);
    const again = await asApp('bizproc.robot.add', ROBOT);
    const listed = await asApp('bizproc.robot.list', {});
    const deleted = await asApp('bizproc.robot.delete', { CODE: 'test_robot' });

    expect(added.body.result).toBe(true);
    expect(again).toMatchObject({ status: 400, body: { error: 'ERROR_ACTIVITY_ALREADY_INSTALLED' } });
    expect(listed.body.result).toEqual(['test_robot']);
    expect(deleted.body.result).toBe(true);
    expect(sandbox.portal.robots.robots.size).toBe(0);
  });

  it.each([
    [{ ...ROBOT, CODE: 'bad code!' }, 'ERROR_ACTIVITY_VALIDATION_FAILURE'],
    [{ ...ROBOT, HANDLER: 'not a url' }, 'ERROR_WRONG_HANDLER_URL'],
    [{ ...ROBOT, HANDLER: 'ftp://app.example.com/robot' }, 'ERROR_UNSUPPORTED_PROTOCOL'],
    [{ ...ROBOT, PROPERTIES: { '1x': { Name: 'x', Type: 'user' } } }, 'ERROR_ACTIVITY_VALIDATION_FAILURE'],
    [{ ...ROBOT, PROPERTIES: { x: { Name: 'x', Type: 'colour' } } }, 'ERROR_ACTIVITY_VALIDATION_FAILURE'],
  ])('refuses %j', async (params, error) => {
    expect((await asApp('bizproc.robot.add', params)).body.error).toBe(error);
  });

  it('refuses a webhook: ACCESS_DENIED "Application context required"', async () => {
    const response = await fetch(`${sandbox.webhookUrl}bizproc.robot.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ROBOT),
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'ACCESS_DENIED',
      error_description: 'Application context required',
    });
  });

  it('accepts bizproc.event.send once per issued token and records it', async () => {
    await asApp('bizproc.robot.add', ROBOT);
    const call = sandbox.portal.robots.buildCall({
      code: 'test_robot',
      document: { kind: 'deals', id: 3 },
      properties: { who: 5 },
    });

    const first = await asApp('bizproc.event.send', {
      EVENT_TOKEN: call.eventToken,
      RETURN_VALUES: { n: 1 },
      LOG_MESSAGE: 'done',
    });
    const second = await asApp('bizproc.event.send', { EVENT_TOKEN: call.eventToken });
    const unknown = await asApp('bizproc.event.send', { EVENT_TOKEN: 'never-issued' });

    expect(first.body.result).toBe(true);
    expect([second.status, unknown.status]).toEqual([403, 403]);
    expect(sandbox.portal.robots.events).toEqual([
      expect.objectContaining({
        eventToken: call.eventToken,
        code: 'test_robot',
        returnValues: { n: 1 },
        logMessage: 'done',
      }),
    ]);
    expect(call.body).toContain('properties%5Bwho%5D=user_5');
    expect(call.body).toContain('document_id%5B2%5D=DEAL_3');
  });
});
