import { describe, expect, it } from 'vitest';
import { parseReplyActionId } from '../../../../../bot/slack/render/blocks.js';
import { digestRecipients, renderDigest } from '../../../../../bot/slack/render/digest.js';
import { renderProgress } from '../../../../../bot/slack/render/progress.js';
import { renderReply } from '../../../../../bot/slack/render/reply.js';
import { renderItemSummary } from '../../../../../bot/slack/render/summary.js';
import { toHandoffId, toPortalUserId, toTenantId } from '../../../../../engine/ids.js';
import { emptyStatusCounts, type Handoff, type ItemCounts } from '../../../../../engine/model.js';

const handoff: Handoff = {
  tenantId: toTenantId('t'),
  id: toHandoffId('h1'),
  no: 7,
  status: 'completed_with_errors',
  plan: {
    tenantId: toTenantId('t'),
    initiator: { label: 'x' },
    fromUserId: toPortalUserId(2),
    to: { type: 'user', userId: toPortalUserId(3) },
    when: { mode: 'temporary', returnAt: new Date('2026-12-03T07:00:00Z') },
    options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: true },
  },
  targets: {
    deals: { type: 'user', userId: toPortalUserId(3), via: 'user' },
    tasks: { type: 'department', departmentId: 5, memberIds: [toPortalUserId(3), toPortalUserId(4)] },
  },
  kinds: ['deals', 'tasks'],
  createdAt: new Date(0),
  updatedAt: new Date(0),
  cancelRequested: false,
};
const counts: ItemCounts = {
  total: 12,
  byStatus: { ...emptyStatusCounts(), moved: 10, failed: 2 },
  byKind: {
    deals: { ...emptyStatusCounts(), moved: 4, failed: 2 },
    tasks: { ...emptyStatusCounts(), moved: 6 },
  },
};
const buttons = (blocks: unknown) =>
  (blocks as { type: string; elements?: { action_id: string; value?: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

describe('Slack renderers', () => {
  it('progress shows counts per kind, the final pace and the buttons the state allows', () => {
    const message = renderProgress(handoff, {
      phase: 'transfer',
      counts,
      itemsPerSecond: 3,
      etaSeconds: 0,
      final: true,
    });

    expect(message.text).toBe('H-7: completed with errors, 12/12 items');
    expect(JSON.stringify(message.blocks)).toContain('*Deals* (6): 4 moved · 0 skipped · 2 failed');
    expect(buttons(message.blocks).map((b) => parseReplyActionId(b.action_id))).toEqual(['retry', 'undo']);
  });

  it('a console link is a plain mrkdwn link (no button, so nothing comes back to answer)', () => {
    const message = renderReply({
      type: 'text',
      tone: 'info',
      text: 'Here is your private link.',
      link: { url: 'https://handoff.example.com/app/login?token=a.b', label: 'Open the Handoff console' },
    });

    expect(JSON.stringify(message.blocks)).toContain(
      '<https://handoff.example.com/app/login?token=a.b|Open the Handoff console>',
    );
    expect(buttons(message.blocks)).toEqual([]);
    expect(message.text).not.toContain('token=');
  });

  it('a choose-head reply gets unique action ids, and an empty value is left out', () => {
    const message = renderReply({
      type: 'choose_head',
      text: 'Which head?',
      from: { name: 'Anna' },
      heads: [1, 2].map((id) => ({
        departmentId: id,
        departmentName: `D${id}`,
        person: { name: `H${id}` },
        action: { id: 'choose_head' as const, label: `H${id}`, value: `token-${id}` },
      })),
      actions: [{ id: 'dismiss', label: 'Dismiss', value: '' }],
    });
    const ids = buttons(message.blocks).map((b) => b.action_id);

    expect(new Set(ids).size).toBe(3);
    expect(buttons(message.blocks).find((b) => b.action_id.startsWith('handoff:dismiss'))).not.toHaveProperty('value');
  });

  it('an error with a way out (receiver away) shows its buttons; one without shows none', () => {
    const away = renderReply({
      type: 'error',
      code: 'receiver_away',
      text: 'Dora is away until Dec 20 (H-1). Carl covers for them: hand the work to Carl instead.',
      actions: [
        { id: 'hand_to_backup', label: 'Hand to Carl instead', value: 'token' },
        { id: 'dismiss', label: 'Dismiss', value: '' },
      ],
    });
    const plain = renderReply({ type: 'error', code: 'not_found', text: 'There is no H-9 here.' });

    expect(buttons(away.blocks).map((b) => parseReplyActionId(b.action_id))).toEqual(['hand_to_backup', 'dismiss']);
    expect(buttons(plain.blocks)).toEqual([]);
  });

  it('a thread summary says which lent items stay with a later handoff, with whom and until when', () => {
    const message = renderItemSummary(
      handoff,
      [
        {
          kind: 'deals',
          itemId: 4,
          title: 'Acme',
          status: 'moved',
          newOwnerId: toPortalUserId(3),
          originalOwnerId: toPortalUserId(2),
          currentOwnerId: toPortalUserId(9),
          waitingForNo: 8,
        },
        {
          kind: 'deals',
          itemId: 5,
          title: 'Beta',
          status: 'returned',
          newOwnerId: toPortalUserId(3),
          originalOwnerId: toPortalUserId(2),
        },
      ],
      new Map([[9, 'Dan']]),
    );

    expect(JSON.stringify(message.blocks)).toContain('*Deals home when H-8 ends* (1): Acme #4 (with Dan)');
    expect(JSON.stringify(message.blocks)).toContain('*Deals returned* (1): Beta #5');
  });

  it('a thread summary is one message per batch, failures with their reasons', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({
      kind: 'deals' as const,
      itemId: i + 1,
      title: `Deal <${i}>`,
      status: i < 2 ? ('failed' as const) : ('moved' as const),
      newOwnerId: toPortalUserId(3),
      originalOwnerId: toPortalUserId(2),
      ...(i < 2 ? { error: 'ACCESS_DENIED: no rights' } : {}),
    }));

    const message = renderItemSummary(handoff, items);
    const text = JSON.stringify(message.blocks);

    expect(message.text).toBe('H-7: 50 items, 2 failed');
    expect(renderItemSummary(handoff, items, new Map(), 100).text).toBe('H-7: 50 more items (150 so far), 2 failed');
    expect(text).toContain('*Deals moved* (48)');
    expect(text).toContain('ACCESS_DENIED: no rights');
    expect(text).toContain('Deal &lt;0&gt;');
  });

  it('a summary names who has each kept item, by name when known and by id otherwise', () => {
    const kept = (itemId: number, over: { currentOwnerId?: number } = {}) => ({
      kind: 'deals' as const,
      itemId,
      title: `Deal ${itemId}`,
      status: 'kept' as const,
      newOwnerId: toPortalUserId(3),
      originalOwnerId: toPortalUserId(2),
      ...(over.currentOwnerId === undefined ? {} : { currentOwnerId: toPortalUserId(over.currentOwnerId) }),
    });

    const message = renderItemSummary(
      handoff,
      [kept(1, { currentOwnerId: 56 }), kept(2, { currentOwnerId: 9 }), kept(3)],
      new Map([[56, 'Dana <Li>']]),
    );
    const text = JSON.stringify(message.blocks);

    expect(text).toContain('*Deals kept* (3): Deal 1 #1 (with Dana &lt;Li&gt;), Deal 2 #2 (with user #9), Deal 3 #3');
  });

  it('digests go to the from-user and each receiver, a department’s members told it is shared', () => {
    const { people } = digestRecipients(handoff, counts, 'transferred');

    expect(people).toEqual([
      {
        id: 2,
        role: 'from',
        kinds: [
          { kind: 'deals', count: 4 },
          { kind: 'tasks', count: 6 },
        ],
      },
      {
        id: 3,
        role: 'to',
        kinds: [
          { kind: 'deals', count: 4 },
          { kind: 'tasks', count: 6, shared: 2 },
        ],
      },
      { id: 4, role: 'to', kinds: [{ kind: 'tasks', count: 6, shared: 2 }] },
    ]);
    const dm = renderDigest({
      handoff,
      phase: 'transferred',
      role: 'to',
      kinds: people[1]?.kinds ?? [],
      fromName: 'Anna',
      toNames: [],
      timeZone: 'Europe/Kyiv',
    });
    expect(dm.text).toBe(
      'H-7: 4 items, plus a share of 6 more for your department, of Anna moved to you until Thu 3 Dec 2026, 09:00 (Europe/Kyiv).',
    );
  });
});
