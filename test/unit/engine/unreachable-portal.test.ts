import { beforeEach, describe, expect, it } from 'vitest';
import { HandoffError, PortalError } from '../../../engine/errors.js';
import { ACTOR, createHarness, type Harness, plan, TENANT, until } from './harness.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

function disconnected(): HandoffError {
  return new HandoffError('portal_error', 'This workspace is not connected to a Bitrix24 portal yet.', {
    reason: 'no_portal',
  });
}

describe('a portal that cannot be reached when a job starts', () => {
  let h: Harness;

  beforeEach(() => {
    h = createHarness({ engine: { sweepIntervalMs: 15 * MINUTE } });
  });

  it.each([
    ['the workspace was disconnected', disconnected(), 'portal_error: This workspace is not connected'],
    ['the portal refused the credentials', new PortalError('token revoked', 'NO_AUTH_FOUND', false), 'NO_AUTH_FOUND'],
  ])('fails the start when %s, and a retry works once it is back', async (_case, error, message) => {
    const ids = h.ws.addItems('deals', 1, 3);
    const { view } = await h.service.create(plan({ kinds: ['deals'] }));
    h.failPortal(error);

    await h.runDue();
    const failed = await h.service.get(TENANT, view.handoff.no);
    const events = (await h.service.events(TENANT, view.handoff.no)).map((e) => e.type);
    h.failPortal(null);
    await h.service.retry(TENANT, view.handoff.no, ACTOR);
    await h.runDue();

    expect(failed.handoff.status).toBe('failed');
    expect(failed.handoff.error).toContain(message);
    expect(events).toEqual(['handoff.created', 'handoff.started', 'handoff.failed']);
    expect(h.notifier.finals()[0]?.phase).toBe('transfer');
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('completed');
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(2);
  });

  it('frees the from-user of a failed start for another handoff', async () => {
    h.ws.addItems('deals', 1, 2);
    await h.service.create(plan({ kinds: ['deals'] }));
    h.failPortal(disconnected());
    await h.runDue();
    h.failPortal(null);

    const second = await h.service.create(plan({ kinds: ['deals'] }));

    expect(second.created).toBe(true);
  });

  it('keeps a return waiting with the error, tries again each sweep interval, and returns once it is back', async () => {
    const ids = h.ws.addItems('deals', 1, 3);
    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 7) }));
    await h.runDue();
    h.failPortal(disconnected());
    h.clock.advance(7 * DAY);

    await h.runDue();
    const waiting = await h.service.get(TENANT, view.handoff.no);
    const retryAt = h.scheduler.get('handoff.return', view.handoff.id)?.at.getTime();
    h.clock.advance(15 * MINUTE);
    await h.runDue();
    const stillWaiting = await h.service.get(TENANT, view.handoff.no);
    h.failPortal(null);
    h.clock.advance(15 * MINUTE);
    await h.runDue();

    expect(waiting.handoff.status).toBe('returning');
    expect(waiting.handoff.error).toContain('portal_error');
    expect(waiting.counts.byStatus.moved).toBe(3);
    expect(retryAt).toBe(h.clock.now().getTime() - 15 * MINUTE);
    expect(stillWaiting.handoff.status).toBe('returning');
    const events = (await h.service.events(TENANT, view.handoff.no)).map((e) => e.type);
    expect(events.filter((e) => e === 'return.failed')).toHaveLength(1);
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.handoff.status).toBe('returned');
    expect(after.handoff.error).toBeUndefined();
    for (const id of ids) expect(h.ws.ownerOf('deals', id)).toBe(1);
  });

  it('skips a sweep while the portal is unreachable and sweeps again once it is back', async () => {
    h.ws.addItems('deals', 1, 1);
    const { view } = await h.service.create(
      plan({ kinds: ['deals'], when: until(h.clock, 3), options: { sweep: true } }),
    );
    await h.runDue();
    const late = h.ws.addItem('deals', 1);
    h.failPortal(new PortalError('portal unavailable', 'network', true));

    h.clock.advance(15 * MINUTE);
    await h.runDue();
    const skipped = await h.service.get(TENANT, view.handoff.no);
    const ownerWhileDown = h.ws.ownerOf('deals', late);
    h.failPortal(null);
    h.clock.advance(15 * MINUTE);
    await h.runDue();

    expect(skipped.handoff.status).toBe('return_scheduled');
    expect(ownerWhileDown).toBe(1);
    expect(h.logs.some((l) => l.level === 'warn' && l.msg === 'sweep skipped: portal unreachable')).toBe(true);
    expect(h.ws.ownerOf('deals', late)).toBe(2);
  });
});
