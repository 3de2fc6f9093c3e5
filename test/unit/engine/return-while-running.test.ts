import { beforeEach, describe, expect, it } from 'vitest';
import { isHandoffError } from '../../../engine/errors.js';
import { ACTOR, createHarness, type Harness, plan, TENANT } from './harness.js';

/** `return H-n` while the transfer of a temporary handoff is still running: stop it and give back what moved. */
describe('return on a running temporary handoff', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ ws: { pageSize: 7, maxBatchSize: 5 } });
  });

  function temporary(days = 7) {
    return plan({
      kinds: ['deals'],
      when: { mode: 'temporary', returnAt: new Date(h.clock.now().getTime() + days * 86_400_000) },
    });
  }

  /** Asks for the return (as the CLI and API do) from inside the second batch of the transfer. */
  function returnDuringSecondBatch(options: { force: boolean } = { force: false }) {
    const original = h.ws.setOwners.bind(h.ws);
    let batches = 0;
    const answers: { status: string }[] = [];
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      batches += 1;
      if (batches === 2) answers.push((await h.service.returnNow(TENANT, 1, ACTOR, options)).handoff);
      return result;
    };
    return answers;
  }

  it('stops after the current batch and returns what moved, with no cancel first', async () => {
    const ids = h.ws.addItems('deals', 1, 20);
    const answers = returnDuringSecondBatch();

    await h.service.create(temporary());
    await h.runDue();
    await h.runDue();

    const final = await h.service.get(TENANT, 1);
    expect(answers.map((a) => a.status)).toEqual(['running']);
    expect(final.handoff.status).toBe('returned');
    expect(final.counts.byStatus.returned).toBe(10);
    expect(final.counts.byStatus.moved).toBe(0);
    // Items the transfer never reached stayed with their owner and were never touched.
    expect(ids.every((id) => h.ws.ownerOf('deals', id) === 1)).toBe(true);
    expect(ids.slice(10).every((id) => h.ws.updateCount('deals', id) === 0)).toBe(true);
    const types = (await h.service.events(TENANT, 1)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['return.requested', 'handoff.cancelled', 'return.started']));
    expect(types).not.toContain('handoff.cancel_requested');
  });

  it('the return instant becomes now: nothing waits for the planned date', async () => {
    h.ws.addItems('deals', 1, 20);
    returnDuringSecondBatch();

    await h.service.create(temporary(30));
    await h.runDue();

    const done = await h.service.get(TENANT, 1);
    expect(done.handoff.status).toBe('returned');
    expect(done.handoff.plan.when.mode === 'temporary' && done.handoff.plan.when.returnAt).toEqual(h.clock.now());
  });

  it('passes force on to the return', async () => {
    const ids = h.ws.addItems('deals', 1, 20);
    const original = h.ws.setOwners.bind(h.ws);
    let batches = 0;
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      batches += 1;
      if (batches === 2) {
        // Someone takes a moved deal by hand before the return; force brings it back anyway.
        h.ws.setOwnerManually('deals', ids[0] as number, 5);
        await h.service.returnNow(TENANT, 1, ACTOR, { force: true });
      }
      return result;
    };

    await h.service.create(temporary());
    await h.runDue();
    await h.runDue();

    expect(h.ws.ownerOf('deals', ids[0] as number)).toBe(1);
    expect((await h.service.get(TENANT, 1)).counts.byStatus.kept).toBe(0);
  });

  it('a permanent running handoff is still refused: cancel it, then undo', async () => {
    h.ws.addItems('deals', 1, 20);
    const original = h.ws.setOwners.bind(h.ws);
    const refusals: string[] = [];
    h.ws.setOwners = async (kind, changes) => {
      const result = await original(kind, changes);
      await h.service.undo(TENANT, 1, ACTOR).catch((err: unknown) => {
        if (isHandoffError(err)) refusals.push(err.code);
      });
      return result;
    };

    await h.service.create(plan({ kinds: ['deals'] }));
    await h.runDue();

    expect(refusals[0]).toBe('wrong_status');
    expect((await h.service.get(TENANT, 1)).handoff.status).toBe('completed');
  });
});
