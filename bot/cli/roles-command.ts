/**
 * `handoff roles …`: a tenant's named roles through /api/v1/roles. `roles` lists them; `roles set <name> <holder>`
 * names who holds one (`12`, `kim@acme.com`, `dept:7`, `head:7`); `roles remove <name>` drops it. The robot
 * "Change Related Responsible" names a role so each pipeline stage hands work to whoever holds it that day.
 * @module
 */
import type { RoleOut } from '../api/role-schemas.js';
import type { ApiClient } from './api-client.js';
import { CliUsageError } from './plan-flags.js';

type HolderInput =
  | { readonly type: 'user'; readonly id: number }
  | { readonly type: 'user'; readonly email: string }
  | { readonly type: 'department' | 'department_head'; readonly id: number };

/**
 * Reads a holder as the CLI takes it.
 * @example parseHolderArg('dept:7') // { type: 'department', id: 7 }
 */
export function parseHolderArg(text: string): HolderInput {
  const value = text.trim();
  const dept = /^(dept|department|head):(\d{1,9})$/i.exec(value);
  if (dept?.[2]) {
    const kind = dept[1]?.toLowerCase() === 'head' ? 'department_head' : 'department';
    return { type: kind, id: Number(dept[2]) };
  }
  if (/^\d{1,12}$/.test(value)) return { type: 'user', id: Number(value) };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { type: 'user', email: value };
  throw new CliUsageError(
    `roles set: "${value.slice(0, 60)}" is not a holder: give a user id, an e-mail, dept:<id> or head:<id>.`,
  );
}

function holderText(role: RoleOut): string {
  return role.holder.type === 'user' && role.holder.name
    ? `${role.holder.name} (user ${role.holder.id})`
    : role.description;
}

function line(role: RoleOut): string {
  return `${role.name.padEnd(16)} ${holderText(role)}   set by ${role.updatedBy}\n`;
}

export interface RolesRun {
  readonly args: readonly string[];
  readonly api: () => ApiClient;
  print(json: unknown, text: string): void;
}

export async function runRolesCommand(run: RolesRun): Promise<void> {
  const [action = 'list', name, holder, ...rest] = run.args;
  if (action === 'list') {
    const { roles } = await run.api().get<{ roles: RoleOut[] }>('/api/v1/roles');
    return run.print(
      { roles },
      roles.length === 0 ? 'No roles yet. Define one: handoff roles set paralegal 12\n' : roles.map(line).join(''),
    );
  }
  if (action === 'set') {
    if (name === undefined || holder === undefined || rest.length > 0) {
      throw new CliUsageError('roles set: expected a name and a holder, e.g. handoff roles set paralegal kim@acme.com');
    }
    const role = await run
      .api()
      .put<RoleOut>(`/api/v1/roles/${encodeURIComponent(name)}`, { holder: parseHolderArg(holder) });
    return run.print(role, `Role ${role.name} is now held by ${holderText(role)}.\n`);
  }
  if (action === 'remove') {
    if (name === undefined || holder !== undefined) throw new CliUsageError('roles remove: expected one role name.');
    await run.api().delete(`/api/v1/roles/${encodeURIComponent(name)}`);
    return run.print({ removed: name }, `Role ${name} removed.\n`);
  }
  throw new CliUsageError(`roles: unknown action "${action}" (expected list, set or remove).`);
}
