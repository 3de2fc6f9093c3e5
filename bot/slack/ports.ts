/**
 * What the Slack surface needs from the rest of the app, beyond the engine's ports: the tenant behind a Slack team,
 * the Slack ↔ portal identity links, and the auth mode. storage/ implements the stores; bot/main.ts wires them.
 * @module
 */
import type { InstallationStore } from '@slack/bolt';
import type { PortalUserId, TenantId } from '../../engine/ids.js';
import type { WorkSystem } from '../../engine/ports.js';

/** One Slack team's binding: the tenant and the portal behind it. */
export interface SlackTenant {
  readonly tenantId: TenantId;
  readonly workSystem: WorkSystem;
}

/** Slack team id → tenant; null when the team is not bound to a portal (yet). */
export type SlackTenantResolver = (teamId: string) => Promise<SlackTenant | null>;

/** Manual Slack ↔ portal links (`/handoff link @user <id>`), which win over matching by e-mail. */
export interface IdentityLinkStore {
  /** The portal user linked to a Slack user, or null. */
  getPortalUser(tenantId: TenantId, slackUserId: string): Promise<PortalUserId | null>;
  /** Links (or re-links) a Slack user; idempotent. */
  linkUser(tenantId: TenantId, slackUserId: string, portalUserId: PortalUserId): Promise<void>;
  /** The Slack user linked to a portal user, or null (for DMs to participants). */
  getSlackUser(tenantId: TenantId, portalUserId: PortalUserId): Promise<string | null>;
}

/** How the app authenticates to Slack (config's SlackConfig without the signing secret). */
export type SlackAuth =
  | { readonly mode: 'token'; readonly botToken: string; readonly botId?: string; readonly botUserId?: string }
  | {
      readonly mode: 'oauth';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly stateSecret: string;
      readonly installationStore: InstallationStore;
      /** Where Slack sends people back, e.g. https://handoff.example.com/slack/oauth_redirect. */
      readonly redirectUri?: string;
    }
  | {
      readonly mode: 'socket';
      readonly appToken: string;
      readonly botToken: string;
      readonly botId?: string;
      readonly botUserId?: string;
    };

/** The bot scopes of manifest.yml; OAuth installs ask for exactly these. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'users:read.email',
] as const;
