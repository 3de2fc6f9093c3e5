/**
 * Web API clients per workspace. Two per token: the interactive one (views.open must beat the 3 s trigger expiry)
 * and a progress one with `rejectRateLimitedCalls: true`, so a 429 on progress never pauses dialogs and our pacer
 * decides when to try again (slack.md §3.3–3.4). Tokens are looked up per call in OAuth mode (rotation-safe).
 * @module
 */
import { type InstallationStore, webApi } from '@slack/bolt';
import type { Logger } from '../../engine/ports.js';
import { createBoltLogger } from './bolt-logger.js';
import type { SlackAuth } from './ports.js';

export type WebClient = webApi.WebClient;

/**
 * Retries for network failures and 5xx: a few quick ones. The SDK's default keeps trying for about 30 minutes
 * (slack.md §3.3), which would hang start-up on an unreachable Slack and leave a person's button press unanswered;
 * 429s on progress are paced by our own scheduler instead (rejectRateLimitedCalls).
 */
export const SLACK_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4_000 };

export interface SlackClients {
  /** Interactive calls (views, DMs, users.info) for a team; null when the team has no installation. */
  interactive(teamId: string): Promise<WebClient | null>;
  /** Progress edits and summaries: rate-limited calls throw at once with `retryAfter`. */
  progress(teamId: string): Promise<WebClient | null>;
}

export interface SlackClientsOptions {
  readonly auth: SlackAuth;
  readonly slackApiUrl?: string;
  readonly logger: Logger;
  /** Tests pass `{ retries: 0 }` (slack.md §7.2). */
  readonly retryConfig?: webApi.RetryOptions;
  /** Slack answered 429: the SDK's `rate_limited` event, with the seconds it asked us to wait (for /metrics). */
  readonly onRateLimited?: (seconds: number) => void;
}

async function tokenFor(auth: SlackAuth, store: InstallationStore | undefined, teamId: string): Promise<string | null> {
  if (auth.mode !== 'oauth' || store === undefined) return auth.mode === 'oauth' ? null : auth.botToken;
  try {
    const installation = await store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    return installation.bot?.token ?? null;
  } catch {
    return null;
  }
}

export function createSlackClients(options: SlackClientsOptions): SlackClients {
  const logger = createBoltLogger(options.logger.child({ component: 'slack-web-api' }));
  const cache = new Map<string, { interactive: WebClient; progress: WebClient }>();
  const store = options.auth.mode === 'oauth' ? options.auth.installationStore : undefined;

  function clientsFor(token: string): { interactive: WebClient; progress: WebClient } {
    let pair = cache.get(token);
    if (pair === undefined) {
      const common = {
        logger,
        timeout: 10_000,
        ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
        retryConfig: options.retryConfig ?? SLACK_RETRY,
      };
      pair = {
        interactive: new webApi.WebClient(token, common),
        progress: new webApi.WebClient(token, { ...common, rejectRateLimitedCalls: true }),
      };
      if (options.onRateLimited) {
        const report = options.onRateLimited;
        for (const client of [pair.interactive, pair.progress])
          client.on(webApi.WebClientEvent.RATE_LIMITED, (s: number) => report(s));
      }
      // A rotated token makes a new pair; keep the map small.
      if (cache.size > 500) cache.clear();
      cache.set(token, pair);
    }
    return pair;
  }

  return {
    async interactive(teamId) {
      const token = await tokenFor(options.auth, store, teamId);
      return token === null ? null : clientsFor(token).interactive;
    },
    async progress(teamId) {
      const token = await tokenFor(options.auth, store, teamId);
      return token === null ? null : clientsFor(token).progress;
    },
  };
}
