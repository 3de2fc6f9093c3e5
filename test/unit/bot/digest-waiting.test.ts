import { describe, expect, it } from 'vitest';
import { renderDigestText } from '../../../bot/bitrix24-chat/render-progress.js';
import { renderDigest } from '../../../bot/slack/render/digest.js';
import { toHandoffId, toPortalUserId, toTenantId } from '../../../engine/ids.js';
import type { Handoff } from '../../../engine/model.js';

/** Anna's H-1 (to Ben) came back, but Ben's H-4 moved two of her deals on to Carl: they wait there. */
const h1: Handoff = {
  tenantId: toTenantId('t'),
  id: toHandoffId('h1'),
  no: 1,
  status: 'returned',
  plan: {
    tenantId: toTenantId('t'),
    initiator: { label: 'x' },
    fromUserId: toPortalUserId(1),
    to: { type: 'user', userId: toPortalUserId(2) },
    when: { mode: 'temporary', returnAt: new Date('2026-12-03T07:00:00Z') },
    options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: true },
  },
  targets: { deals: { type: 'user', userId: toPortalUserId(2), via: 'user' } },
  kinds: ['deals'],
  createdAt: new Date(0),
  updatedAt: new Date(0),
  cancelRequested: false,
};
const input = {
  handoff: h1,
  phase: 'returned' as const,
  role: 'from' as const,
  fromName: 'Anna Berg',
  toNames: ['Ben Cole'],
  timeZone: 'UTC',
  waiting: [{ kind: 'deals' as const, count: 2, handoffRef: 'H-4', holderName: 'Carl [b]Dunn' }],
};

describe("the from-user's digest at a return whose lent items wait on a later handoff", () => {
  it('Slack: says what came back and which items are still on their way, with whom and until when', () => {
    const message = renderDigest({ ...input, kinds: [{ kind: 'deals', count: 3 }] });
    const text = JSON.stringify(message.blocks);
    expect(message.text).toBe('H-1: 3 items came back to you; 2 more are on their way.');
    expect(text).toContain('Still on their way (2)');
    expect(text).toContain('• Deals: 2 with Carl [b]Dunn, home when H-4 ends');
    expect(text).not.toContain('kept');
  });

  it('Slack: nothing back yet still tells the from-user, never "0 items came back"', () => {
    const message = renderDigest({ ...input, kinds: [] });
    expect(message.text).toBe('H-1 has ended; 2 of your items are still on their way back to you.');
    expect(JSON.stringify(message.blocks)).not.toContain('0 items');
  });

  it('Bitrix24: the same in one notification text, names escaped', () => {
    const text = renderDigestText({ ...input, kinds: [{ kind: 'deals', count: 3 }] });
    expect(text).toContain('H-1: 3 items came back to you; 2 more are on their way.');
    expect(text).toContain('Still on their way (2):\n• Deals: 2 with Carl ⁅b⁆Dunn, home when H-4 ends');
  });
});
