/**
 * `handoff tenants` and the tenant check of `handoff api-key create`, against a real SQLite file written by the
 * server's own tenant store (tokens encrypted: the CLI reads only the clear columns and needs no ENCRYPTION_KEY).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiKeyStore } from '../../bot/cli/open-api-keys.js';
import { runCli } from '../../bot/cli/run-cli.js';
import { openTenantAdmin } from '../../bot/cli/tenant-admin.js';
import { toTenantId } from '../../engine/ids.js';
import { createCipher } from '../../storage/crypto.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteTenantStore } from '../../storage/sqlite-tenant-store.js';

let dir: string;
let databasePath: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handoff-cli-tenants-'));
  databasePath = join(dir, 'handoff.db');
  const sqlite = openSqliteDatabase(databasePath);
  const tenants = new SqliteTenantStore(sqlite, { cipher: createCipher(randomBytes(32)) });
  await tenants.ensureTenant({ id: toTenantId('default'), name: 'Default portal' });
  const b24 = toTenantId('b24-member-a');
  await tenants.ensureTenant({ id: b24, name: 'acme.bitrix24.com' });
  await tenants.updateTenant(b24, {
    portal: {
      type: 'oauth',
      domain: 'acme.bitrix24.com',
      memberId: 'member-a',
      accessToken: 'access-SECRET',
      refreshToken: 'refresh-SECRET',
      expiresAt: new Date('2026-12-01T00:00:00Z'),
    },
    app: { memberId: 'member-a', domain: 'acme.bitrix24.com', applicationTokenHash: 'b'.repeat(64), botId: 1001 },
  });
  sqlite.close();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], path = databasePath) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    fetch: globalThis.fetch,
    stdout: { write: (t: string) => out.push(t) > 0 },
    stderr: { write: (t: string) => err.push(t) > 0 },
    env: { DATABASE_PATH: path },
    openApiKeys: openApiKeyStore,
    openTenants: openTenantAdmin,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('handoff tenants', () => {
  it('lists tenants with their portal, app and Slack team, never a token', async () => {
    const listed = await cli(['tenants']);
    const json = await cli(['tenants', '--json']);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /b24-member-a\s+acme\.bitrix24\.com\s+acme\.bitrix24\.com · app installed \(bot 1001\)/,
    );
    expect(listed.stdout).toMatch(/default\s+Default portal\s+no portal/);
    expect(listed.stdout + json.stdout).not.toContain('SECRET');
    expect(JSON.parse(json.stdout).tenants[0]).toEqual({
      id: 'b24-member-a',
      name: 'acme.bitrix24.com',
      connected: true,
      app: 'installed',
      portal: 'acme.bitrix24.com',
      memberId: 'member-a',
      botId: 1001,
    });
  });

  it('binds a Slack team to one tenant only, and refuses unknown tenants', async () => {
    const bound = await cli(['tenants', 'bind-slack', '--tenant', 'b24-member-a', '--team', 'T0ACME']);
    const taken = await cli(['tenants', 'bind-slack', '--tenant', 'default', '--team', 'T0ACME']);
    const unknown = await cli(['tenants', 'bind-slack', '--tenant', 'nope', '--team', 'T0OTHER']);
    const badTeam = await cli(['tenants', 'bind-slack', '--tenant', 'default', '--team', 'acme']);
    const listed = await cli(['tenants']);
    const unbound = await cli(['tenants', 'unbind-slack', '--tenant', 'b24-member-a']);

    expect(bound).toMatchObject({ code: 0, stdout: 'Slack team T0ACME now works on tenant b24-member-a.\n' });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('bound to another tenant');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no tenant "nope"');
    expect(badTeam.code).toBe(2);
    expect(listed.stdout).toMatch(/b24-member-a .*· Slack T0ACME/);
    expect(unbound.code).toBe(0);
    expect((await cli(['tenants'])).stdout).not.toContain('T0ACME');
  });

  it('refuses a DATABASE_PATH where no file is, names the variable, and creates no database there', async () => {
    const missing = join(dir, 'data', 'handoff.db');

    const listed = await cli(['tenants'], missing);
    const keyed = await cli(['api-key', 'create', '--tenant', 'default'], missing);

    for (const result of [listed, keyed]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`No database at ${missing}: set DATABASE_PATH to the server's database file`);
      expect(result.stdout).toBe('');
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('api-key create refuses a tenant that does not exist and makes a key for one that does', async () => {
    const refused = await cli(['api-key', 'create', '--tenant', 'b24-nobody']);
    const made = await cli(['api-key', 'create', '--tenant', 'b24-member-a', '--name', 'hr']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('there is no tenant "b24-nobody"');
    expect(refused.stdout).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout.trim()).toMatch(/^hnd_/);
  });

  it('release-portal forgets the portal and its app, keeping the tenant', async () => {
    const released = await cli(['tenants', 'release-portal', '--tenant', 'b24-member-a']);
    const unknown = await cli(['tenants', 'release-portal', '--tenant', 'nope']);
    const listed = JSON.parse((await cli(['tenants', '--json'])).stdout).tenants[0];

    expect(released.code).toBe(0);
    expect(unknown.code).toBe(2);
    expect(listed).toEqual({ id: 'b24-member-a', name: 'acme.bitrix24.com', connected: false, app: 'none' });
  });
});
