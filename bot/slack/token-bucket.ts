/**
 * A token bucket with an explicit `now`: the workspace-wide budget for chat.update (Tier 3 ≈ 50/min per workspace,
 * we keep ~40/min so interactive edits still fit; slack.md §3.4). A 429's Retry-After pauses the whole bucket.
 * @module
 */

export interface TokenBucket {
  /** Takes one token when available at `nowMs`; false otherwise (nothing taken). */
  tryTake(nowMs: number): boolean;
  /** The earliest instant a token is available (≤ nowMs when one is there now). */
  nextAvailableAt(nowMs: number): number;
  /** Slack said 429: no token before `untilMs`. */
  pauseUntil(untilMs: number): void;
}

export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillPerMinute: number;
  readonly startMs: number;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const msPerToken = 60_000 / options.refillPerMinute;
  let tokens = options.capacity;
  let updatedAt = options.startMs;
  let pausedUntil = 0;

  function refill(nowMs: number): void {
    if (nowMs <= updatedAt) return;
    tokens = Math.min(options.capacity, tokens + (nowMs - updatedAt) / msPerToken);
    updatedAt = nowMs;
  }

  return {
    tryTake(nowMs) {
      refill(nowMs);
      if (nowMs < pausedUntil || tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    nextAvailableAt(nowMs) {
      refill(nowMs);
      const forToken = tokens >= 1 ? nowMs : nowMs + Math.ceil((1 - tokens) * msPerToken);
      return Math.max(forToken, pausedUntil);
    },
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
  };
}
