/**
 * Reads @slack/web-api errors without depending on their classes: a rate-limited call (rejectRateLimitedCalls)
 * carries `retryAfter` seconds; an `ok: false` answer carries `data.error` (slack.md §3.3).
 * @module
 */

/** Milliseconds to wait for a rate-limited call; null when the error is something else. */
export function retryAfterMsOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; retryAfter?: unknown };
  if (e.code !== 'slack_webapi_rate_limited_error') return null;
  return typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter * 1000 : 1000;
}

/** Slack's error code of an `ok: false` answer (`not_in_channel`, `channel_not_found`…); null otherwise. */
export function platformErrorOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; data?: { error?: unknown } };
  if (e.code !== 'slack_webapi_platform_error') return null;
  return typeof e.data?.error === 'string' ? e.data.error : null;
}

/** Errors after which posting into that channel can never work, so we DM the initiator instead. */
export const CANNOT_POST_THERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);
