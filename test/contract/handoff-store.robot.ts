/**
 * HandoffStore contract cases for robot handoffs (engine/model.ts RobotSource): the source round-trips, robot
 * handoffs neither hold nor are held by their from-user, and the `resolved` patch replaces from-user, `to` and
 * targets (and "involving" follows the new receiver).
 * @module
 */
import { describe, expect, it } from 'vitest';
import { toPortalUserId } from '../../engine/ids.js';
import type { RobotSource } from '../../engine/model.js';
import type { NewHandoff } from '../../engine/ports.js';
import { newHandoff, T1 } from './handoff-store.fixtures.js';
import type { SuiteContext } from './handoff-store.suite.js';

const SOURCE: RobotSource = {
  type: 'robot',
  document: { kind: 'deals', itemId: 12 },
  includeDocument: true,
  relations: ['tasks', 'contacts'],
  receiver: { type: 'role', name: 'paralegal' },
  saveHistory: true,
};

function robotHandoff(fromUserId: number): NewHandoff {
  const base = newHandoff({ fromUserId, status: 'scheduled' });
  return { ...base, plan: { ...base.plan, source: SOURCE }, targets: {} };
}

export function registerRobotCases(ctx: SuiteContext): void {
  describe('robot handoffs', () => {
    it('keeps the robot source exactly', async () => {
      const { handoff } = await ctx.store().createHandoff(robotHandoff(1));

      const read = await ctx.store().getHandoff(T1, handoff.id);

      expect(read?.plan.source).toEqual(SOURCE);
      expect(read?.targets).toEqual({});
    });

    it('never holds its from-user, nor is held by another handoff of the same person', async () => {
      await ctx.store().createHandoff(newHandoff({ fromUserId: 7, status: 'running' }));

      const first = await ctx.store().createHandoff(robotHandoff(7));
      const second = await ctx.store().createHandoff(robotHandoff(7));
      const running = await ctx.store().updateHandoff(T1, first.handoff.id, { status: 'running' });

      expect([first.created, second.created]).toEqual([true, true]);
      expect(running?.status).toBe('running');
      await expect(ctx.store().createHandoff(newHandoff({ fromUserId: 8 }))).resolves.toMatchObject({ created: true });
    });

    it('replaces from-user, to and targets with a resolved patch; involving follows the receiver', async () => {
      const { handoff } = await ctx.store().createHandoff(robotHandoff(1));
      const receiver = toPortalUserId(44);

      const patched = await ctx.store().updateHandoff(T1, handoff.id, {
        resolved: {
          fromUserId: toPortalUserId(5),
          to: { type: 'user', userId: receiver },
          targets: { deals: { type: 'user', userId: receiver, via: 'user' } },
        },
      });
      const read = await ctx.store().getHandoff(T1, handoff.id);
      const involving = await ctx.store().listHandoffs(T1, { involvingUserId: receiver });

      expect(patched?.plan.fromUserId).toBe(5);
      expect(read?.plan).toMatchObject({ fromUserId: 5, to: { type: 'user', userId: 44 }, source: SOURCE });
      expect(read?.targets).toEqual({ deals: { type: 'user', userId: 44, via: 'user' } });
      expect(involving.map((h) => h.id)).toEqual([handoff.id]);
    });
  });
}
