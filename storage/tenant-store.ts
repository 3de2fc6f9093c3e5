/**
 * TenantStore: tenants (a Slack workspace or API deployment bound to one portal), with the portal connection
 * encrypted at rest, and its in-memory adapter. SQLite: storage/sqlite-tenant-store.ts.
 * @module
 */
import { z } from 'zod';
import { PortalUserId, type TenantId } from '../engine/ids.js';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';

/** How the tenant reaches its portal: an incoming webhook, or OAuth tokens of the installed app. Secret as a whole. */
export const PortalConnection = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webhook'), url: z.string().url() }),
  z.object({
    type: z.literal('oauth'),
    /** e.g. `acme.bitrix24.com`. */
    domain: z.string().min(1),
    memberId: z.string().min(1),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    expiresAt: z.codec(z.iso.datetime(), z.date(), {
      decode: (text) => new Date(text),
      encode: (date) => date.toISOString(),
    }),
    /** The portal's REST base (`client_endpoint`), when it differs from https://<domain>/rest/. */
    clientEndpoint: z.string().url().exactOptional(),
  }),
]);
export type PortalConnection = z.output<typeof PortalConnection>;

/**
 * The Handoff app installed in the tenant's portal (Bitrix24 OAuth installs, migration 0004). Kept after an uninstall
 * (without the token hash), so a reinstall finds the same tenant and its history by `member_id`.
 */
export const PortalApp = z.object({
  /** Bitrix24 `member_id`: the stable key of the portal (its domain may change). */
  memberId: z.string().min(1),
  /** e.g. `acme.bitrix24.com`, for display. */
  domain: z.string().min(1),
  /** SHA-256 (hex) of the install's `application_token`; absent once uninstalled. The token itself is never stored. */
  applicationTokenHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .exactOptional(),
  /** The chat bot registered at install (`imbot.register`), when it was. */
  botId: z.number().int().positive().exactOptional(),
});
export type PortalApp = z.output<typeof PortalApp>;

export interface Tenant {
  readonly id: TenantId;
  readonly name: string;
  readonly portal?: PortalConnection;
  readonly slackTeamId?: string;
  /** The Bitrix24 app installed in the portal (OAuth installs). */
  readonly app?: PortalApp;
  /** Portal users who may administer this tenant (besides portal administrators). */
  readonly admins: readonly PortalUserId[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface TenantPatch {
  readonly name?: string;
  /** A new connection (e.g. refreshed OAuth tokens), or null to forget it. */
  readonly portal?: PortalConnection | null;
  readonly slackTeamId?: string | null;
  /** The installed app's record, or null to forget it. */
  readonly app?: PortalApp | null;
  readonly admins?: readonly PortalUserId[];
}

export interface TenantStore {
  /** Creates the tenant when missing; returns the stored one either way (idempotent; an existing one is unchanged). */
  ensureTenant(input: { readonly id: TenantId; readonly name: string }): Promise<Tenant>;
  getTenant(id: TenantId): Promise<Tenant | null>;
  /** The tenant bound to a Slack team, or null. A team binds to at most one tenant. */
  findBySlackTeam(teamId: string): Promise<Tenant | null>;
  /** The tenant of a portal by its Bitrix24 `member_id` (its OAuth connection or its installed app), or null. */
  findByPortalMemberId(memberId: string): Promise<Tenant | null>;
  /** Applies a patch; null for an unknown tenant. Binding a Slack team already bound elsewhere throws. */
  updateTenant(id: TenantId, patch: TenantPatch): Promise<Tenant | null>;
  /** Every tenant, by id. */
  listTenants(): Promise<readonly Tenant[]>;
}

/** Stores the connection as encrypted JSON text. */
export function encodePortalConnection(cipher: Cipher, portal: PortalConnection): string {
  return cipher.encrypt(JSON.stringify(z.encode(PortalConnection, portal)));
}

/** Reads what encodePortalConnection wrote; throws on corrupt or undecryptable data. */
export function decodePortalConnection(cipher: Cipher, stored: string): PortalConnection {
  return PortalConnection.decode(JSON.parse(cipher.decrypt(stored)));
}

export const AdminsJson = z.array(PortalUserId);

/** The portal `member_id` a tenant is found by: its OAuth connection's, else its installed app's. */
export function memberIdOf(tenant: Pick<Tenant, 'portal' | 'app'>): string | undefined {
  return tenant.portal?.type === 'oauth' ? tenant.portal.memberId : tenant.app?.memberId;
}

export function applyTenantPatch(tenant: Tenant, patch: TenantPatch, now: Date): Tenant {
  const { portal: _p, slackTeamId: _s, app: _a, ...rest } = tenant;
  const portal = patch.portal === undefined ? tenant.portal : (patch.portal ?? undefined);
  const slackTeamId = patch.slackTeamId === undefined ? tenant.slackTeamId : (patch.slackTeamId ?? undefined);
  const app = patch.app === undefined ? tenant.app : patch.app === null ? undefined : PortalApp.parse(patch.app);
  return {
    ...rest,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.admins !== undefined ? { admins: [...patch.admins] } : {}),
    ...(portal !== undefined ? { portal } : {}),
    ...(slackTeamId !== undefined ? { slackTeamId } : {}),
    ...(app !== undefined ? { app } : {}),
    updatedAt: now,
  };
}

/** In memory; keeps the portal connection as the SQLite store does (through the cipher), to behave the same. */
export class MemoryTenantStore implements TenantStore {
  readonly #tenants = new Map<TenantId, Tenant>();
  readonly #clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async ensureTenant(input: { readonly id: TenantId; readonly name: string }): Promise<Tenant> {
    const existing = this.#tenants.get(input.id);
    if (existing) return structuredClone(existing);
    const now = this.#clock.now();
    const tenant: Tenant = { id: input.id, name: input.name, admins: [], createdAt: now, updatedAt: now };
    this.#tenants.set(input.id, tenant);
    return structuredClone(tenant);
  }

  async getTenant(id: TenantId): Promise<Tenant | null> {
    const found = this.#tenants.get(id);
    return found ? structuredClone(found) : null;
  }

  async findBySlackTeam(teamId: string): Promise<Tenant | null> {
    const found = [...this.#tenants.values()].find((t) => t.slackTeamId === teamId);
    return found ? structuredClone(found) : null;
  }

  async findByPortalMemberId(memberId: string): Promise<Tenant | null> {
    const found = [...this.#tenants.values()].find((t) => memberIdOf(t) === memberId);
    return found ? structuredClone(found) : null;
  }

  async updateTenant(id: TenantId, patch: TenantPatch): Promise<Tenant | null> {
    const current = this.#tenants.get(id);
    if (!current) return null;
    const next = applyTenantPatch(current, structuredClone(patch), this.#clock.now());
    for (const other of this.#tenants.values()) {
      if (other.id === id) continue;
      if (next.slackTeamId !== undefined && other.slackTeamId === next.slackTeamId)
        throw new Error('this Slack team is already bound to another tenant');
      const memberId = memberIdOf(next);
      if (memberId !== undefined && memberIdOf(other) === memberId)
        throw new Error('this portal is already bound to another tenant');
    }
    this.#tenants.set(id, next);
    return structuredClone(next);
  }

  async listTenants(): Promise<readonly Tenant[]> {
    return [...this.#tenants.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((t) => structuredClone(t));
  }
}
