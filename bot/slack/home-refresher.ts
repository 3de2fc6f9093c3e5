/**
 * Re-publishes App Home when a handoff changes status, for the initiator and participants who opened the tab
 * (slack.md §6: "Re-publish for initiator and participants when a job changes state, throttled per user"). Per
 * user at most one publish per `minIntervalMs`, counting the publish their own visit caused; requests inside that
 * window coalesce into one publish that renders the state of its moment (latest wins). Per workspace a token
 * bucket keeps background publishes to part of the views.publish budget (Tier 4, 100+/min) so opening Home and
 * dialogs keep the rest; a 429 pauses that workspace. Nothing here is awaited by the engine: requests only queue.
 * @module
 */
import type { PortalUserId } from '../../engine/ids.js';
import type { Handoff, HandoffStatus } from '../../engine/model.js';
import type { Clock, Logger } from '../../engine/ports.js';
import { realTimers, type Timers } from './edit-pacer.js';
import { createHomeAudience, type HomeAudience } from './home-audience.js';
import { retryAfterMsOf } from './slack-errors.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

export interface HomeRefresher {
  /** A snapshot of a handoff: when its status differs from the last one seen, its viewers' Home is queued. */
  handoffChanged(teamId: string, handoff: Handoff): void;
  /** Someone opened Home or pressed a button on it (and got it published just now): they get refreshes from now on. */
  visited(teamId: string, slackUserId: string, portalUserId: PortalUserId): void;
  /** Resolves when no publish is in flight; throttled ones wait for their turn (stop() drops them). */
  idle(): Promise<void>;
  /** Drops queued publishes and stops the timer (shutdown). */
  stop(): void;
}

export interface HomeRefresherOptions {
  /** Renders and publishes one user's Home now; a rate-limited call rejects with `retryAfter` (slack-errors.ts). */
  publish(teamId: string, slackUserId: string): Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers?: Timers;
  readonly audience?: HomeAudience;
  /** Per user, the minimum gap between two publishes. Default 10 000 ms. */
  readonly minIntervalMs?: number;
  /** Background publishes per minute and workspace. Default 50: half of Tier 4, the rest for visits. */
  readonly publishesPerMinute?: number;
  /** Attempts after a 429. Default 3. */
  readonly maxRateLimitRetries?: number;
}

interface UserState {
  readonly teamId: string;
  readonly slackUserId: string;
  lastAt: number;
  /** Request order of the queued publish; undefined when none is queued. */
  queuedSeq: number | undefined;
  inFlight: boolean;
  retries: number;
}

/** Handoff statuses remembered to tell a change from a progress tick; the oldest are forgotten first. */
const MAX_TRACKED_HANDOFFS = 5_000;

export function createHomeRefresher(options: HomeRefresherOptions): HomeRefresher {
  const logger = options.logger.child({ component: 'slack-home' });
  const timers = options.timers ?? realTimers;
  const minIntervalMs = options.minIntervalMs ?? 10_000;
  const perMinute = options.publishesPerMinute ?? 50;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const audience = options.audience ?? createHomeAudience();
  const now = () => options.clock.now().getTime();
  const statuses = new Map<string, HandoffStatus>();
  const users = new Map<string, UserState>();
  const buckets = new Map<string, TokenBucket>();
  const inFlight = new Set<Promise<void>>();
  let seq = 0;
  let stopped = false;
  let wake: { at: number; cancel: () => void } | undefined;

  function bucketOf(teamId: string): TokenBucket {
    let bucket = buckets.get(teamId);
    if (bucket === undefined) {
      bucket = createTokenBucket({
        capacity: Math.max(1, Math.floor(perMinute / 5)),
        refillPerMinute: perMinute,
        startMs: now(),
      });
      if (buckets.size > 1000) buckets.clear();
      buckets.set(teamId, bucket);
    }
    return bucket;
  }

  function userOf(teamId: string, slackUserId: string): UserState {
    const key = `${teamId}:${slackUserId}`;
    let state = users.get(key);
    if (state === undefined) {
      state = {
        teamId,
        slackUserId,
        lastAt: Number.NEGATIVE_INFINITY,
        queuedSeq: undefined,
        inFlight: false,
        retries: 0,
      };
      users.set(key, state);
    }
    return state;
  }

  function sleepUntil(at: number): void {
    if (wake !== undefined && wake.at <= at) return;
    wake?.cancel();
    const cancel = timers.setTimeout(
      () => {
        wake = undefined;
        pump();
      },
      Math.max(at - now(), 1),
    );
    wake = { at, cancel };
  }

  /** Starts every queued publish whose user and workspace allow it, oldest request first; sleeps until the next. */
  function pump(): void {
    if (stopped) return;
    const at = now();
    const due: UserState[] = [];
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const [key, state] of users) {
      if (state.queuedSeq === undefined || state.inFlight) {
        if (!state.inFlight && at - state.lastAt >= minIntervalMs) users.delete(key);
        continue;
      }
      const readyAt = state.lastAt + minIntervalMs;
      if (readyAt > at) wakeAt = Math.min(wakeAt, readyAt);
      else due.push(state);
    }
    due.sort((a, b) => (a.queuedSeq ?? 0) - (b.queuedSeq ?? 0));
    for (const state of due) {
      const bucket = bucketOf(state.teamId);
      if (bucket.tryTake(at)) start(state);
      else wakeAt = Math.min(wakeAt, bucket.nextAvailableAt(at));
    }
    if (Number.isFinite(wakeAt)) sleepUntil(wakeAt);
  }

  function start(state: UserState): void {
    state.queuedSeq = undefined;
    state.inFlight = true;
    state.lastAt = now();
    const run = options
      .publish(state.teamId, state.slackUserId)
      .then(
        () => {
          state.retries = 0;
        },
        (err: unknown) => {
          const retryAfterMs = retryAfterMsOf(err);
          if (retryAfterMs !== null && state.retries < maxRetries) {
            logger.warn({ team: state.teamId, retryAfterMs }, 'home publish rate-limited');
            state.retries += 1;
            bucketOf(state.teamId).pauseUntil(now() + retryAfterMs);
            // Unless a newer request is queued already, this one goes again after the pause.
            state.queuedSeq ??= ++seq;
            return;
          }
          state.retries = 0;
          logger.warn({ err, team: state.teamId }, 'home publish failed');
        },
      )
      .finally(() => {
        state.inFlight = false;
        inFlight.delete(run);
        pump();
      });
    inFlight.add(run);
  }

  return {
    handoffChanged(teamId, handoff) {
      if (statuses.get(handoff.id) === handoff.status) return;
      statuses.delete(handoff.id);
      statuses.set(handoff.id, handoff.status);
      if (statuses.size > MAX_TRACKED_HANDOFFS) {
        const oldest = statuses.keys().next().value;
        if (oldest !== undefined) statuses.delete(oldest);
      }
      const viewers = audience.viewersOf(teamId, handoff);
      if (viewers.length === 0) return;
      for (const slackUserId of viewers) {
        const state = userOf(teamId, slackUserId);
        // Already queued: that publish will read the newest state when it runs (coalescing).
        state.queuedSeq ??= ++seq;
      }
      pump();
    },
    visited(teamId, slackUserId, portalUserId) {
      audience.remember(teamId, slackUserId, portalUserId);
      logger.debug({ team: teamId, slackUserId }, 'home visit recorded');
      userOf(teamId, slackUserId).lastAt = now();
      pump();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stop() {
      stopped = true;
      wake?.cancel();
      wake = undefined;
      for (const state of users.values()) state.queuedSeq = undefined;
    },
  };
}
