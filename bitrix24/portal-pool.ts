/**
 * Per-portal state shared by every connection in the process: one rate limiter per portal (the portal counts
 * requests per portal and source IP, reference §4) and one OAuth session per app and portal (refreshes must not
 * race, §9). The composition root makes one pool and passes it to every connection; no module singleton.
 * @module
 */
import { type LimiterDeps, RateLimiter, type RateOptions } from './limiter.js';
import type { OAuthSession } from './oauth.js';

export class PortalPool {
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly sessions = new Map<string, OAuthSession>();

  constructor(private readonly deps: LimiterDeps) {}

  /** The limiter of a portal (keyed by its host); the first caller's rate options win. */
  limiter(portalKey: string, rate: RateOptions): RateLimiter {
    let limiter = this.limiters.get(portalKey);
    if (!limiter) {
      limiter = new RateLimiter(rate, this.deps);
      this.limiters.set(portalKey, limiter);
    }
    return limiter;
  }

  /** Requests sent and throttled answers per portal (keyed by its host), for /metrics. */
  stats(): { readonly portal: string; readonly requests: number; readonly throttled: number }[] {
    return [...this.limiters].map(([portal, limiter]) => {
      const snapshot = limiter.snapshot();
      return { portal, requests: snapshot.requestCount, throttled: snapshot.throttledCount };
    });
  }

  /**
   * Drops the OAuth sessions of a portal (keyed `host|…`): after a reinstall or an uninstall the stored tokens
   * changed, and the next connection must start from them. The portal's limiter stays (same portal, same bucket).
   */
  forgetSessions(portalKey: string): void {
    for (const key of [...this.sessions.keys()]) if (key.startsWith(`${portalKey}|`)) this.sessions.delete(key);
  }

  /** The OAuth session of an app in a portal; `create` runs only for the first caller. */
  session(key: string, create: () => OAuthSession): OAuthSession {
    let session = this.sessions.get(key);
    if (!session) {
      session = create();
      this.sessions.set(key, session);
    }
    return session;
  }
}
