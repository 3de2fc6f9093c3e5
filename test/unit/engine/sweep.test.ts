import { describe, expect, it } from 'vitest';
import { createHarness, plan, TENANT, until } from './harness.js';

const MINUTE = 60_000;

describe('sweep', () => {
  it('moves items that land on the from-user while away, and returns them with the rest', async () => {
    const h = createHarness({ engine: { sweepIntervalMs: 15 * MINUTE } });
    const [first = 0] = h.ws.addItems('deals', 1, 1);
    const { view } = await h.service.create(
      plan({ kinds: ['deals'], when: until(h.clock, 3), options: { sweep: true } }),
    );
    await h.runDue();
    const late = h.ws.addItem('deals', 1);

    h.clock.advance(15 * MINUTE);
    await h.runDue();
    const swept = h.ws.ownerOf('deals', late);
    h.clock.advance(15 * MINUTE);
    await h.runDue();
    h.clock.advance(3 * 86_400_000);
    await h.runDue();

    expect(swept).toBe(2);
    expect(h.ws.updateCount('deals', late)).toBe(2);
    expect(h.ws.ownerOf('deals', late)).toBe(1);
    expect(h.ws.ownerOf('deals', first)).toBe(1);
    const after = await h.service.get(TENANT, view.handoff.no);
    expect(after.counts.byStatus.returned).toBe(2);
    expect(h.scheduler.get('handoff.sweep', view.handoff.id)).toBeUndefined();
    expect((await h.service.events(TENANT, view.handoff.no)).map((e) => e.type)).toContain('sweep.moved');
  });

  it('is not scheduled without the sweep option', async () => {
    const h = createHarness();
    h.ws.addItems('deals', 1, 1);

    const { view } = await h.service.create(plan({ kinds: ['deals'], when: until(h.clock, 3) }));
    await h.runDue();

    expect(h.scheduler.get('handoff.sweep', view.handoff.id)).toBeUndefined();
    expect(h.scheduler.get('handoff.return', view.handoff.id)).toBeDefined();
  });
});
