/**
 * Issues the console's short-lived signed links (`/handoff console` in Slack or Bitrix24 chat): tenant, portal
 * user, label and expiry, signed with the link key. The link opens `GET /app/login`, which exchanges it for a
 * session cookie and redirects to `/app`, so the token never stays in the address bar.
 * @module
 */
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import type { Clock } from '../../engine/ports.js';
import type { ConsoleKeys } from './keys.js';
import { toSignedToken } from './signed-token.js';

/** How long a link can be opened: long enough to click, short enough that a forwarded one dies soon. */
export const DEFAULT_LINK_TTL_MS = 15 * 60_000;

export interface ConsoleLink {
  readonly url: string;
  readonly expiresAt: Date;
}

export interface ConsoleLinkRequest {
  readonly tenantId: TenantId;
  readonly portalUserId: PortalUserId;
  /** Who asked, for the audit trail: "slack:U123 (Maria)". */
  readonly label: string;
}

export type ConsoleLinkIssuer = (request: ConsoleLinkRequest) => ConsoleLink;

/**
 * @example const issue = createConsoleLinkIssuer({ keys, baseUrl: 'https://handoff.example.com', clock });
 *          issue({ tenantId, portalUserId, label }).url // https://handoff.example.com/app/login?token=…
 */
export function createConsoleLinkIssuer(options: {
  readonly keys: Pick<ConsoleKeys, 'link'>;
  /** PUBLIC_URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly ttlMs?: number;
}): ConsoleLinkIssuer {
  const ttl = options.ttlMs ?? DEFAULT_LINK_TTL_MS;
  return (request) => {
    const expiresAt = new Date(options.clock.now().getTime() + ttl);
    const token = toSignedToken(
      { v: 1, t: request.tenantId, u: request.portalUserId, l: request.label.slice(0, 200), exp: expiresAt.getTime() },
      options.keys.link,
    );
    return { url: `${options.baseUrl}/app/login?token=${encodeURIComponent(token)}`, expiresAt };
  };
}
