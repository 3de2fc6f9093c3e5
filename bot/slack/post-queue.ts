/**
 * Background posts of one workspace (progress messages, thread summaries, participant DMs), queued per channel:
 * each channel is serial and keeps ≥ `gapMs` between two posts (chat.postMessage ≈ 1/s per channel, slack.md §3.2),
 * while different channels go side by side under one workspace-wide budget (the "several hundred per minute" cap
 * Slack puts above the per-channel pace). A DM therefore never waits behind another channel's thread summaries
 * (slack.md §3.4: "DMs are separate channels but share the workspace-wide cap"). When the budget is short, the
 * post queued first goes first. A 429 pauses its channel for the Retry-After and tries again.
 * @module
 */
import type { Clock } from '../../engine/ports.js';
import { realTimers, type Timers } from './edit-pacer.js';
import { retryAfterMsOf } from './slack-errors.js';
import { createTokenBucket } from './token-bucket.js';

export interface PostQueue {
  /** Runs `post` in `channel`'s turn; resolves or rejects with what it did (after the 429 retries). */
  run<T>(channel: string, post: () => Promise<T>): Promise<T>;
}

export interface PostQueueOptions {
  readonly clock: Clock;
  readonly timers?: Timers;
  /** Minimum gap between two posts to one channel. Default 1100 ms. */
  readonly gapMs?: number;
  /** Workspace-wide posts per minute, all channels together. Default 120 (Slack allows several hundred). */
  readonly postsPerMinute?: number;
  /** Posts the workspace budget lets through at once after a quiet spell. Default 10. */
  readonly burst?: number;
  /** Attempts after a 429. Default 3. */
  readonly maxRateLimitRetries?: number;
}

interface Task {
  readonly seq: number;
  readonly post: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  retries: number;
}

interface ChannelState {
  readonly queue: Task[];
  busy: boolean;
  /** No post before this instant (the gap after the last post, or a 429's Retry-After). */
  readyAt: number;
}

export function createPostQueue(options: PostQueueOptions): PostQueue {
  const timers = options.timers ?? realTimers;
  const gapMs = options.gapMs ?? 1100;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const now = () => options.clock.now().getTime();
  const perMinute = options.postsPerMinute ?? 120;
  const budget = createTokenBucket({
    capacity: Math.max(1, options.burst ?? 10),
    refillPerMinute: perMinute,
    startMs: now(),
  });
  const channels = new Map<string, ChannelState>();
  let seq = 0;
  let wake: { at: number; cancel: () => void } | undefined;

  /** The channel whose first post was queued earliest among those free to post now; else when one will be. */
  function nextReady(at: number): { channel: ChannelState } | { wakeAt: number } | null {
    let best: ChannelState | undefined;
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const [key, state] of channels) {
      const head = state.queue[0];
      if (state.busy) continue;
      if (head === undefined) {
        // Nothing queued and its gap is over: the state carries no pace any more.
        if (state.readyAt <= at) channels.delete(key);
        continue;
      }
      if (state.readyAt > at) wakeAt = Math.min(wakeAt, state.readyAt);
      else if (best === undefined || head.seq < (best.queue[0]?.seq ?? Number.POSITIVE_INFINITY)) best = state;
    }
    if (best !== undefined) return { channel: best };
    return Number.isFinite(wakeAt) ? { wakeAt } : null;
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

  function pump(): void {
    for (;;) {
      const at = now();
      const next = nextReady(at);
      if (next === null) return;
      if ('wakeAt' in next) {
        sleepUntil(next.wakeAt);
        return;
      }
      if (!budget.tryTake(at)) {
        sleepUntil(budget.nextAvailableAt(at));
        return;
      }
      start(next.channel);
    }
  }

  function start(state: ChannelState): void {
    const task = state.queue[0];
    if (task === undefined) return;
    state.busy = true;
    // A post that throws before its first await still settles through the promise.
    Promise.resolve()
      .then(task.post)
      .then(
        (value) => {
          state.queue.shift();
          task.resolve(value);
          finish(state, 0);
        },
        (err: unknown) => {
          const retryAfterMs = retryAfterMsOf(err);
          if (retryAfterMs === null || task.retries >= maxRetries) {
            state.queue.shift();
            task.reject(err);
            finish(state, 0);
            return;
          }
          // The task stays first in its channel and goes again after the Retry-After.
          task.retries += 1;
          finish(state, retryAfterMs);
        },
      );
  }

  function finish(state: ChannelState, pauseMs: number): void {
    state.busy = false;
    state.readyAt = now() + Math.max(gapMs, pauseMs);
    pump();
  }

  return {
    run<T>(channel: string, post: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let state = channels.get(channel);
        if (state === undefined) {
          state = { queue: [], busy: false, readyAt: Number.NEGATIVE_INFINITY };
          channels.set(channel, state);
        }
        seq += 1;
        state.queue.push({ seq, post, resolve: resolve as (value: unknown) => void, reject, retries: 0 });
        pump();
      });
    },
  };
}
