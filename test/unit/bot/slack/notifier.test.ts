import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClients } from '../../../../bot/slack/clients.js';
import { createSlackIdentity } from '../../../../bot/slack/identity.js';
import { createSlackNotifier } from '../../../../bot/slack/notifier.js';
import { toHandoffId, toPortalUserId, toTenantId } from '../../../../engine/ids.js';
import { emptyStatusCounts, type Handoff, type Progress } from '../../../../engine/model.js';
import type { Logger } from '../../../../engine/ports.js';
import { MemoryIdentityLinkStore } from '../../../../storage/identity-link-store.js';
import { MemoryHandoffStore } from '../../../../storage/memory-store.js';
import { MemoryWorkSystem } from '../../../fakes/memory-work-system.js';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../../../fakes/slack-web-api.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const clock = { now: () => new Date() };
const tenantId = toTenantId('t1');

let slack: FakeSlackWebApi;
beforeAll(async () => {
  slack = await startFakeSlackWebApi();
});
afterAll(async () => {
  await slack.close();
});

function notifierOn(
  store: MemoryHandoffStore,
  links = new MemoryIdentityLinkStore(),
  pacing: { postGapMs?: number } = {},
  workSystem = new MemoryWorkSystem(),
) {
  return createSlackNotifier({
    clients: createSlackClients({
      auth: { mode: 'token', botToken: 'xoxb-t' },
      slackApiUrl: slack.apiUrl,
      logger: silent,
      retryConfig: { retries: 0 },
    }),
    identity: createSlackIdentity({ links, clock }),
    tenants: async () => ({ tenantId, workSystem }),
    store,
    clock,
    logger: silent,
    minEditIntervalMs: 200,
    ...pacing,
  });
}

async function storedHandoff(store: MemoryHandoffStore, notify = false): Promise<Handoff> {
  const { handoff } = await store.createHandoff({
    tenantId,
    id: toHandoffId('h-restart'),
    status: 'running',
    plan: {
      tenantId,
      initiator: { label: 'slack:U1' },
      fromUserId: toPortalUserId(2),
      to: { type: 'user', userId: toPortalUserId(3) },
      when: { mode: 'permanent' },
      options: { allItems: false, dryRun: false, forceReturn: false, notify, sweep: false },
      origin: { surface: 'slack', ref: { teamId: 'T1', channelId: 'C1', userId: 'U1' } },
    },
    targets: {},
    kinds: ['deals'],
    createdAt: new Date(),
  });
  return handoff;
}

const snapshot = (moved: number, final: boolean): Progress => ({
  phase: 'transfer',
  counts: { total: 10, byStatus: { ...emptyStatusCounts(), moved, pending: 10 - moved }, byKind: {} },
  itemsPerSecond: 1,
  etaSeconds: final ? 0 : 10 - moved,
  final,
});

describe('createSlackNotifier', () => {
  it('posts once, keeps the message in surfaceState, and after a restart edits that message instead of posting again', async () => {
    slack.clear();
    const store = new MemoryHandoffStore();
    const handoff = await storedHandoff(store);

    const first = notifierOn(store);
    await first.progress(handoff, snapshot(1, false));
    await first.progress(handoff, snapshot(2, false));
    await first.progress(handoff, snapshot(3, false));
    await first.idle();
    const saved = await store.getHandoff(tenantId, handoff.id);
    const restarted = notifierOn(store);
    if (saved === null) throw new Error('handoff vanished');
    await restarted.progress(saved, snapshot(10, true));
    await restarted.idle();

    const posts = slack.callsOf('chat.postMessage');
    const updates = slack.callsOf('chat.update');
    expect(posts).toHaveLength(1);
    expect(saved.surfaceState).toMatchObject({ 'slack.channel': 'C1', 'slack.ts': expect.any(String) });
    expect(updates.every((u) => u.args.ts === saved.surfaceState?.['slack.ts'])).toBe(true);
    // Snapshots 2 and 3 arrived inside the pacing window and were coalesced into one edit; the final one always goes.
    expect(updates.map((u) => String(u.args.text))).toEqual([
      expect.stringContaining('3/10'),
      expect.stringContaining('10/10'),
    ]);
  });

  it('heads a later item summary with how many more and the running total, across batches posted apart', async () => {
    slack.clear();
    const store = new MemoryHandoffStore();
    const handoff = await storedHandoff(store);
    const notifier = notifierOn(store, undefined, { postGapMs: 50 });
    const deals = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        kind: 'deals' as const,
        itemId: from + i,
        title: `Deal ${from + i}`,
        status: 'moved' as const,
        originalOwnerId: toPortalUserId(2),
        newOwnerId: toPortalUserId(3),
      }));

    await notifier.progress(handoff, snapshot(1, false));
    await notifier.items(handoff, deals(1, 3));
    await notifier.idle();
    await notifier.items(handoff, deals(4, 2));
    await notifier.idle();
    await notifier.progress(handoff, snapshot(10, true));
    await notifier.idle();

    const summaries = slack
      .callsOf('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined)
      .map((c) => String(c.args.text));
    expect(summaries).toEqual(['H-1: 3 items', 'H-1: 2 more items (5 so far)']);
  });

  it('paces a person’s DM as one channel whether it is addressed by user id or by the DM id Slack answered with', async () => {
    slack.clear();
    const store = new MemoryHandoffStore();
    const links = new MemoryIdentityLinkStore();
    // The initiator U1 is also the from-user: the progress message (in U1's DM: the channel refused), its thread
    // and the digest all land in one conversation, addressed as U1 and as D1.
    await links.linkUser(tenantId, 'U1', toPortalUserId(2));
    const handoff = await storedHandoff(store, true);
    const notifier = notifierOn(store, links, { postGapMs: 300 });
    slack.override('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    const counts = snapshot(10, true).counts;

    await notifier.progress(handoff, snapshot(1, false));
    await notifier.items(handoff, [
      {
        kind: 'deals',
        itemId: 1,
        title: 'Deal Acme',
        status: 'moved',
        originalOwnerId: toPortalUserId(2),
        newOwnerId: toPortalUserId(3),
      },
    ]);
    await notifier.participants(handoff, 'transferred', { ...counts, byKind: { deals: counts.byStatus } });
    await notifier.idle();

    const posts = slack.callsOf('chat.postMessage').filter((c) => c.outcome === 'ok');
    expect(posts.map((c) => `${String(c.args.channel)}${c.args.thread_ts === undefined ? '' : ' thread'}`)).toEqual([
      'U1',
      'D1 thread',
      'U1',
    ]);
    // Arrival times at the fake; paced apart as one channel, not milliseconds apart as two.
    const gaps = posts.slice(1).map((c, i) => c.at - (posts[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(300 * 0.8);
  });

  it('DMs the from-user at a return which lent items are still on their way, naming who holds them', async () => {
    slack.clear();
    const store = new MemoryHandoffStore();
    const links = new MemoryIdentityLinkStore();
    await links.linkUser(tenantId, 'U1', toPortalUserId(2));
    const portal = new MemoryWorkSystem();
    portal.addUser(7, { name: 'Carl Dunn' });
    const handoff = await storedHandoff(store, true);
    const notifier = notifierOn(store, links, {}, portal);
    const byStatus = { ...snapshot(0, true).counts.byStatus, moved: 2, returned: 0 };

    await notifier.participants(
      { ...handoff, status: 'returned' },
      'returned',
      { total: 2, byStatus, byKind: { deals: byStatus } },
      [{ kind: 'deals', onwardHandoffNo: 4, holderId: toPortalUserId(7), count: 2 }],
    );
    await notifier.idle();

    const dm = slack.callsOf('chat.postMessage').find((c) => c.outcome === 'ok' && c.args.channel === 'U1');
    expect(String(dm?.args.text)).toMatch(/^H-\d+ has ended; 2 of your items are still on their way back to you\.$/);
    expect(JSON.stringify(dm?.args.blocks)).toContain('• Deals: 2 with Carl Dunn, home when H-4 ends');
  });
});
