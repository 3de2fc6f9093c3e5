import { describe, expect, it } from 'vitest';
import { renderReply as renderBitrix } from '../../../bot/bitrix24-chat/render.js';
import { kindCountsText } from '../../../bot/slack/render/labels.js';
import { renderReply as renderSlack } from '../../../bot/slack/render/reply.js';
import { statusReply } from '../../../commands/render-replies.js';
import { type PortalUserId, toHandoffId, toPortalUserId, toTenantId } from '../../../engine/ids.js';
import { emptyStatusCounts, type Handoff } from '../../../engine/model.js';
import type { HandoffView } from '../../../engine/service-types.js';

const NAMES: Record<number, string> = { 1: 'Anna Berg', 2: 'Ben Cole', 3: 'Carl Dunn' };
const name = async (id: PortalUserId) => ({ name: NAMES[id] ?? `user #${id}`, portalUserId: id });

/** H-1 lent Anna's deals to Ben; H-4 moved them on to Carl; H-1 has returned, 2 deals wait with Carl. */
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
  returnStartedAt: new Date('2026-12-03T07:00:00Z'),
  returnedAt: new Date('2026-12-03T07:01:00Z'),
  cancelRequested: false,
};
const view: HandoffView = {
  handoff: h1,
  counts: {
    total: 5,
    byStatus: { ...emptyStatusCounts(), returned: 3, moved: 2 },
    byKind: { deals: { ...emptyStatusCounts(), returned: 3, moved: 2 } },
  },
  waiting: [{ kind: 'deals', onwardHandoffNo: 4, holderId: toPortalUserId(3), count: 2 }],
};

describe('status of a returned handoff whose lent items a later handoff still holds', () => {
  it('tells in Slack and in Bitrix24 chat that they come home when that handoff ends, and who has them', async () => {
    const reply = await statusReply(view, [], [], 'UTC', name);

    expect(reply.byKind[0]?.waiting).toEqual([
      { count: 2, handoffRef: 'H-4', holder: { name: 'Carl Dunn', portalUserId: 3 } },
    ]);
    const slack = JSON.stringify(renderSlack(reply).blocks);
    expect(slack).toContain('• Deals: 3 returned · 2 waiting: home when H-4 ends (with *Carl Dunn*)');
    expect(slack).not.toContain('2 moved');
    const bitrix = renderBitrix(reply).text;
    expect(bitrix).toContain('• Deals: 3 returned · 2 waiting: home when H-4 ends (with [USER=3]Carl Dunn[/USER])');
    expect(bitrix).not.toContain('2 moved');
  });
});

describe('the progress line of a return', () => {
  it('counts items not back yet (to return, or waiting on a later handoff) instead of leaving them out', () => {
    const counts = { ...emptyStatusCounts(), returned: 3, moved: 2 };
    expect(kindCountsText(counts, 'return')).toBe('(5): 3 returned · 0 kept · 0 gone · 2 not back yet');
    expect(kindCountsText({ ...counts, moved: 0, returned: 5 }, 'return')).toBe('(5): 5 returned · 0 kept · 0 gone');
  });
});
