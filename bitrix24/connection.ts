/**
 * Builds the client of one portal from its configuration (webhook or OAuth app), wiring the shared per-portal
 * limiter and OAuth session from a PortalPool. Bad configuration stops here with a message naming the field.
 * @module
 */
import type { Logger } from '../engine/ports.js';
import { type Auth, Bitrix24Client, type RetryOptions } from './client.js';
import { DEFAULT_RATE, type RateOptions } from './limiter.js';
import { OAuthSession } from './oauth.js';
import { type PortalConfig, toPortalConfig } from './portal-config.js';
import { PortalPool } from './portal-pool.js';

export interface ConnectionOptions {
  readonly portal: PortalConfig;
  /** The portal's leaky bucket (default burst 50, 2/s; enterprise plans 250 and 5). */
  readonly rate?: RateOptions;
  readonly fetch: typeof fetch;
  /** Milliseconds since epoch. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  /** Per HTTP request (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Share limiters and OAuth sessions with the other connections of this process (recommended). */
  readonly pool?: PortalPool;
}

/** Creates the client; throws an Error naming the problem when the configuration is bad. */
export function createBitrix24Client(options: ConnectionOptions): Bitrix24Client {
  const portal = toPortalConfig(options.portal);
  const rate = options.rate ?? DEFAULT_RATE;
  if (!(Number.isInteger(rate.burst) && rate.burst >= 1) || !(rate.perSecond > 0))
    throw new Error(
      'Invalid Bitrix24 rate options: BITRIX24_RATE_BURST must be an integer >= 1 and BITRIX24_RATE_PER_SECOND > 0',
    );
  const pool = options.pool ?? new PortalPool({ now: options.now, sleep: options.sleep });
  const endpoint = portal.kind === 'webhook' ? portal.url : portal.clientEndpoint;
  const host = new URL(endpoint).host;
  const logger = options.logger.child({ portal: host });
  const limiter = pool.limiter(host, rate);
  let auth: Auth = { kind: 'webhook' };
  if (portal.kind === 'oauth') {
    const session = pool.session(
      `${host}|${portal.clientId}`,
      () =>
        new OAuthSession(portal, {
          fetch: options.fetch,
          now: options.now,
          logger,
          timeoutMs: options.timeoutMs ?? 30_000,
        }),
    );
    auth = { kind: 'oauth', session };
  }
  return new Bitrix24Client(endpoint, auth, {
    fetch: options.fetch,
    now: options.now,
    sleep: options.sleep,
    logger,
    limiter,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
}
