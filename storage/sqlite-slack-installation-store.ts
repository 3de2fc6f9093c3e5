/**
 * SqliteSlackInstallationStore: Bolt's InstallationStore on SQLite, the installation encrypted. The row carries the
 * tenant bound to the team when there is one (a fresh install precedes its binding, so it may be null).
 * @module
 */
import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';
import { slackInstallations, tenants } from './schema.js';
import {
  decodeInstallation,
  encodeInstallation,
  type Installation,
  type InstallationQuery,
  installationKey,
  queryKey,
  type SlackInstallationStore,
} from './slack-installation-store.js';
import type { SqliteDatabase, SqliteDb } from './sqlite.js';

export class SqliteSlackInstallationStore implements SlackInstallationStore {
  readonly #db: SqliteDb;
  readonly #cipher: Cipher;
  readonly #clock: Clock;

  constructor(database: Pick<SqliteDatabase, 'db'>, options: { readonly cipher: Cipher; readonly clock?: Clock }) {
    this.#db = database.db;
    this.#cipher = options.cipher;
    this.#clock = options.clock ?? systemClock;
  }

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const teamId = installation.team?.id ?? null;
    const values = {
      key: installationKey(installation),
      tenantId:
        teamId === null ? null : sql`(SELECT ${tenants.id} FROM ${tenants} WHERE ${tenants.slackTeamId} = ${teamId})`,
      teamId,
      enterpriseId: installation.enterprise?.id ?? null,
      installation: encodeInstallation(this.#cipher, installation),
      installedAt: this.#clock.now(),
    };
    const { key: _key, ...changes } = values;
    this.#db
      .insert(slackInstallations)
      .values(values)
      .onConflictDoUpdate({ target: slackInstallations.key, set: changes })
      .run();
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const row = this.#db
      .select()
      .from(slackInstallations)
      .where(eq(slackInstallations.key, queryKey(query)))
      .get();
    if (!row) throw new Error('no Slack installation for this team');
    return decodeInstallation(this.#cipher, row.installation);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.#db
      .delete(slackInstallations)
      .where(eq(slackInstallations.key, queryKey(query)))
      .run();
  }
}
