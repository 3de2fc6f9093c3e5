/**
 * Slack OAuth installations (multi-workspace), in the shape of @slack/oauth's InstallationStore so Bolt can use it
 * as is. One installation per team, or per enterprise for org-wide installs; the whole installation (it carries the
 * tokens) is encrypted at rest. In-memory adapter here; SQLite in storage/sqlite-slack-installation-store.ts.
 * @module
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Cipher } from './crypto.js';

export type { Installation, InstallationQuery };

/** Bolt's InstallationStore with `deleteInstallation` required. */
export interface SlackInstallationStore extends InstallationStore {
  storeInstallation<AuthVersion extends 'v1' | 'v2'>(installation: Installation<AuthVersion, boolean>): Promise<void>;
  /** The installation for the query; throws when there is none (what Bolt's authorize expects). */
  fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>>;
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
}

/** The row key: the enterprise for an org-wide install, else the team. */
export function installationKey(installation: Installation<'v1' | 'v2', boolean>): string {
  if (installation.isEnterpriseInstall === true && installation.enterprise?.id)
    return `enterprise:${installation.enterprise.id}`;
  if (installation.team?.id) return `team:${installation.team.id}`;
  throw new Error('a Slack installation has neither a team nor an enterprise id');
}

/** The row key a query looks for. */
export function queryKey(query: InstallationQuery<boolean>): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new Error('a Slack installation query has neither a team nor an enterprise id');
}

export function encodeInstallation(cipher: Cipher, installation: Installation<'v1' | 'v2', boolean>): string {
  return cipher.encrypt(JSON.stringify(installation));
}

export function decodeInstallation(cipher: Cipher, stored: string): Installation<'v1' | 'v2', boolean> {
  // Written by encodeInstallation from an Installation Slack's own OAuth flow produced; the JSON is ours.
  return JSON.parse(cipher.decrypt(stored)) as Installation<'v1' | 'v2', boolean>;
}

export class MemorySlackInstallationStore implements SlackInstallationStore {
  readonly #rows = new Map<string, string>();
  readonly #cipher: Cipher;

  constructor(cipher: Cipher) {
    this.#cipher = cipher;
  }

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    this.#rows.set(installationKey(installation), encodeInstallation(this.#cipher, installation));
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const stored = this.#rows.get(queryKey(query));
    if (stored === undefined) throw new Error('no Slack installation for this team');
    return decodeInstallation(this.#cipher, stored);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.#rows.delete(queryKey(query));
  }
}
