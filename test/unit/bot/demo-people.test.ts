import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../bitrix24/sandbox/index.js';
import { applySlackEmails, demoPeople, parseSlackEmails, renderDemoPeople } from '../../../bot/demo-people.js';
import { toPortalUserId } from '../../../engine/ids.js';
import { sandboxWorkSystem } from '../../contract/bitrix24-sandbox-world.js';

describe("the demo's people table", () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ rate: false, seed: { itemsPerUser: 40 } });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('lists every employee of the portal, not the first few', () => {
    const people = demoPeople(sandbox.portal);

    const employees = sandbox.portal.users.filter((u) => u.userType === 'employee').map((u) => u.id);
    expect(people.map((p) => p.id)).toEqual(employees);
    expect(people.length).toBeGreaterThan(8);
    expect(renderDemoPeople(people).split('\n')).toHaveLength(people.length);
  });

  it('counts open items as preview does, smart processes included', async () => {
    const system = sandboxWorkSystem(sandbox);
    const kinds = (await system.listKinds()).map((k) => k.kind);
    expect(kinds.some((k) => k.startsWith('spa:'))).toBe(true);

    for (const person of demoPeople(sandbox.portal)
      .filter((p) => p.active)
      .slice(0, 4)) {
      let previewTotal = 0;
      for (const kind of kinds) previewTotal += await system.countItems(kind, toPortalUserId(person.id), 'open');
      expect({ id: person.id, open: person.openItems }).toEqual({ id: person.id, open: previewTotal });
    }
  });
});

describe('demo: Slack users as sandbox people (--slack-emails)', () => {
  it.each([
    [
      '1=Me@Acme.com, 3=bob@acme.com',
      [
        [1, 'me@acme.com'],
        [3, 'bob@acme.com'],
      ],
    ],
    ['', []],
  ] as const)('parses %j', (spec, pairs) => {
    const parsed = parseSlackEmails(spec);

    expect(parsed).toEqual({ ok: true, value: new Map(pairs) });
  });

  it.each(['me@acme.com', '1=not-an-email', 'x=me@acme.com'])('names a bad part: %s', (spec) => {
    const parsed = parseSlackEmails(spec);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain('--slack-emails');
  });

  it('gives sandbox people the Slack e-mails, so the connector finds them by e-mail; unknown ids are named', async () => {
    const sandbox = await startSandbox({ rate: false, seed: { itemsPerUser: 1 } });
    try {
      const unknown = applySlackEmails(
        sandbox.portal,
        new Map([
          [1, 'me@acme.com'],
          [9999, 'x@acme.com'],
        ]),
      );

      const found = await sandboxWorkSystem(sandbox).findUserByEmail('me@acme.com');

      expect(unknown).toEqual([9999]);
      expect(found?.id).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});
