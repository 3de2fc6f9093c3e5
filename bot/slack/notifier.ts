/**
 * The engine's Notifier port for Slack: one progress message per handoff in the channel it was started from (or a
 * DM to the initiator when the bot cannot post there), edited through the workspace's edit pacer; item summaries
 * in its thread; one digest DM per participant and phase. Never throws into the engine.
 * The message location and sent digests live in the handoff's surfaceState, so they survive restarts.
 * @module
 */
import type { PortalUserId } from '../../engine/ids.js';
import type { Handoff, ItemCounts, Progress } from '../../engine/model.js';
import { receiverIds } from '../../engine/participants.js';
import type {
  Clock,
  HandoffNotice,
  HandoffStore,
  ItemSummary,
  Logger,
  Notifier,
  ParticipantPhase,
} from '../../engine/ports.js';
import type { WaitingGroup } from '../../engine/waiting.js';
import type { SlackClients, WebClient } from './clients.js';
import { createEditPacer, type EditPacer, type Timers } from './edit-pacer.js';
import type { HomeRefresher } from './home-refresher.js';
import type { SlackIdentity } from './identity.js';
import type { SlackTenantResolver } from './ports.js';
import { createPostQueue, type PostQueue } from './post-queue.js';
import { digestRecipients, digestWaiting, renderDigest } from './render/digest.js';
import { renderNotice } from './render/notice.js';
import { type RenderedMessage, renderProgress } from './render/progress.js';
import { renderItemSummary } from './render/summary.js';
import { CANNOT_POST_THERE, platformErrorOf, retryAfterMsOf } from './slack-errors.js';
import { createTokenBucket } from './token-bucket.js';

export const SURFACE_KEYS = { channel: 'slack.channel', ts: 'slack.ts', team: 'slack.team' } as const;

export interface SlackNotifierOptions {
  readonly clients: SlackClients;
  readonly identity: SlackIdentity;
  readonly tenants: SlackTenantResolver;
  readonly store: HandoffStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The Slack team of a tenant, for handoffs started elsewhere (API, CLI). Default: none (no Slack messages). */
  readonly teamOfTenant?: (tenantId: string) => Promise<string | null>;
  /** Workspace-wide chat.update budget. Default 40/min (Tier 3 ≈ 50, slack.md §3.4). */
  readonly updatesPerMinute?: number;
  /** Minimum gap between edits of one message. Default 3000 ms. */
  readonly minEditIntervalMs?: number;
  /** Minimum gap between two posts to one channel. Default 1100 ms (post-queue.ts). */
  readonly postGapMs?: number;
  /** Re-publishes App Home for the people a handoff involves when its status changes. Default: none. */
  readonly home?: HomeRefresher;
  readonly timers?: Timers;
}

interface Location {
  readonly teamId: string;
  readonly channel: string;
  readonly ts: string;
  readonly fresh: boolean;
}

interface Workspace {
  readonly pacer: EditPacer;
  readonly posts: PostQueue;
}

export interface SlackNotifier extends Notifier {
  /** Resolves when every queued edit went out (shutdown, tests). */
  idle(): Promise<void>;
}

export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const logger = options.logger.child({ component: 'slack-notifier' });
  const workspaces = new Map<string, Workspace>();
  const locations = new Map<string, Promise<Location | null>>();
  const sentDigests = new Set<string>();
  const pendingItems = new Map<string, PendingItems>();
  const inFlight = new Set<Promise<unknown>>();
  /**
   * DM id → the Slack user id it was first posted to (Slack answers a post to `U…` with the DM's `D…` id): both
   * name one conversation, so they share one place in the post queue and one pace. Learned in memory.
   */
  const dmUsers = new Map<string, string>();
  const queueKey = (channel: string) => dmUsers.get(channel) ?? channel;

  function workspace(teamId: string): Workspace {
    let ws = workspaces.get(teamId);
    if (ws === undefined) {
      const perMinute = options.updatesPerMinute ?? 40;
      ws = {
        pacer: createEditPacer({
          bucket: createTokenBucket({
            capacity: Math.max(1, Math.floor(perMinute / 4)),
            refillPerMinute: perMinute,
            startMs: options.clock.now().getTime(),
          }),
          clock: options.clock,
          logger,
          ...(options.minEditIntervalMs === undefined ? {} : { minIntervalMs: options.minEditIntervalMs }),
          ...(options.timers === undefined ? {} : { timers: options.timers }),
        }),
        posts: createPostQueue({
          clock: options.clock,
          ...(options.timers === undefined ? {} : { timers: options.timers }),
          ...(options.postGapMs === undefined ? {} : { gapMs: options.postGapMs }),
        }),
      };
      workspaces.set(teamId, ws);
    }
    return ws;
  }

  async function teamOf(handoff: Handoff): Promise<string | null> {
    const fromOrigin = handoff.plan.origin?.surface === 'slack' ? handoff.plan.origin.ref?.teamId : undefined;
    return (
      fromOrigin ??
      handoff.surfaceState?.[SURFACE_KEYS.team] ??
      (await options.teamOfTenant?.(handoff.tenantId)) ??
      null
    );
  }

  async function post(
    client: WebClient,
    ws: WorkspaceOrNull,
    channel: string,
    message: RenderedMessage,
    threadTs?: string,
  ) {
    const send = async () => {
      const answer = (await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      })) as { channel?: string; ts?: string };
      if (/^[UW]/.test(channel) && answer.channel !== undefined) {
        if (dmUsers.size > 10_000) dmUsers.clear();
        dmUsers.set(answer.channel, channel);
      }
      return answer;
    };
    return ws === null ? send() : ws.posts.run(queueKey(channel), send);
  }

  /** Reads or creates the progress message; `fresh` when this call posted it. Null: no Slack home. */
  async function createLocation(handoff: Handoff, first: RenderedMessage): Promise<Location | null> {
    const state = handoff.surfaceState ?? {};
    const teamId = await teamOf(handoff);
    if (teamId === null) return null;
    const channel = state[SURFACE_KEYS.channel];
    const ts = state[SURFACE_KEYS.ts];
    if (channel !== undefined && ts !== undefined) return { teamId, channel, ts, fresh: false };
    const ref = handoff.plan.origin?.ref ?? {};
    const client = await options.clients.progress(teamId);
    if (client === null) return null;
    const ws = workspace(teamId);
    let answer: { channel?: string; ts?: string } | undefined;
    if (ref.channelId !== undefined) {
      try {
        answer = await post(client, ws, ref.channelId, first);
      } catch (err) {
        const code = platformErrorOf(err);
        if (code === null || !CANNOT_POST_THERE.has(code)) throw err;
        logger.info({ handoffId: handoff.id, code }, 'progress goes to a DM: cannot post in the channel');
      }
    }
    if (answer === undefined && ref.userId !== undefined) answer = await post(client, ws, ref.userId, first);
    if (answer?.channel === undefined || answer.ts === undefined) return null;
    await options.store.updateHandoff(handoff.tenantId, handoff.id, {
      surfaceState: {
        [SURFACE_KEYS.channel]: answer.channel,
        [SURFACE_KEYS.ts]: answer.ts,
        [SURFACE_KEYS.team]: teamId,
      },
    });
    return { teamId, channel: answer.channel, ts: answer.ts, fresh: true };
  }

  /** Status changes (not progress ticks) refresh the Home tab of those involved, in the background. */
  function refreshHome(handoff: Handoff): void {
    const home = options.home;
    if (home === undefined) return;
    teamOf(handoff)
      .then((teamId) => {
        if (teamId !== null) home.handoffChanged(teamId, handoff);
      })
      .catch((err: unknown) => logger.warn({ err, handoffId: handoff.id }, 'home refresh failed'));
  }

  async function progress(handoff: Handoff, snapshot: Progress): Promise<void> {
    refreshHome(handoff);
    const message = renderProgress(handoff, snapshot);
    let pending = locations.get(handoff.id);
    const creator = pending === undefined;
    if (pending === undefined) {
      // One creation per handoff even when snapshots arrive back to back.
      pending = createLocation(handoff, message).catch((err: unknown) => {
        locations.delete(handoff.id);
        throw err;
      });
      locations.set(handoff.id, pending);
    }
    const location = await pending;
    if (location === null) return;
    if (snapshot.final) {
      locations.delete(handoff.id);
      const summaries = pendingItems.get(handoff.id);
      if (summaries !== undefined) {
        summaries.ended = true;
        forgetItems(handoff.id, summaries);
      }
    }
    // The post carried this very snapshot; later snapshots are edits, paced from this post on.
    if (creator && location.fresh) {
      workspace(location.teamId).pacer.markSent(handoff.id);
      return;
    }
    const client = await options.clients.progress(location.teamId);
    if (client === null) return;
    workspace(location.teamId).pacer.submit(handoff.id, async () => {
      try {
        await client.chat.update({
          channel: location.channel,
          ts: location.ts,
          text: message.text,
          blocks: message.blocks,
        });
        return { ok: true };
      } catch (err) {
        const retryAfterMs = retryAfterMsOf(err);
        if (retryAfterMs !== null) {
          logger.warn({ handoffId: handoff.id, retryAfterMs }, 'progress edit rate-limited');
          return { ok: false, retryAfterMs };
        }
        logger.warn({ err, handoffId: handoff.id }, 'progress edit failed');
        return { ok: false };
      }
    });
  }

  /**
   * Buffers item summaries per handoff and posts them through the workspace's post queue: while a post waits for
   * its turn (≈ 1/s per channel) more batches pile up and go out together, so the engine never waits on Slack.
   */
  async function items(handoff: Handoff, list: readonly ItemSummary[]): Promise<void> {
    if (list.length === 0) return;
    const location = await locations.get(handoff.id)?.catch(() => null);
    const state = handoff.surfaceState ?? {};
    const channel = location?.channel ?? state[SURFACE_KEYS.channel];
    const ts = location?.ts ?? state[SURFACE_KEYS.ts];
    const teamId = location?.teamId ?? (await teamOf(handoff));
    if (channel === undefined || ts === undefined || teamId === null) return;
    const client = await options.clients.progress(teamId);
    if (client === null) return;
    let entry = pendingItems.get(handoff.id);
    if (entry === undefined) {
      entry = { handoff, items: [], scheduled: false, sent: 0, ended: false };
      pendingItems.set(handoff.id, entry);
    } else if (entry.ended && !entry.scheduled && entry.items.length === 0) {
      // The phase that ended (a transfer) is all posted: the next one (the return) counts from zero.
      entry.ended = false;
      entry.sent = 0;
    }
    entry.handoff = handoff;
    entry.items.push(...list);
    scheduleItems(handoff.id, entry, client, workspace(teamId), channel, ts);
  }

  function scheduleItems(
    key: string,
    entry: PendingItems,
    client: WebClient,
    ws: Workspace,
    channel: string,
    ts: string,
  ) {
    if (entry.scheduled) return;
    entry.scheduled = true;
    const run = ws.posts
      .run(queueKey(channel), async () => {
        entry.scheduled = false;
        const batch = entry.items.splice(0, MAX_ITEMS_PER_SUMMARY);
        if (batch.length === 0) return {};
        const before = entry.sent;
        entry.sent += batch.length;
        return (await client.chat.postMessage({
          channel,
          thread_ts: ts,
          ...renderItemSummary(entry.handoff, batch, new Map(), before),
        })) as { ts?: string };
      })
      .catch((err: unknown) => logger.warn({ err, handoffId: key }, 'item summary failed'))
      .finally(() => {
        inFlight.delete(run);
        if (entry.items.length > 0) scheduleItems(key, entry, client, ws, channel, ts);
        else forgetItems(key, entry);
      });
    inFlight.add(run);
  }

  /** Drops a handoff's running count once its phase has ended and every summary of it is out. */
  function forgetItems(key: string, entry: PendingItems): void {
    if (entry.ended && !entry.scheduled && entry.items.length === 0 && pendingItems.get(key) === entry)
      pendingItems.delete(key);
  }

  async function participants(
    handoff: Handoff,
    phase: ParticipantPhase,
    counts: ItemCounts,
    waiting: readonly WaitingGroup[] = [],
  ): Promise<void> {
    if (!handoff.plan.options.notify) return;
    const teamId = await teamOf(handoff);
    if (teamId === null) return;
    const [client, tenant] = await Promise.all([options.clients.progress(teamId), options.tenants(teamId)]);
    if (client === null || tenant === null) return;
    const ws = workspace(teamId);
    const { from, people } = digestRecipients(handoff, counts, phase);
    const names = new Map<PortalUserId, string>();
    for (const id of [...people.map((p) => p.id), ...waiting.map((w) => w.holderId)]) {
      if (!names.has(id)) names.set(id, (await tenant.workSystem.getUser(id))?.name ?? `user #${id}`);
    }
    const toNames = people.filter((p) => p.role === 'to').map((p) => names.get(p.id) ?? `user #${p.id}`);
    for (const person of people) {
      const key = `slack.dm.${phase}.${person.id}`;
      const memoryKey = `${handoff.id}:${key}`;
      if (handoff.surfaceState?.[key] !== undefined || sentDigests.has(memoryKey)) continue;
      if (sentDigests.size > 50_000) sentDigests.clear();
      sentDigests.add(memoryKey);
      try {
        const slackUser = await options.identity.slackUserOf(client, tenant, person.id);
        if (slackUser === null) {
          logger.info({ handoffId: handoff.id, portalUserId: person.id }, 'no Slack user for a participant');
          continue;
        }
        const profile = await options.identity.profile(client, slackUser);
        const message = renderDigest({
          handoff,
          phase,
          role: person.role,
          kinds: person.kinds,
          fromName: names.get(from) ?? `user #${from}`,
          toNames,
          timeZone: profile?.timeZone ?? 'UTC',
          ...(person.role === 'from' ? { waiting: digestWaiting(waiting, names) } : {}),
        });
        const answer = await post(client, ws, slackUser, message);
        await options.store.updateHandoff(handoff.tenantId, handoff.id, { surfaceState: { [key]: answer.ts ?? '1' } });
      } catch (err) {
        logger.warn({ err, handoffId: handoff.id, portalUserId: person.id }, 'participant digest failed');
      }
    }
  }

  /** Date notices (scheduled, moved, cancelled) as DMs to the absent person and the receivers, each in their zone. */
  async function notice(handoff: Handoff, what: HandoffNotice): Promise<void> {
    const teamId = await teamOf(handoff);
    if (teamId === null) return;
    const [client, tenant] = await Promise.all([options.clients.progress(teamId), options.tenants(teamId)]);
    if (client === null || tenant === null) return;
    const ws = workspace(teamId);
    const from = handoff.plan.fromUserId;
    const receivers = receiverIds(handoff.targets).filter((id) => id !== from);
    const names = new Map<PortalUserId, string>();
    for (const id of [from, ...receivers]) names.set(id, (await tenant.workSystem.getUser(id))?.name ?? `user #${id}`);
    const toNames = receivers.map((id) => names.get(id) ?? `user #${id}`);
    const people = [{ id: from, role: 'from' as const }, ...receivers.map((id) => ({ id, role: 'to' as const }))];
    for (const person of people) {
      try {
        const slackUser = await options.identity.slackUserOf(client, tenant, person.id);
        if (slackUser === null) continue;
        const profile = await options.identity.profile(client, slackUser);
        const message = renderNotice({
          handoff,
          notice: what,
          role: person.role,
          fromName: names.get(from) ?? `user #${from}`,
          toNames,
          timeZone: profile?.timeZone ?? 'UTC',
        });
        await post(client, ws, slackUser, message);
      } catch (err) {
        logger.warn({ err, handoffId: handoff.id, portalUserId: person.id }, 'date notice failed');
      }
    }
  }

  function guard<A extends unknown[]>(name: string, fn: (...args: A) => Promise<void>) {
    return async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        logger.warn({ err, call: name }, 'slack notifier call failed');
      }
    };
  }

  return {
    progress: guard('progress', progress),
    items: guard('items', items),
    participants: guard('participants', participants),
    notice: guard('notice', notice),
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await Promise.all([...workspaces.values()].map((ws) => ws.pacer.idle()));
      await options.home?.idle();
    },
  };
}

type WorkspaceOrNull = Workspace | null;

interface PendingItems {
  handoff: Handoff;
  readonly items: ItemSummary[];
  scheduled: boolean;
  /** Items listed in earlier summaries of this phase, so a later one says "2 more items (52 so far)". */
  sent: number;
  /** The phase's final progress has come: forget the count once its last summary is out. */
  ended: boolean;
}

/** Items per thread message: grouped lines keep this well under Slack's section and message limits. */
const MAX_ITEMS_PER_SUMMARY = 200;
