import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { factsRequestOf } from '../../engine/facts.js';
import { toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { Plan } from '../../engine/model.js';
import { countKeyOf } from '../../engine/ports.js';
import { sandboxWorkSystem } from './bitrix24-sandbox-world.js';

const owner = toPortalUserId(2);
const receiver = toPortalUserId(3);

let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const plan: Plan = {
  tenantId: toTenantId('t1'),
  initiator: { label: 'test' },
  fromUserId: owner,
  to: { type: 'user', userId: receiver },
  kinds: ['deals'],
  when: { mode: 'permanent' },
  options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false },
};

/** Methods the portal saw over HTTP since `from` (a batch shows as `batch`). */
function requestsSince(from: number): string[] {
  return (sandbox?.portal.requestLog ?? []).slice(from).map((entry) => entry.method);
}

describe('Bitrix24WorkSystem.readFacts (one batch for a plan check)', () => {
  it('asks a cold plan check’s facts in one batch request, and nothing again while they are fresh', async () => {
    sandbox = await startSandbox({ rate: false });
    const system = sandboxWorkSystem(sandbox);
    const request = factsRequestOf({ ...plan, to: { type: 'department', departmentId: 1 } });

    const first = await system.readFacts({ ...request, users: [owner, receiver] });
    const afterFirst = sandbox.portal.requestLog.length;
    const again = await system.readFacts({ kinds: true, users: [owner, receiver], departments: true });

    expect(requestsSince(0)).toEqual(['batch']);
    expect(requestsSince(afterFirst)).toEqual([]);
    expect(first.users.get(receiver)).toEqual(await system.getUser(receiver));
    expect(first.members.get(1)).toEqual(await system.departmentMembers(1));
    expect(first.counts.get(countKeyOf({ kind: 'deals', ownerId: owner, scope: 'open' }))).toBe(
      await system.countItems('deals', owner, 'open'),
    );
    expect(again.kinds).toEqual(first.kinds);
  });

  it('a command the batch could not answer is asked on its own, with the same answer', async () => {
    sandbox = await startSandbox({ rate: false });
    const system = sandboxWorkSystem(sandbox);
    sandbox.portal.faults.failMethod('crm.type.list', 1, {
      status: 403,
      error: 'ACCESS_DENIED',
      description: 'Access denied',
    });

    const facts = await system.readFacts(factsRequestOf(plan));

    expect(requestsSince(0)).toEqual(['batch', 'crm.type.list']);
    expect(facts.kinds?.some((k) => k.kind.startsWith('spa:'))).toBe(true);
  });
});
