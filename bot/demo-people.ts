/**
 * The demo's table of people: every employee of the sandbox portal with the id to type, the e-mail Slack matches
 * on, the departments, and the open items a preview would count for them — every kind the portal offers, smart
 * processes included, by the same rules the connector lists them (the stage catalogue; never the portal's own companies).
 * @module
 */
import type { SandboxPortal } from '../bitrix24/sandbox/index.js';
import { type EntityKind, STATIC_KINDS } from '../engine/kinds.js';

export interface DemoPerson {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly departments: string;
  readonly active: boolean;
  /** Open items of every kind, as `preview` counts them for this person. */
  readonly openItems: number;
}

/** Every kind the sandbox offers: the static ones and one `spa:<entityTypeId>` per smart process. */
export function sandboxKinds(portal: SandboxPortal): EntityKind[] {
  return [...STATIC_KINDS, ...portal.spaTypes.map((t) => `spa:${t.entityTypeId}` as const)];
}

/** Open ids as the connector lists them: the portal's own companies are never someone's work (README, open items). */
function openIds(portal: SandboxPortal, kind: EntityKind, userId: number): number[] {
  const ids = portal.itemIdsOf(kind, userId, true);
  return kind === 'companies' ? ids.filter((id) => portal.store.get(kind, id)?.isMyCompany !== true) : ids;
}

export function demoPeople(portal: SandboxPortal): DemoPerson[] {
  const kinds = sandboxKinds(portal);
  return portal.users
    .filter((u) => u.userType === 'employee')
    .map((u) => {
      const departments = u.departmentIds
        .map((id) => {
          const dept = portal.departments.find((d) => d.id === id);
          const name = dept?.name ?? `#${id}`;
          return dept?.headId === u.id ? `${name} (head)` : name;
        })
        .join(', ');
      return {
        id: u.id,
        name: `${u.name} ${u.lastName}`.trim(),
        email: u.email,
        departments: `${departments}${u.isAdmin ? ' (admin)' : ''}`,
        active: u.active,
        openItems: kinds.reduce((sum, kind) => sum + openIds(portal, kind, u.id).length, 0),
      };
    });
}

/** One line per person, for the demo's banner. */
export function renderDemoPeople(people: readonly DemoPerson[]): string {
  return people
    .map(
      (p) =>
        `  ${String(p.id).padStart(3)}  ${p.name.padEnd(22)} ${p.email.padEnd(32)} ${p.departments}` +
        `${p.active ? '' : ' [deactivated]'} · ${p.openItems} open items`,
    )
    .join('\n');
}

/** `1=me@acme.com,3=bob@acme.com` → sandbox user id → the e-mail a Slack user has; an error names the bad part. */
export function parseSlackEmails(
  spec: string,
): { ok: true; value: Map<number, string> } | { ok: false; problem: string } {
  const map = new Map<number, string>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^(\d{1,6})=([^\s@=,]+@[^\s@=,]+)$/.exec(part);
    if (!match?.[1] || !match[2]) {
      return {
        ok: false,
        problem: `--slack-emails: expected <sandbox user id>=<e-mail>, e.g. 1=you@acme.com, got "${part}".`,
      };
    }
    map.set(Number(match[1]), match[2].toLowerCase());
  }
  return { ok: true, value: map };
}

/**
 * Gives sandbox people the e-mails of Slack users, so Handoff (which matches Slack users to portal users by e-mail)
 * knows who is who when the demo is driven from Slack. Returns the ids that are not sandbox employees.
 */
export function applySlackEmails(portal: SandboxPortal, emails: ReadonlyMap<number, string>): number[] {
  const unknown: number[] = [];
  for (const [id, email] of emails) {
    const user = portal.users.find((u) => u.id === id && u.userType === 'employee');
    if (user === undefined) unknown.push(id);
    else portal.directory.setUser({ ...user, email });
  }
  return unknown;
}
