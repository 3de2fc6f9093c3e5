/**
 * Who a Slack user is in the portal: a manual link (`/handoff link`) wins, else users.info `profile.email` ↔
 * WorkSystem.findUserByEmail. Profiles are cached per user for a few minutes. The time zone is users.info `tz`
 * (IANA), never `tz_offset` (current offset only; wrong for future dates, slack.md §3.1).
 * @module
 */
import type { PortalUserId } from '../../engine/ids.js';
import type { Clock, PortalUser } from '../../engine/ports.js';
import type { WebClient } from './clients.js';
import type { IdentityLinkStore, SlackTenant } from './ports.js';

export interface SlackProfile {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  /** IANA zone; 'UTC' when Slack gives none. */
  readonly timeZone: string;
  readonly deleted: boolean;
  readonly isBot: boolean;
}

/** Why a Slack user has no portal user. */
export type IdentityProblem =
  /** users.info failed: no such Slack user. */
  | { readonly code: 'person_not_found'; readonly slackUserId: string }
  /** A bot or a deactivated Slack account. */
  | { readonly code: 'inactive_user'; readonly slackUserId: string }
  /** No link and no portal user with that e-mail (or no e-mail visible). */
  | { readonly code: 'person_not_linked'; readonly slackUserId: string; readonly email?: string };

export type IdentityResult =
  | { readonly ok: true; readonly value: { readonly user: PortalUser; readonly profile: SlackProfile } }
  | { readonly ok: false; readonly problem: IdentityProblem };

export interface SlackIdentity {
  profile(client: WebClient, slackUserId: string): Promise<SlackProfile | null>;
  /** The portal user of a Slack user, or why there is none. */
  resolve(client: WebClient, tenant: SlackTenant, slackUserId: string): Promise<IdentityResult>;
  /** The Slack user of a portal user (link, else by e-mail), or null. */
  slackUserOf(client: WebClient, tenant: SlackTenant, portalUserId: PortalUserId): Promise<string | null>;
  /** Forgets cached answers about one Slack user (after `/handoff link`). */
  forget(slackUserId: string): void;
}

export interface SlackIdentityOptions {
  readonly links: IdentityLinkStore;
  readonly clock: Clock;
  /** Default 10 minutes. */
  readonly cacheTtlMs?: number;
}

interface Cached<T> {
  readonly value: T;
  readonly at: number;
}

interface UsersInfoUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

export function createSlackIdentity(options: SlackIdentityOptions): SlackIdentity {
  const ttl = options.cacheTtlMs ?? 10 * 60_000;
  const profiles = new Map<string, Cached<SlackProfile>>();
  const portalIds = new Map<string, Cached<PortalUserId>>();

  function fresh<T>(map: Map<string, Cached<T>>, key: string): T | undefined {
    const hit = map.get(key);
    if (hit === undefined) return undefined;
    if (options.clock.now().getTime() - hit.at > ttl) {
      map.delete(key);
      return undefined;
    }
    return hit.value;
  }

  function remember<T>(map: Map<string, Cached<T>>, key: string, value: T): void {
    if (map.size > 5000) map.clear();
    map.set(key, { value, at: options.clock.now().getTime() });
  }

  async function profile(client: WebClient, slackUserId: string): Promise<SlackProfile | null> {
    const cached = fresh(profiles, slackUserId);
    if (cached !== undefined) return cached;
    let user: UsersInfoUser | undefined;
    try {
      user = ((await client.users.info({ user: slackUserId })) as { user?: UsersInfoUser }).user;
    } catch {
      return null;
    }
    if (user === undefined) return null;
    const value: SlackProfile = {
      id: slackUserId,
      name: user.profile?.real_name || user.real_name || user.name || slackUserId,
      ...(user.profile?.email ? { email: user.profile.email } : {}),
      timeZone: user.tz || 'UTC',
      deleted: user.deleted === true,
      isBot: user.is_bot === true,
    };
    remember(profiles, slackUserId, value);
    return value;
  }

  return {
    profile,
    async resolve(client, tenant, slackUserId) {
      const found = await profile(client, slackUserId);
      if (found === null) return { ok: false, problem: { code: 'person_not_found', slackUserId } };
      if (found.deleted || found.isBot) return { ok: false, problem: { code: 'inactive_user', slackUserId } };
      const key = `${tenant.tenantId}:${slackUserId}`;
      let portalId = fresh(portalIds, key) ?? (await options.links.getPortalUser(tenant.tenantId, slackUserId));
      let user: PortalUser | null = null;
      if (portalId !== null) user = await tenant.workSystem.getUser(portalId);
      if (user === null && found.email !== undefined) user = await tenant.workSystem.findUserByEmail(found.email);
      if (user === null) {
        return {
          ok: false,
          problem: { code: 'person_not_linked', slackUserId, ...(found.email ? { email: found.email } : {}) },
        };
      }
      portalId = user.id;
      remember(portalIds, key, portalId);
      return { ok: true, value: { user, profile: found } };
    },
    async slackUserOf(client, tenant, portalUserId) {
      const linked = await options.links.getSlackUser(tenant.tenantId, portalUserId);
      if (linked !== null) return linked;
      const user = await tenant.workSystem.getUser(portalUserId);
      if (user?.email === undefined) return null;
      try {
        const answer = (await client.users.lookupByEmail({ email: user.email })) as { user?: { id?: string } };
        return answer.user?.id ?? null;
      } catch {
        return null;
      }
    },
    forget(slackUserId) {
      profiles.delete(slackUserId);
      for (const key of portalIds.keys()) if (key.endsWith(`:${slackUserId}`)) portalIds.delete(key);
    },
  };
}
