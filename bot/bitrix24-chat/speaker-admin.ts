/**
 * Whether the person who wrote to the bot is a portal administrator. Bitrix24 tells the admin flag only about the
 * calling user (`profile`, reference §8), and the app's own token is the installer's: so we ask `profile` with the
 * author's own token, which every event carries in `auth[access_token]` (§10.1), at the tenant's stored REST base
 * (never an address taken from the event). Answers are cached per portal and user for five minutes; a failed
 * lookup means "not known to be an admin" (heads and the from-user themself are still recognised).
 * @module
 */
import type { Logger } from '../../engine/ports.js';

export interface SpeakerAdminDeps {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly logger: Logger;
  readonly ttlMs?: number;
}

export type SpeakerAdminCheck = (input: {
  readonly restBase: string;
  readonly userId: number;
  readonly accessToken: string | undefined;
}) => Promise<boolean>;

export function createSpeakerAdminCheck(deps: SpeakerAdminDeps): SpeakerAdminCheck {
  const cache = new Map<string, { admin: boolean; until: number }>();
  const ttl = deps.ttlMs ?? 5 * 60_000;
  return async ({ restBase, userId, accessToken }) => {
    const key = `${restBase}|${userId}`;
    const cached = cache.get(key);
    if (cached && cached.until > deps.now()) return cached.admin;
    if (!accessToken) return false;
    let admin = false;
    try {
      const response = await deps.fetch(`${restBase}profile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ auth: accessToken }),
        redirect: 'error',
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await response.json().catch(() => null)) as { result?: { ID?: unknown; ADMIN?: unknown } } | null;
      admin = response.ok && String(body?.result?.ID) === String(userId) && body?.result?.ADMIN === true;
    } catch (err) {
      deps.logger.debug({ err: err instanceof Error ? err.name : 'error' }, 'speaker admin lookup failed');
      return false;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { admin, until: deps.now() + ttl });
    return admin;
  };
}
