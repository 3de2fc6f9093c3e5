/**
 * MongoSlackInstallationStore: Bolt's InstallationStore on MongoDB, the installation encrypted, the same document
 * fields as the SQLite `slack_installations` table. The document carries the tenant bound to the team when there is
 * one at install time (a fresh install precedes its binding, so it may be null).
 * @module
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import type { Clock } from '../engine/ports.js';
import type { Cipher } from './crypto.js';
import { systemClock } from './handoff-rules.js';
import { isDuplicateKey } from './mongo-store.js';
import { TENANTS_COLLECTION, type TenantDoc } from './mongo-tenant-store.js';
import {
  decodeInstallation,
  encodeInstallation,
  type Installation,
  type InstallationQuery,
  installationKey,
  queryKey,
  type SlackInstallationStore,
} from './slack-installation-store.js';

export const SLACK_INSTALLATIONS_COLLECTION = 'slack_installations';

export interface SlackInstallationDoc {
  /** `team:<T…>` or `enterprise:<E…>` (an org-wide install). */
  key: string;
  tenantId: string | null;
  teamId: string | null;
  enterpriseId: string | null;
  /** The whole installation as encrypted JSON (storage/crypto.ts): it carries the tokens. */
  installation: string;
  installedAt: Date;
}

/** The SQLite table's primary key and tenant index. */
const INDEXES: IndexDescription[] = [
  { key: { key: 1 }, name: 'slack_installations_key_uq', unique: true },
  { key: { tenantId: 1 }, name: 'slack_installations_tenant_idx' },
];

export class MongoSlackInstallationStore implements SlackInstallationStore {
  readonly #installations: Collection<SlackInstallationDoc>;
  readonly #tenants: Collection<TenantDoc>;
  readonly #cipher: Cipher;
  readonly #clock: Clock;

  private constructor(db: Db, options: { readonly cipher: Cipher; readonly clock?: Clock }) {
    this.#installations = db.collection<SlackInstallationDoc>(SLACK_INSTALLATIONS_COLLECTION);
    this.#tenants = db.collection<TenantDoc>(TENANTS_COLLECTION);
    this.#cipher = options.cipher;
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the indexes the store relies on (idempotent), then the store. */
  static async open(
    db: Db,
    options: { readonly cipher: Cipher; readonly clock?: Clock },
  ): Promise<MongoSlackInstallationStore> {
    await db.collection(SLACK_INSTALLATIONS_COLLECTION).createIndexes(INDEXES);
    return new MongoSlackInstallationStore(db, options);
  }

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const teamId = installation.team?.id ?? null;
    const key = installationKey(installation);
    const tenant =
      teamId === null ? null : await this.#tenants.findOne({ slackTeamId: teamId }, { projection: { _id: 0, id: 1 } });
    const changes = {
      tenantId: tenant?.id ?? null,
      teamId,
      enterpriseId: installation.enterprise?.id ?? null,
      installation: encodeInstallation(this.#cipher, installation),
      installedAt: this.#clock.now(),
    };
    const upsert = () => this.#installations.updateOne({ key }, { $set: changes }, { upsert: true });
    try {
      await upsert();
    } catch (error) {
      // Two first installs of one team raced to insert; the second try replaces the first one's (last wins).
      if (!isDuplicateKey(error)) throw error;
      await upsert();
    }
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const doc = await this.#installations.findOne({ key: queryKey(query) }, { projection: { _id: 0 } });
    if (!doc) throw new Error('no Slack installation for this team');
    return decodeInstallation(this.#cipher, doc.installation);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.#installations.deleteOne({ key: queryKey(query) });
  }
}
