/**
 * Builds the Slack surface when Slack is configured: its routes, its Notifier and a late binding to the engine
 * (the engine needs the notifier, the listeners need the engine).
 * @module
 */
import type { Hono } from 'hono';
import type { TenantId } from '../engine/ids.js';
import type { Clock, HandoffStore, Logger, Notifier, WorkSystemResolver } from '../engine/ports.js';
import type { HandoffService } from '../engine/service-types.js';
import type { IdentityLinkStore } from '../storage/identity-link-store.js';
import type { SlackInstallationStore } from '../storage/slack-installation-store.js';
import type { TenantStore } from '../storage/tenant-store.js';
import type { Config } from './config.js';

export interface SlackSurfaceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly tenants: TenantStore;
  readonly defaultTenant: TenantId;
  readonly workSystems: WorkSystemResolver;
  readonly identityLinks: IdentityLinkStore;
  readonly installations: SlackInstallationStore;
  readonly store: HandoffStore;
}

export interface SlackSurface {
  readonly routes: Hono;
  readonly notifier: Notifier;
  bind(service: HandoffService): void;
  close(): Promise<void>;
}

export async function createSlackSurface(deps: SlackSurfaceDeps): Promise<SlackSurface | undefined> {
  if (deps.config.slack.mode === 'off') return undefined;
  // TODO(#5): wired once bot/slack lands.
  return undefined;
}
