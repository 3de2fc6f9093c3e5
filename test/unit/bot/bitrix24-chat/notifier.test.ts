import { describe, expect, it } from 'vitest';
import type { BotApi } from '../../../../bot/bitrix24-chat/bot-api.js';
import { createBitrix24Notifier } from '../../../../bot/bitrix24-chat/notifier.js';
import type { BotMessage } from '../../../../bot/bitrix24-chat/render.js';
import { toHandoffId, toPortalUserId, toTenantId } from '../../../../engine/ids.js';
import { emptyStatusCounts, type Handoff, type Progress } from '../../../../engine/model.js';
import type { Logger } from '../../../../engine/ports.js';
import { MemoryHandoffStore } from '../../../../storage/memory-store.js';
import { MemoryTenantStore } from '../../../../storage/tenant-store.js';
import { MemoryWorkSystem } from '../../../fakes/memory-work-system.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const clock = { now: () => new Date() };
const tenantId = toTenantId('b24-m1');

function recordingBot() {
  const calls: { call: string; id?: number; dialog?: string; text: string; tag?: string; user?: number }[] = [];
  let next = 100;
  const bot: BotApi = {
    async add(_t, dialog, message: BotMessage) {
      next += 1;
      calls.push({ call: 'add', id: next, dialog, text: message.text });
      return next;
    },
    async update(_t, id, message) {
      calls.push({ call: 'update', id, text: message.text });
    },
    async removeKeyboard(_t, id) {
      calls.push({ call: 'removeKeyboard', id, text: '' });
    },
    async notify(_t, user, text, tag) {
      calls.push({ call: 'notify', user, text, tag });
    },
  };
  return { bot, calls };
}

const snapshot = (moved: number, final: boolean): Progress => ({
  phase: 'transfer',
  counts: { total: 20, byStatus: { ...emptyStatusCounts(), moved, pending: 20 - moved }, byKind: {} },
  itemsPerSecond: 4,
  etaSeconds: final ? 0 : 20 - moved,
  final,
});

async function setup(
  origin: Handoff['plan']['origin'],
  onSlack?: (tenantId: string, portalUserId: number) => Promise<boolean>,
) {
  const store = new MemoryHandoffStore();
  const tenants = new MemoryTenantStore();
  await tenants.ensureTenant({ id: tenantId, name: 'acme' });
  await tenants.updateTenant(tenantId, {
    portal: {
      type: 'oauth',
      domain: 'acme.bitrix24.com',
      memberId: 'm1',
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: new Date(),
    },
    app: { memberId: 'm1', domain: 'acme.bitrix24.com', applicationTokenHash: 'c'.repeat(64), botId: 1001 },
  });
  const ws = new MemoryWorkSystem({ kinds: ['deals'] });
  ws.addUser(2, { name: 'Anna Adams' });
  ws.addUser(3, { name: 'Ben Brown' });
  const { handoff } = await store.createHandoff({
    tenantId,
    id: toHandoffId('h1'),
    status: 'running',
    plan: {
      tenantId,
      initiator: { label: 'bitrix24:1', portalUserId: toPortalUserId(1) },
      fromUserId: toPortalUserId(2),
      to: { type: 'user', userId: toPortalUserId(3) },
      when: { mode: 'permanent' },
      options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false },
      ...(origin ? { origin } : {}),
    },
    targets: { deals: { type: 'user', userId: toPortalUserId(3), via: 'user' } },
    kinds: ['deals'],
    createdAt: new Date(),
  });
  const { bot, calls } = recordingBot();
  const notifier = createBitrix24Notifier({
    bot,
    tenants,
    store,
    workSystems: async () => ws,
    clock,
    logger: silent,
    minEditIntervalMs: 300,
    summaryGapMs: 10,
    ...(onSlack ? { onSlack } : {}),
  });
  return { store, handoff, notifier, calls };
}

describe('createBitrix24Notifier', () => {
  it('posts one progress message, paces its edits (the last state wins), and keeps it in surfaceState', async () => {
    const { store, handoff, notifier, calls } = await setup({ surface: 'bitrix24', ref: { dialogId: '1' } });

    for (let moved = 0; moved < 20; moved += 2) await notifier.progress(handoff, snapshot(moved, false));
    await notifier.progress({ ...handoff, status: 'completed' }, snapshot(20, true));
    await notifier.idle();

    const adds = calls.filter((c) => c.call === 'add');
    const updates = calls.filter((c) => c.call === 'update');
    expect(adds).toHaveLength(1);
    expect(adds[0]?.dialog).toBe('1');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(updates.every((u) => u.id === adds[0]?.id)).toBe(true);
    expect(updates.at(-1)?.text).toContain('completed · 20/20 items');
    expect((await store.getHandoff(tenantId, handoff.id))?.surfaceState).toMatchObject({
      'bitrix24.message': String(adds[0]?.id),
      'bitrix24.dialog': '1',
    });
  });

  it('sends one notification per participant and phase, also for a handoff started elsewhere, never twice', async () => {
    const { handoff, notifier, calls } = await setup({ surface: 'api' });
    const counts = {
      total: 4,
      byStatus: { ...emptyStatusCounts(), moved: 4 },
      byKind: { deals: { ...emptyStatusCounts(), moved: 4 } },
    };

    await notifier.participants(handoff, 'transferred', counts);
    await notifier.participants(handoff, 'transferred', counts);
    await notifier.progress(handoff, snapshot(4, true));

    const notes = calls.filter((c) => c.call === 'notify');
    expect(notes.map((n) => n.user).sort()).toEqual([2, 3]);
    expect(notes.find((n) => n.user === 2)?.text).toContain('H-1: 4 of your items moved to Ben Brown for good.');
    expect(notes.find((n) => n.user === 3)?.text).toContain('4 items of Anna Adams moved to you');
    expect(calls.some((c) => c.call === 'add')).toBe(false);
  });

  it('leaves participants who are on the Slack workspace to Slack', async () => {
    const { handoff, notifier, calls } = await setup({ surface: 'slack' }, async (_t, id) => id === 3);
    const counts = {
      total: 1,
      byStatus: { ...emptyStatusCounts(), moved: 1 },
      byKind: { deals: { ...emptyStatusCounts(), moved: 1 } },
    };

    await notifier.participants(handoff, 'transferred', counts);

    expect(calls.filter((c) => c.call === 'notify').map((n) => n.user)).toEqual([2]);
  });
});
