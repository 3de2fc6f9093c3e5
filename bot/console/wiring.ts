/**
 * The console's pieces as bot/main.ts builds them: the signing keys (from ENCRYPTION_KEY, as the Slack Start-button
 * key is), the link issuer the chat bots use (only with PUBLIC_URL: a link needs an address people can open), and
 * where a tenant's portal lives on the web (for links to items and the placement frame).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { TenantId } from '../../engine/ids.js';
import type { Clock, Logger } from '../../engine/ports.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import type { Config } from '../config.js';
import { type ConsoleKeys, createConsoleKeys } from './keys.js';
import { type ConsoleLinkIssuer, createConsoleLinkIssuer } from './links.js';

/**
 * ENCRYPTION_KEY when set; else the Slack secret (like the confirm key); else a random key for this process, with
 * a warning: links and sessions then end at a restart and differ between replicas.
 */
export function consoleKeysOf(config: Config, logger: Logger): ConsoleKeys {
  if (config.encryptionKey !== undefined) return createConsoleKeys(config.encryptionKey);
  const slack = config.slack;
  if (slack.mode === 'socket') return createConsoleKeys(slack.appToken);
  if (slack.mode !== 'off') return createConsoleKeys(slack.signingSecret);
  logger.warn(
    { variable: 'ENCRYPTION_KEY' },
    'console sessions use a random key: set ENCRYPTION_KEY so they survive restarts',
  );
  return createConsoleKeys(randomBytes(32));
}

/** The issuer for `/handoff console`, or undefined without PUBLIC_URL (the command then says it isn't available). */
export function consoleLinkIssuerOf(config: Config, keys: ConsoleKeys, clock: Clock): ConsoleLinkIssuer | undefined {
  return config.publicUrl === undefined
    ? undefined
    : createConsoleLinkIssuer({ keys, baseUrl: config.publicUrl, clock });
}

/**
 * The web address of a tenant's portal: the configured single portal (webhook or the sandbox) for the default
 * tenant, else the tenant's own connection. Only the origin: a webhook URL's secret path never leaves here.
 */
export function createPortalAddressBook(input: {
  readonly config: Config;
  readonly tenants: Pick<TenantStore, 'getTenant'>;
  readonly defaultTenant: TenantId;
  readonly sandboxWebhookUrl?: string | undefined;
}): (tenantId: TenantId) => Promise<string | null> {
  const { config } = input;
  return async (tenantId) => {
    if (tenantId === input.defaultTenant) {
      if (input.sandboxWebhookUrl !== undefined) return new URL(input.sandboxWebhookUrl).origin;
      if (config.portal.mode === 'webhook') return new URL(config.portal.webhookUrl).origin;
    }
    const portal = (await input.tenants.getTenant(tenantId))?.portal;
    if (portal === undefined) return null;
    return portal.type === 'webhook' ? new URL(portal.url).origin : `https://${portal.domain}`;
  };
}
