/**
 * The install form names the portal (auth[domain], auth[client_endpoint]) and Handoff POSTs `profile` there before
 * storing anything: a forged install must not make this server call an internal address (SSRF).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createInstallRoutes } from '../../bot/bitrix24-chat/install.js';
import { toTenantId } from '../../engine/ids.js';
import { MemoryTenantStore } from '../../storage/tenant-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { silentLogger } from './api-harness.js';

let internal: { server: Server; port: number; hits: string[] } | undefined;
afterEach(async () => {
  const open = internal?.server;
  if (open) await new Promise((resolve) => open.close(resolve));
  internal = undefined;
});

async function startInternal() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ result: { ID: '1', ADMIN: true } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  internal = { server, port: (server.address() as AddressInfo).port, hits };
  return internal;
}

function installRoutes(oauthUrl: string, fetchFn: typeof fetch = globalThis.fetch) {
  const tenants = new MemoryTenantStore();
  const routes = createInstallRoutes({
    tenants,
    access: {
      app: { clientId: 'app.1', clientSecret: 'secret', oauthUrl },
      appClient: () => {
        throw new Error('not used');
      },
      forget: async () => undefined,
    },
    installers: [],
    publicUrl: 'https://handoff.example.com',
    tenantForNewPortal: () => toTenantId('T-new'),
    uninstall: async () => new Response(null, { status: 500 }),
    fetch: fetchFn,
    clock: new FakeClock('2026-12-01T10:00:00Z'),
    logger: silentLogger,
    lookup: async (host) => (host === 'portal.rebind.test' ? ['10.0.0.7'] : ['93.184.216.34']),
  });
  return { routes, tenants };
}

function installForm(domain: string, clientEndpoint?: string) {
  const form = new URLSearchParams({
    event: 'ONAPPINSTALL',
    'auth[access_token]': 'at',
    'auth[refresh_token]': 'rt',
    'auth[domain]': domain,
    'auth[member_id]': 'm-ssrf',
    'auth[application_token]': 'app-token',
  });
  if (clientEndpoint !== undefined) form.set('auth[client_endpoint]', clientEndpoint);
  return new Request('http://handoff.test/bitrix24/install', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}

describe('install form naming an internal address', () => {
  it('is refused in production (OAuth server not on loopback) and the internal address is never called', async () => {
    const { port, hits } = await startInternal();
    const { routes } = installRoutes('https://oauth.bitrix.info');
    for (const [domain, endpoint] of [
      [`127.0.0.1:${port}`, `http://127.0.0.1:${port}/rest/`],
      [`127.0.0.1:${port}`, undefined],
      ['169.254.169.254', undefined],
      ['10.0.0.1', 'https://10.0.0.1/rest/'],
      ['[::1]', 'https://[::1]/rest/'],
      ['portal.rebind.test', undefined],
    ] as const) {
      const answer = await routes.request(installForm(domain, endpoint));
      expect(answer.status, domain).toBe(400);
      const body = await answer.text();
      expect(body).toMatch(/auth\[|not a public portal address/);
      expect(body).not.toContain('at');
    }
    expect(hits).toEqual([]);
  });

  it('reaches a loopback portal when the app itself talks to a loopback OAuth server (the sandbox)', async () => {
    const { port, hits } = await startInternal();
    const { routes } = installRoutes('http://127.0.0.1:9/oauth/');
    await routes.request(installForm(`127.0.0.1:${port}`, `http://127.0.0.1:${port}/rest/`));
    expect(hits.length).toBeGreaterThan(0);
  });

  it('a portal answering with a redirect to an internal address is not followed', async () => {
    const { port, hits } = await startInternal();
    // The "portal" is a public name; its answer moves the request to a service on loopback.
    const fetchVia: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.startsWith('https://portal.public.test/')) {
        return new Response(null, { status: 307, headers: { location: `http://127.0.0.1:${port}/rest/profile` } });
      }
      return globalThis.fetch(input, init);
    };
    const { routes, tenants } = installRoutes('https://oauth.bitrix.info', fetchVia);
    expect((await routes.request(installForm('portal.public.test'))).status).not.toBe(200);
    expect(hits).toEqual([]);
    expect(await tenants.findByPortalMemberId('m-ssrf')).toBeNull();
  });

  it('a production install stores no tenant when refused', async () => {
    const { routes, tenants } = installRoutes('https://oauth.bitrix.info');
    expect((await routes.request(installForm('169.254.169.254'))).status).toBe(400);
    expect(await tenants.findByPortalMemberId('m-ssrf')).toBeNull();
  });
});
