/**
 * `handoff tenants` and the tenant check of `handoff api-key create`, on the server's database directly (MongoDB
 * when MONGODB_URL is set, else the SQLite file at DATABASE_PATH). Only the columns kept in clear are read (id,
 * name, portal domain and member id, Slack team, the installed app's record), so no ENCRYPTION_KEY is needed and no
 * token is ever decrypted here. Storage modules load on demand, so API commands never load a database driver.
 * @module
 */
import type { KeyDatabase } from './api-key-command.js';
import { requireDatabaseFile } from './database-file.js';

export interface TenantRow {
  readonly id: string;
  readonly name: string;
  /** The portal's domain, when the tenant has (or had) one. */
  readonly portal?: string;
  /** Whether a portal connection (webhook or OAuth tokens) is stored. */
  readonly connected: boolean;
  /** The installed Bitrix24 app: installed (token hash stored), uninstalled, or absent. */
  readonly app: 'installed' | 'uninstalled' | 'none';
  readonly memberId?: string;
  readonly botId?: number;
  readonly slackTeamId?: string;
}

export type BindOutcome = 'ok' | 'unknown_tenant' | 'team_taken';

export interface TenantAdmin {
  list(): Promise<readonly TenantRow[]>;
  exists(id: string): Promise<boolean>;
  /** Binds a Slack team to a tenant (null unbinds). A team binds to at most one tenant. */
  bindSlack(id: string, teamId: string | null): Promise<BindOutcome>;
  /** Forgets the tenant's portal (connection and installed app); its handoffs stay. False for an unknown tenant. */
  releasePortal(id: string): Promise<boolean>;
  close(): Promise<void> | void;
}

export type OpenTenantAdmin = (database: KeyDatabase) => Promise<TenantAdmin>;

interface RawTenant {
  id: string;
  name: string;
  connected: boolean;
  portalDomain: string | null;
  portalMemberId: string | null;
  slackTeamId: string | null;
  app: string | { applicationTokenHash?: string; botId?: number } | null | undefined;
}

function toRow(raw: RawTenant): TenantRow {
  let app: { applicationTokenHash?: string; botId?: number } | null = null;
  try {
    app = typeof raw.app === 'string' ? JSON.parse(raw.app) : (raw.app ?? null);
  } catch {
    app = null;
  }
  return {
    id: raw.id,
    name: raw.name,
    connected: raw.connected,
    app: app === null ? 'none' : app.applicationTokenHash ? 'installed' : 'uninstalled',
    ...(raw.portalDomain ? { portal: raw.portalDomain } : {}),
    ...(raw.portalMemberId ? { memberId: raw.portalMemberId } : {}),
    ...(app?.botId ? { botId: app.botId } : {}),
    ...(raw.slackTeamId ? { slackTeamId: raw.slackTeamId } : {}),
  };
}

export const openTenantAdmin: OpenTenantAdmin = async (database) => {
  if (database.kind === 'mongo') {
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(database.url);
    const tenants = client.db().collection('tenants');
    return {
      async list() {
        const docs = await tenants
          .find({}, { projection: { _id: 0, portalSecret: 0 } })
          .sort({ id: 1 })
          .toArray();
        const secrets = new Set(
          (await tenants.find({ portalSecret: { $type: 'string' } }, { projection: { id: 1 } }).toArray()).map(
            (d) => d.id as string,
          ),
        );
        return docs.map((d) =>
          toRow({
            id: String(d.id),
            name: String(d.name),
            connected: secrets.has(String(d.id)),
            portalDomain: (d.portalDomain as string | null) ?? null,
            portalMemberId: (d.portalMemberId as string | null) ?? null,
            slackTeamId: (d.slackTeamId as string | null) ?? null,
            app: d.bitrix24App as RawTenant['app'],
          }),
        );
      },
      async exists(id) {
        return (await tenants.countDocuments({ id }, { limit: 1 })) > 0;
      },
      async bindSlack(id, teamId) {
        if (teamId !== null && (await tenants.countDocuments({ slackTeamId: teamId, id: { $ne: id } })) > 0)
          return 'team_taken';
        const result = await tenants.updateOne(
          { id },
          { $set: { slackTeamId: teamId, updatedAt: new Date() }, $inc: { version: 1 } },
        );
        return result.matchedCount === 1 ? 'ok' : 'unknown_tenant';
      },
      async releasePortal(id) {
        const result = await tenants.updateOne(
          { id },
          {
            $set: {
              portalSecret: null,
              portalDomain: null,
              portalMemberId: null,
              bitrix24App: null,
              updatedAt: new Date(),
            },
            $inc: { version: 1 },
          },
        );
        return result.matchedCount === 1;
      },
      close: () => client.close(),
    };
  }
  requireDatabaseFile(database.path);
  const { openSqliteDatabase } = await import('../../storage/sqlite.js');
  const sqlite = openSqliteDatabase(database.path);
  const db = sqlite.sqlite;
  return {
    async list() {
      const rows = db
        .prepare(
          `select id, name, portal_secret is not null as connected, portal_domain as portalDomain,
                  portal_member_id as portalMemberId, slack_team_id as slackTeamId, bitrix24_app as app
           from tenants order by id`,
        )
        .all() as (Omit<RawTenant, 'connected'> & { connected: number })[];
      return rows.map((r) => toRow({ ...r, connected: r.connected === 1 }));
    },
    async exists(id) {
      return db.prepare('select 1 from tenants where id = ?').get(id) !== undefined;
    },
    async bindSlack(id, teamId) {
      if (teamId !== null && db.prepare('select 1 from tenants where slack_team_id = ? and id <> ?').get(teamId, id))
        return 'team_taken';
      const info = db
        .prepare('update tenants set slack_team_id = ?, updated_at = ? where id = ?')
        .run(teamId, Date.now(), id);
      return info.changes === 1 ? 'ok' : 'unknown_tenant';
    },
    async releasePortal(id) {
      const info = db
        .prepare(
          `update tenants set portal_secret = null, portal_domain = null, portal_member_id = null, bitrix24_app = null,
           updated_at = ? where id = ?`,
        )
        .run(Date.now(), id);
      return info.changes === 1;
    },
    close: () => sqlite.close(),
  };
};

/** The `handoff tenants` table. */
export function renderTenants(rows: readonly TenantRow[]): string {
  if (rows.length === 0) return 'No tenants yet: start the server once, or install the app in a portal.\n';
  const lines = rows.map((r) => {
    const portal = r.portal
      ? `${r.portal}${r.connected ? '' : ' (no tokens)'}`
      : r.connected
        ? 'connected'
        : 'no portal';
    const app = r.app === 'none' ? '' : ` · app ${r.app}${r.botId ? ` (bot ${r.botId})` : ''}`;
    const slack = r.slackTeamId ? ` · Slack ${r.slackTeamId}` : '';
    return `${r.id.padEnd(24)} ${r.name.padEnd(28)} ${portal}${app}${slack}`;
  });
  return `${lines.join('\n')}\n`;
}
