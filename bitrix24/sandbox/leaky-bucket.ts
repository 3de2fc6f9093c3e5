/**
 * The portal's request-rate leaky bucket (reference §4): each request adds 1, the counter drains `perSecond` per
 * second, and a request that would take it above `burst` is refused (and adds nothing).
 * @module
 */

export interface LeakyBucketOptions {
  readonly burst: number;
  readonly perSecond: number;
}

export class LeakyBucket {
  private level = 0;
  private lastAt: number | undefined;

  constructor(private readonly options: LeakyBucketOptions) {}

  /**
   * Takes one request at `now` (ms). Returns false when the bucket is full (answer 503 QUERY_LIMIT_EXCEEDED).
   * @example new LeakyBucket({ burst: 2, perSecond: 1 }).take(0) // true
   */
  take(now: number): boolean {
    this.drain(now);
    if (this.level + 1 > this.options.burst) return false;
    this.level += 1;
    return true;
  }

  /** The counter after draining up to `now`. */
  levelAt(now: number): number {
    this.drain(now);
    return this.level;
  }

  private drain(now: number): void {
    if (this.lastAt !== undefined && now > this.lastAt) {
      this.level = Math.max(0, this.level - ((now - this.lastAt) / 1000) * this.options.perSecond);
    }
    if (this.lastAt === undefined || now > this.lastAt) this.lastAt = now;
  }
}
