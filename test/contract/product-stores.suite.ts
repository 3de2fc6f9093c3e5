/**
 * Contract suite for the product stores beside the HandoffStore (STYLE.md §7): TenantStore, ApiKeyStore,
 * IdentityLinkStore and the Slack InstallationStore, run against the memory and SQLite adapters.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { ApiKeyStore } from '../../storage/api-key-store.js';
import { type Cipher, createCipher } from '../../storage/crypto.js';
import type { IdentityLinkStore } from '../../storage/identity-link-store.js';
import type { Installation, SlackInstallationStore } from '../../storage/slack-installation-store.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import { ManualClock, T1, T2 } from './handoff-store.fixtures.js';

export interface ProductStores {
  readonly tenants: TenantStore;
  readonly apiKeys: ApiKeyStore;
  readonly links: IdentityLinkStore;
  readonly installations: SlackInstallationStore;
  /** Raw text of every stored secret column, to prove nothing is kept in clear (SQLite only). */
  readonly storedText?: () => string;
}

export interface ProductStoresSuiteOptions {
  readonly name: string;
  readonly create: (clock: ManualClock, cipher: Cipher) => Promise<ProductStores>;
  readonly cleanup?: () => Promise<void>;
  readonly skip?: boolean;
}

function installation(teamId: string, botToken: string): Installation<'v2', false> {
  return {
    team: { id: teamId, name: 'Acme' },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: 'U1' },
    bot: { token: botToken, scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

export function productStoresContractSuite(options: ProductStoresSuiteOptions): void {
  describe.skipIf(options.skip === true)(`product stores contract: ${options.name}`, () => {
    let stores: ProductStores;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await options.create(clock, createCipher(randomBytes(32)));
      return options.cleanup;
    });

    describe('TenantStore', () => {
      it('creates a tenant once and returns the stored one after', async () => {
        const createdAt = clock.now();
        const first = await stores.tenants.ensureTenant({ id: T1, name: 'Acme' });
        clock.advance(1000);

        const again = await stores.tenants.ensureTenant({ id: T1, name: 'Other name' });

        expect(again).toStrictEqual(first);
        expect(first).toStrictEqual({ id: T1, name: 'Acme', admins: [], createdAt, updatedAt: createdAt });
      });

      it('round-trips an OAuth portal connection and finds the tenant by member id and Slack team', async () => {
        await stores.tenants.ensureTenant({ id: T1, name: 'Acme' });
        const portal = {
          type: 'oauth',
          domain: 'acme.bitrix24.com',
          memberId: 'member-abc',
          accessToken: 'access-SECRET-1',
          refreshToken: 'refresh-SECRET-2',
          expiresAt: new Date('2026-03-01T11:00:00.000Z'),
        } as const;

        const updated = await stores.tenants.updateTenant(T1, {
          portal,
          slackTeamId: 'T0TEAM',
          admins: [toPortalUserId(1), toPortalUserId(7)],
        });

        expect(updated?.portal).toStrictEqual(portal);
        expect(await stores.tenants.getTenant(T1)).toStrictEqual(updated);
        expect((await stores.tenants.findByPortalMemberId('member-abc'))?.id).toBe(T1);
        expect((await stores.tenants.findBySlackTeam('T0TEAM'))?.admins).toEqual([1, 7]);
        expect(await stores.tenants.findBySlackTeam('T0OTHER')).toBeNull();
        expect(stores.storedText?.() ?? '').not.toMatch(/SECRET/);
      });

      it('forgets the connection and the team with null, and refuses a team bound to another tenant', async () => {
        await stores.tenants.ensureTenant({ id: T1, name: 'Acme' });
        await stores.tenants.ensureTenant({ id: T2, name: 'Beta' });
        await stores.tenants.updateTenant(T1, {
          portal: { type: 'webhook', url: 'https://acme.bitrix24.com/rest/1/SECRETcode/' },
          slackTeamId: 'T0TEAM',
        });

        const cleared = await stores.tenants.updateTenant(T1, { portal: null, slackTeamId: null });
        await stores.tenants.updateTenant(T2, { slackTeamId: 'T0OTHER' });
        await stores.tenants.updateTenant(T1, { slackTeamId: 'T0TEAM' });

        expect(cleared && ('portal' in cleared || 'slackTeamId' in cleared)).toBe(false);
        await expect(stores.tenants.updateTenant(T2, { slackTeamId: 'T0TEAM' })).rejects.toThrow(/already bound/);
        expect(await stores.tenants.updateTenant(toTenantId('nobody'), { name: 'x' })).toBeNull();
        expect((await stores.tenants.listTenants()).map((t) => t.id)).toEqual([T1, T2]);
      });
      it('keeps the installed app apart from the tokens: found by member id after the tokens are forgotten', async () => {
        await stores.tenants.ensureTenant({ id: T1, name: 'Acme' });
        await stores.tenants.ensureTenant({ id: T2, name: 'Beta' });
        const hash = 'a'.repeat(64);
        const app = { memberId: 'member-app', domain: 'acme.bitrix24.com', applicationTokenHash: hash, botId: 17 };
        await stores.tenants.updateTenant(T1, {
          portal: {
            type: 'oauth',
            domain: 'acme.bitrix24.com',
            memberId: 'member-app',
            accessToken: 'access-SECRET-3',
            refreshToken: 'refresh-SECRET-4',
            expiresAt: new Date('2026-03-01T11:00:00.000Z'),
          },
          app,
        });
        expect((await stores.tenants.getTenant(T1))?.app).toStrictEqual(app);

        const uninstalled = await stores.tenants.updateTenant(T1, {
          portal: null,
          app: { memberId: 'member-app', domain: 'acme.bitrix24.com' },
        });

        expect(uninstalled?.portal).toBeUndefined();
        expect(uninstalled?.app).toStrictEqual({ memberId: 'member-app', domain: 'acme.bitrix24.com' });
        expect((await stores.tenants.findByPortalMemberId('member-app'))?.id).toBe(T1);
        await expect(
          stores.tenants.updateTenant(T2, { app: { memberId: 'member-app', domain: 'other.bitrix24.com' } }),
        ).rejects.toThrow(/already bound/);
        await expect(
          stores.tenants.updateTenant(T2, { app: { ...app, applicationTokenHash: 'nothex' } }),
        ).rejects.toThrow();
        expect((await stores.tenants.updateTenant(T1, { app: null }))?.app).toBeUndefined();
        expect(await stores.tenants.findByPortalMemberId('member-app')).toBeNull();
      });
    });

    describe('ApiKeyStore', () => {
      it('shows a key once, verifies it to its tenant and never lists the key', async () => {
        const { id, key } = await stores.apiKeys.createApiKey(T1, 'hr');

        const verified = await stores.apiKeys.verify(key);

        expect(verified).toEqual({ tenantId: T1, name: 'hr' });
        expect(await stores.apiKeys.verify(`${key}x`)).toBeNull();
        expect(await stores.apiKeys.verify('')).toBeNull();
        const listed = await stores.apiKeys.listApiKeys(T1);
        expect(listed).toEqual([{ id, tenantId: T1, name: 'hr', createdAt: clock.now(), lastUsedAt: clock.now() }]);
        expect(JSON.stringify(listed)).not.toContain(key);
        expect(stores.storedText?.() ?? '').not.toContain(key);
        expect(await stores.apiKeys.listApiKeys(T2)).toEqual([]);
      });

      it("records a key's use at most once a minute, so verifying is a read on nearly every request", async () => {
        const { key } = await stores.apiKeys.createApiKey(T1, 'hr');
        const first = clock.now();

        await stores.apiKeys.verify(key);
        clock.advance(30_000);
        await stores.apiKeys.verify(key);
        const withinAMinute = (await stores.apiKeys.listApiKeys(T1))[0]?.lastUsedAt;
        clock.advance(30_000);
        await stores.apiKeys.verify(key);
        const aMinuteLater = (await stores.apiKeys.listApiKeys(T1))[0]?.lastUsedAt;

        expect(withinAMinute).toEqual(first);
        expect(aMinuteLater).toEqual(clock.now());
      });

      it('revokes a key of its own tenant only', async () => {
        const { id, key } = await stores.apiKeys.createApiKey(T1, 'hr');

        const byOther = await stores.apiKeys.revokeApiKey(T2, id);
        const byOwner = await stores.apiKeys.revokeApiKey(T1, id);

        expect(byOther).toBe(false);
        expect(byOwner).toBe(true);
        expect(await stores.apiKeys.revokeApiKey(T1, id)).toBe(false);
        expect(await stores.apiKeys.verify(key)).toBeNull();
      });
    });

    describe('IdentityLinkStore', () => {
      it('links both ways per tenant, re-links idempotently and unlinks', async () => {
        await stores.links.linkUser(T1, 'U1', toPortalUserId(10));
        await stores.links.linkUser(T1, 'U1', toPortalUserId(10));
        await stores.links.linkUser(T2, 'U1', toPortalUserId(20));

        expect(await stores.links.getPortalUser(T1, 'U1')).toBe(10);
        expect(await stores.links.getPortalUser(T2, 'U1')).toBe(20);
        expect(await stores.links.getSlackUser(T1, toPortalUserId(10))).toBe('U1');
        expect(await stores.links.getSlackUser(T2, toPortalUserId(10))).toBeNull();

        await stores.links.linkUser(T1, 'U1', toPortalUserId(11));
        expect(await stores.links.getSlackUser(T1, toPortalUserId(10))).toBeNull();
        expect(await stores.links.unlinkUser(T1, 'U1')).toBe(true);
        expect(await stores.links.unlinkUser(T1, 'U1')).toBe(false);
        expect(await stores.links.getPortalUser(T1, 'U1')).toBeNull();
      });

      it('answers the most recently linked Slack user of a portal user', async () => {
        await stores.links.linkUser(T1, 'U1', toPortalUserId(10));
        await stores.links.linkUser(T1, 'U2', toPortalUserId(10));

        expect(await stores.links.getSlackUser(T1, toPortalUserId(10))).toBe('U2');
      });
    });

    describe('SlackInstallationStore', () => {
      it('stores, fetches, replaces and deletes a team installation, encrypted at rest', async () => {
        await stores.installations.storeInstallation(installation('T0TEAM', 'xoxb-SECRET-1'));
        await stores.installations.storeInstallation(installation('T0TEAM', 'xoxb-SECRET-2'));
        const query = { teamId: 'T0TEAM', enterpriseId: undefined, isEnterpriseInstall: false } as const;

        const fetched = await stores.installations.fetchInstallation(query);

        expect(fetched).toEqual(installation('T0TEAM', 'xoxb-SECRET-2'));
        expect(stores.storedText?.() ?? '').not.toMatch(/SECRET/);
        await stores.installations.deleteInstallation(query);
        await expect(stores.installations.fetchInstallation(query)).rejects.toThrow(/no Slack installation/);
      });

      it('keys an org-wide install by its enterprise', async () => {
        const org: Installation<'v2', true> = {
          team: undefined,
          enterprise: { id: 'E0ORG', name: 'Org' },
          user: { token: undefined, scopes: undefined, id: 'U1' },
          bot: { token: 'xoxb-org', scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
          isEnterpriseInstall: true,
          authVersion: 'v2',
        };
        await stores.installations.storeInstallation(org);

        const fetched = await stores.installations.fetchInstallation({
          teamId: undefined,
          enterpriseId: 'E0ORG',
          isEnterpriseInstall: true,
        });

        expect(fetched.bot?.token).toBe('xoxb-org');
      });
    });
  });
}
