/**
 * The engine's Notifier port for Bitrix24: one progress message per handoff started from the bot's chat, edited in
 * place at a bounded pace (every edit is a REST call that shares the portal's 2 requests/s with the transfer
 * itself: at most one edit per message every `minEditIntervalMs`, and `editsPerMinute` per portal); item
 * summaries as further bot messages in the same dialog (buffered, `summaryGapMs` apart); one digest notification
 * (`im.notify.personal.add`) per participant and phase for any handoff of a tenant with the app installed — a
 * handoff started from Slack, the API or the robot included. Never throws into the engine. The message id and sent
 * digests live in the handoff's surfaceState, so they survive restarts.
 * @module
 */
import { type DateNoticeFacts, dateNoticeText } from '../../commands/date-notices.js';
import { formatInstant } from '../../commands/time-zone.js';
import { formatHandoffNo, type PortalUserId, type TenantId } from '../../engine/ids.js';
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
  WorkSystemResolver,
} from '../../engine/ports.js';
import type { WaitingGroup } from '../../engine/waiting.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import { createEditPacer, type EditPacer, type Timers } from '../slack/edit-pacer.js';
import { digestRecipients, digestWaiting } from '../slack/render/digest.js';
import { createTokenBucket } from '../slack/token-bucket.js';
import type { BotApi } from './bot-api.js';
import { renderDigestText, renderItemSummary, renderProgress } from './render-progress.js';

export const B24_SURFACE_KEYS = { message: 'bitrix24.message', dialog: 'bitrix24.dialog' } as const;

export interface Bitrix24NotifierOptions {
  readonly bot: BotApi;
  readonly tenants: TenantStore;
  readonly store: HandoffStore;
  readonly workSystems: WorkSystemResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Whether a participant is on the tenant's Slack workspace: their digest goes there, not here. Default: nobody. */
  readonly onSlack?: (tenantId: TenantId, portalUserId: PortalUserId) => Promise<boolean>;
  /** Minimum gap between two edits of one progress message. Default 5000 ms. */
  readonly minEditIntervalMs?: number;
  /** Progress edits per portal per minute. Default 12. */
  readonly editsPerMinute?: number;
  /** Minimum gap between two item summaries of one handoff. Default 3000 ms. */
  readonly summaryGapMs?: number;
  readonly timers?: Timers;
}

export interface Bitrix24Notifier extends Notifier {
  /** Resolves when every queued edit and summary went out (shutdown, tests). */
  idle(): Promise<void>;
}

interface Location {
  readonly dialogId: string;
  readonly messageId: number;
  readonly fresh: boolean;
}

interface PendingItems {
  handoff: Handoff;
  readonly items: ItemSummary[];
  running: boolean;
  lastSentAt: number;
  /** Items listed in earlier summaries of this handoff, so a later one says "2 more items (52 so far)". */
  sent: number;
}

/** Items per summary message. */
const MAX_ITEMS_PER_SUMMARY = 100;

export function createBitrix24Notifier(options: Bitrix24NotifierOptions): Bitrix24Notifier {
  const logger = options.logger.child({ component: 'bitrix24-notifier' });
  const pacers = new Map<TenantId, EditPacer>();
  const locations = new Map<string, Promise<Location | null>>();
  const pendingItems = new Map<string, PendingItems>();
  const sentDigests = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const summaryGapMs = options.summaryGapMs ?? 3000;

  function pacer(tenantId: TenantId): EditPacer {
    let found = pacers.get(tenantId);
    if (found === undefined) {
      const perMinute = options.editsPerMinute ?? 12;
      found = createEditPacer({
        bucket: createTokenBucket({
          capacity: Math.max(1, Math.floor(perMinute / 4)),
          refillPerMinute: perMinute,
          startMs: options.clock.now().getTime(),
        }),
        clock: options.clock,
        logger,
        minIntervalMs: options.minEditIntervalMs ?? 5000,
        ...(options.timers === undefined ? {} : { timers: options.timers }),
      });
      pacers.set(tenantId, found);
    }
    return found;
  }

  function dialogOf(handoff: Handoff): string | undefined {
    const origin = handoff.plan.origin;
    return origin?.surface === 'bitrix24' ? origin.ref?.dialogId : undefined;
  }

  async function createLocation(handoff: Handoff, first: ReturnType<typeof renderProgress>): Promise<Location | null> {
    const state = handoff.surfaceState ?? {};
    const storedId = Number(state[B24_SURFACE_KEYS.message]);
    const storedDialog = state[B24_SURFACE_KEYS.dialog];
    if (storedDialog !== undefined && Number.isInteger(storedId) && storedId > 0)
      return { dialogId: storedDialog, messageId: storedId, fresh: false };
    const dialogId = dialogOf(handoff);
    if (dialogId === undefined) return null;
    const messageId = await options.bot.add(handoff.tenantId, dialogId, first);
    await options.store.updateHandoff(handoff.tenantId, handoff.id, {
      surfaceState: { [B24_SURFACE_KEYS.message]: String(messageId), [B24_SURFACE_KEYS.dialog]: dialogId },
    });
    return { dialogId, messageId, fresh: true };
  }

  async function progress(handoff: Handoff, snapshot: Progress): Promise<void> {
    if (dialogOf(handoff) === undefined) return;
    const message = renderProgress(handoff, snapshot);
    let pending = locations.get(handoff.id);
    const creator = pending === undefined;
    if (pending === undefined) {
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
      flushItems(handoff.id, location.dialogId, true);
    }
    const edits = pacer(handoff.tenantId);
    if (creator && location.fresh) {
      edits.markSent(handoff.id);
      return;
    }
    edits.submit(handoff.id, async () => {
      try {
        await options.bot.update(handoff.tenantId, location.messageId, message);
        return { ok: true };
      } catch (err) {
        logger.warn({ err, handoffId: handoff.id }, 'progress edit failed');
        return { ok: false };
      }
    });
  }

  async function items(handoff: Handoff, list: readonly ItemSummary[]): Promise<void> {
    if (list.length === 0) return;
    const dialogId = dialogOf(handoff);
    if (dialogId === undefined) return;
    // After the progress message, so summaries read below it.
    await locations.get(handoff.id)?.catch(() => null);
    let entry = pendingItems.get(handoff.id);
    if (entry === undefined) {
      entry = { handoff, items: [], running: false, lastSentAt: Number.NEGATIVE_INFINITY, sent: 0 };
      pendingItems.set(handoff.id, entry);
    }
    entry.handoff = handoff;
    entry.items.push(...list);
    flushItems(handoff.id, dialogId, false);
  }

  /** One summary at a time per handoff, `summaryGapMs` apart; batches that arrive meanwhile go out together. */
  function flushItems(key: string, dialogId: string, final: boolean): void {
    const entry = pendingItems.get(key);
    if (entry === undefined || entry.running) return;
    if (entry.items.length === 0) {
      if (final) pendingItems.delete(key);
      return;
    }
    entry.running = true;
    const run = (async () => {
      const wait = entry.lastSentAt + summaryGapMs - options.clock.now().getTime();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = entry.items.splice(0, MAX_ITEMS_PER_SUMMARY);
      entry.lastSentAt = options.clock.now().getTime();
      const before = entry.sent;
      entry.sent += batch.length;
      await options.bot.add(entry.handoff.tenantId, dialogId, renderItemSummary(entry.handoff, batch, before));
    })()
      .catch((err: unknown) => logger.warn({ err, handoffId: key }, 'item summary failed'))
      .finally(() => {
        inFlight.delete(run);
        entry.running = false;
        if (entry.items.length > 0) flushItems(key, dialogId, final);
      });
    inFlight.add(run);
  }

  async function participants(
    handoff: Handoff,
    phase: ParticipantPhase,
    counts: ItemCounts,
    waiting: readonly WaitingGroup[] = [],
  ): Promise<void> {
    if (!handoff.plan.options.notify) return;
    const tenant = await options.tenants.getTenant(handoff.tenantId);
    if (tenant?.portal?.type !== 'oauth' || tenant.app?.applicationTokenHash === undefined) return;
    const ws = await options.workSystems(handoff.tenantId);
    const { from, people } = digestRecipients(handoff, counts, phase);
    const names = new Map<PortalUserId, string>();
    const zones = new Map<PortalUserId, string>();
    for (const { id } of people) {
      const user = await ws.getUser(id);
      names.set(id, user?.name ?? `user #${id}`);
      zones.set(id, user?.timeZone ?? 'UTC');
    }
    for (const { holderId } of waiting) {
      if (!names.has(holderId)) names.set(holderId, (await ws.getUser(holderId))?.name ?? `user #${holderId}`);
    }
    const toNames = people.filter((p) => p.role === 'to').map((p) => names.get(p.id) ?? `user #${p.id}`);
    for (const person of people) {
      const key = `bitrix24.notify.${phase}.${person.id}`;
      const memoryKey = `${handoff.id}:${key}`;
      if (handoff.surfaceState?.[key] !== undefined || sentDigests.has(memoryKey)) continue;
      if (sentDigests.size > 50_000) sentDigests.clear();
      sentDigests.add(memoryKey);
      try {
        if (await options.onSlack?.(handoff.tenantId, person.id)) continue;
        const text = renderDigestText({
          handoff,
          phase,
          role: person.role,
          kinds: person.kinds,
          fromName: names.get(from) ?? `user #${from}`,
          toNames,
          timeZone: zones.get(person.id) ?? 'UTC',
          ...(person.role === 'from' ? { waiting: digestWaiting(waiting, names) } : {}),
        });
        await options.bot.notify(handoff.tenantId, person.id, text, `handoff-${handoff.no}-${phase}-${person.id}`);
        await options.store.updateHandoff(handoff.tenantId, handoff.id, { surfaceState: { [key]: '1' } });
      } catch (err) {
        logger.warn({ err, handoffId: handoff.id, portalUserId: person.id }, 'participant notification failed');
      }
    }
  }

  /** Date notices (issue 12): the absent person and the receivers hear of a scheduled, moved or cancelled cover. */
  async function notice(handoff: Handoff, what: HandoffNotice): Promise<void> {
    const tenant = await options.tenants.getTenant(handoff.tenantId);
    if (tenant?.portal?.type !== 'oauth' || tenant.app?.applicationTokenHash === undefined) return;
    const ws = await options.workSystems(handoff.tenantId);
    const from = handoff.plan.fromUserId;
    const receivers = receiverIds(handoff.targets).filter((id) => id !== from);
    const users = new Map<PortalUserId, { name: string; zone: string }>();
    for (const id of [from, ...receivers]) {
      const user = await ws.getUser(id);
      users.set(id, { name: user?.name ?? `user #${id}`, zone: user?.timeZone ?? 'UTC' });
    }
    const toNames = receivers.map((id) => users.get(id)?.name ?? `user #${id}`);
    const people = [{ id: from, role: 'from' as const }, ...receivers.map((id) => ({ id, role: 'to' as const }))];
    for (const person of people) {
      try {
        const zone = users.get(person.id)?.zone ?? 'UTC';
        const at = (d: Date | undefined) => (d === undefined ? undefined : formatInstant(d, zone));
        const { when } = handoff.plan;
        const facts = {
          startText: at(when.startAt),
          returnText: at(when.mode === 'temporary' ? when.returnAt : undefined),
          previousStartText: at(what.previous?.startAt),
          previousReturnText: at(what.previous?.returnAt),
        };
        const text = dateNoticeText({
          ref: formatHandoffNo(handoff.no),
          kind: what.kind,
          role: person.role,
          fromName: users.get(from)?.name ?? `user #${from}`,
          toNames,
          ...(Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Partial<typeof facts>),
        } as DateNoticeFacts);
        const tag = `handoff-${handoff.no}-${what.kind}-${person.id}-${handoff.updatedAt.getTime()}`;
        await options.bot.notify(handoff.tenantId, person.id, text, tag);
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
        logger.warn({ err, call: name }, 'bitrix24 notifier call failed');
      }
    };
  }

  return {
    progress: guard('progress', progress),
    items: guard('items', items),
    participants: guard('participants', participants),
    notice: guard('notice', notice),
    async idle() {
      for (;;) {
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        await Promise.all([...pacers.values()].map((p) => p.idle()));
        if (inFlight.size === 0) return;
      }
    },
  };
}
