/**
 * Serialises background posts of one workspace (thread summaries, DMs) and keeps ≥ `gapMs` between two posts to the
 * same channel (chat.postMessage ≈ 1/s per channel, slack.md §3.2). A 429 waits its Retry-After and tries again.
 * @module
 */
import type { Clock } from '../../engine/ports.js';
import { realTimers, type Timers } from './edit-pacer.js';
import { retryAfterMsOf } from './slack-errors.js';

export interface PostQueue {
  run<T>(channel: string, post: () => Promise<T>): Promise<T>;
}

export interface PostQueueOptions {
  readonly clock: Clock;
  readonly timers?: Timers;
  /** Default 1100 ms. */
  readonly gapMs?: number;
  /** Attempts after a 429. Default 3. */
  readonly maxRateLimitRetries?: number;
}

export function createPostQueue(options: PostQueueOptions): PostQueue {
  const timers = options.timers ?? realTimers;
  const gapMs = options.gapMs ?? 1100;
  const lastAt = new Map<string, number>();
  let chain: Promise<unknown> = Promise.resolve();

  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));
  const now = () => options.clock.now().getTime();

  async function attempt<T>(channel: string, post: () => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries += 1) {
      const wait = (lastAt.get(channel) ?? Number.NEGATIVE_INFINITY) + gapMs - now();
      if (wait > 0) await sleep(wait);
      try {
        return await post();
      } catch (err) {
        const retryAfterMs = retryAfterMsOf(err);
        if (retryAfterMs === null || tries >= (options.maxRateLimitRetries ?? 3)) throw err;
        await sleep(retryAfterMs);
      } finally {
        if (lastAt.size > 1000) lastAt.clear();
        lastAt.set(channel, now());
      }
    }
  }

  return {
    run(channel, post) {
      const result = chain.then(() => attempt(channel, post));
      chain = result.catch(() => undefined);
      return result;
    },
  };
}
