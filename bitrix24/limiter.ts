/**
 * The client-side twin of a portal's leaky bucket (reference §4): one serialized request queue per portal, a
 * counter that drains at `perSecond` and may reach `burst`, and an adaptive rate that halves when the portal still
 * answers QUERY_LIMIT_EXCEEDED and climbs back as requests succeed.
 * @module
 */

export interface RateOptions {
  /** X: how many requests the bucket holds (50 on common plans, 250 on enterprise). */
  readonly burst: number;
  /** Y: how many requests drain per second (2 on common plans, 5 on enterprise). */
  readonly perSecond: number;
}

export const DEFAULT_RATE: RateOptions = { burst: 50, perSecond: 2 };

export interface LimiterDeps {
  /** Milliseconds since epoch (or any monotonic origin). */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A granted turn: the caller sends its one request, then calls `release` (always, also on failure). */
export interface LimiterSlot {
  release(): void;
}

export interface LimiterSnapshot {
  readonly level: number;
  readonly rate: number;
  readonly throttledCount: number;
  /** Requests sent through this limiter since it was made (for /metrics). */
  readonly requestCount: number;
}

/** The lowest share of the configured rate the adaptation goes down to. */
const MIN_RATE_SHARE = 1 / 8;
/** The most requests kept free below the portal's burst (see waitMs). */
const HEADROOM = 1;
/** Added to the slowest round trip seen when sizing the headroom: timer and clock granularity. */
const HEADROOM_MARGIN_MS = 10;
/** How much of the configured rate one success gives back after a slow-down. */
const RECOVERY_SHARE = 1 / 20;

export class RateLimiter {
  private level = 0;
  private updatedAt: number;
  private rate: number;
  private throttledCount = 0;
  private requestCount = 0;
  /** The slowest round trip (grant to release) since the bucket was last empty; undefined before the first one. */
  private slowestMs: number | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly options: RateOptions,
    private readonly deps: LimiterDeps,
  ) {
    if (!(options.burst >= 1) || !(options.perSecond > 0))
      throw new Error('Bitrix24 rate options need burst >= 1 and perSecond > 0');
    this.rate = options.perSecond;
    this.updatedAt = deps.now();
  }

  /**
   * Waits for this portal's turn (FIFO: one request at a time, as the reference asks) and for room in the
   * bucket, then counts the request. The next caller waits until `release`.
   */
  async acquire(): Promise<LimiterSlot> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => done);
    await previous;
    try {
      await this.waitForRoom();
    } catch (error) {
      release();
      throw error;
    }
    // An empty bucket starts a new busy period: only round trips within it bear on the portal's counter.
    if (this.level === 0 && this.slowestMs !== undefined) this.slowestMs = 0;
    this.level += 1;
    this.requestCount += 1;
    const sentAt = this.deps.now();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.slowestMs = Math.max(this.slowestMs ?? 0, this.deps.now() - sentAt);
        release();
      },
    };
  }

  /** Runs `fn` inside one turn. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      return await fn();
    } finally {
      slot.release();
    }
  }

  /** The portal still throttled us: assume its bucket is full and halve our pace (down to 1/8 of the plan). */
  throttled(): void {
    this.drain();
    this.level = Math.max(this.level, this.capacity());
    // Our estimate of the portal's counter proved short: keep the whole request free until the bucket empties.
    this.slowestMs = Number.POSITIVE_INFINITY;
    this.rate = Math.max(this.options.perSecond * MIN_RATE_SHARE, this.rate / 2);
    this.throttledCount += 1;
  }

  /** A request went through: climb back towards the configured rate. */
  succeeded(): void {
    this.drain();
    if (this.rate < this.options.perSecond)
      this.rate = Math.min(this.options.perSecond, this.rate + this.options.perSecond * RECOVERY_SHARE);
  }

  /**
   * Milliseconds until one more request fits. We keep headroom below the portal's burst: the portal counts a
   * request when it arrives, we count it when we send, and arrival jitter (an earlier request delayed more than a
   * later one) would otherwise put the portal's counter a fraction above ours at the brim. Requests go one at a
   * time, so that gap is at most the drain during the slowest trip to the portal since its bucket was last empty,
   * which a round trip bounds: the headroom is `rate × (slowest round trip + 10 ms)`, at most one request (all of
   * one until a round trip is known). On a far portal (round trips of half a second at 2/s) that is the whole
   * request; close by, nearly the whole burst is used.
   */
  waitMs(): number {
    this.drain();
    const excess = this.level + 1 - this.capacity();
    return excess <= 0 ? 0 : Math.ceil((excess / this.rate) * 1000);
  }

  snapshot(): LimiterSnapshot {
    this.drain();
    return {
      level: this.level,
      rate: this.rate,
      throttledCount: this.throttledCount,
      requestCount: this.requestCount,
    };
  }

  private capacity(): number {
    const headroom =
      this.slowestMs === undefined
        ? HEADROOM
        : // The portal drains at its own rate, whatever pace we have slowed down to.
          Math.min(HEADROOM, (this.options.perSecond * (this.slowestMs + HEADROOM_MARGIN_MS)) / 1000);
    return this.options.burst > headroom ? this.options.burst - headroom : this.options.burst;
  }

  private async waitForRoom(): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.deps.sleep(wait);
  }

  private drain(): void {
    const now = this.deps.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.level = Math.max(0, this.level - elapsed * this.rate);
    this.updatedAt = now;
  }
}
