/**
 * `handoff vacation …`: vacations as records through /api/v1/vacations (issue 12).
 *   vacation --from <who> --backup <target> [--starting <when>] --until <when> [--only …] [--id <externalId>]
 *   vacation move <externalId | H-n> [--starting <when>] [--until <when>]
 *   vacation cancel <externalId | H-n>
 *   vacation show <externalId | H-n>
 *   vacation list [--status active|cancelled] [--limit 50]
 * @module
 */
import { randomBytes } from 'node:crypto';
import { parseHandoffNo } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { VacationChangeOut, VacationListOut, VacationOut } from '../api/vacation-schemas.js';
import { type ApiClient, CliApiError } from './api-client.js';
import { CliUsageError, type PlanFlags, parseWhenFlag, toPlanInput } from './plan-flags.js';
import type { TimeFormat } from './time-format.js';

export interface VacationRun {
  readonly args: readonly string[];
  readonly flags: PlanFlags & {
    readonly backup?: string | undefined;
    readonly id?: string | undefined;
    readonly 'idempotency-key'?: string | undefined;
    readonly status?: string | undefined;
    readonly limit?: string | undefined;
    readonly json?: boolean | undefined;
  };
  readonly timeZone: string;
  readonly time: TimeFormat;
  api(): ApiClient;
  /** The portal's kinds, for `--only crm` and `--except`. */
  portalKinds(): Promise<EntityKind[]>;
  print(json: unknown, text: string): void;
}

const SWITCHES = ['dry-run', 'force-return', 'all-items', 'quiet', 'no-sweep'] as const;

function backupText(v: VacationOut): string {
  const b = v.backup;
  if (b.type === 'user') return b.name ? `${b.name} (${b.id})` : `user ${b.id}`;
  if (b.type === 'head')
    return b.departmentId === undefined ? 'their head' : `the head of department ${b.departmentId}`;
  if (b.type === 'role') return `the role ${b.name}`;
  return b.name ? `department ${b.name} (${b.id})` : `department ${b.id}`;
}

/** One vacation in a few lines: who, who covers, when, and where its handoff is. */
export function renderVacation(v: VacationOut, time: TimeFormat): string {
  const who = v.employee.name ? `${v.employee.name} (${v.employee.id})` : `user ${v.employee.id}`;
  const state = v.state === 'cancelled' ? ' — cancelled' : '';
  return (
    `Vacation ${v.externalId}${state}: ${who}, covered by ${backupText(v)}\n` +
    `  ${time.full(v.start)} → ${time.full(v.end)}${v.kinds === null ? '' : ` (${v.kinds.join(', ')})`}\n` +
    `  ${v.handoff.id} ${v.handoff.status}\n`
  );
}

const OUTCOME_TEXT: Record<VacationChangeOut['outcome'], string> = {
  moved: 'moved',
  unchanged: 'unchanged (the same dates)',
  cancelled: 'cancelled before it started',
  returning: 'ended: everything is coming back now',
  ended: 'already over',
};

/** What a change did; a second cancel of a cancelled vacation says so rather than "already over". */
function outcomeText(change: VacationChangeOut): string {
  if (change.outcome === 'ended' && change.vacation.state === 'cancelled') return 'already cancelled';
  return OUTCOME_TEXT[change.outcome];
}

async function externalIdOf(run: VacationRun, word: string | undefined, command: string): Promise<string> {
  if (word === undefined) throw new CliUsageError(`vacation ${command}: expected a vacation id or its H-n.`);
  const no = parseHandoffNo(word);
  if (no === null) return word;
  const list = await run.api().get<VacationListOut>(`/api/v1/vacations?handoff=H-${no}`);
  const found = list.vacations[0];
  if (found === undefined) {
    const message = `H-${no} is not a vacation here (no vacation covers it).`;
    throw new CliApiError(404, 'unknown_vacation', message, { error: { code: 'unknown_vacation', message } });
  }
  return found.externalId;
}

const path = (externalId: string) => `/api/v1/vacations/${encodeURIComponent(externalId)}`;

async function create(run: VacationRun): Promise<void> {
  const { flags } = run;
  if (flags.backup === undefined) throw new CliUsageError('vacation: --backup <who> is required.');
  if (flags.until === undefined) throw new CliUsageError('vacation: --until <when> is required (the return).');
  const stray = SWITCHES.find((s) => flags[s] !== undefined);
  if (stray !== undefined) {
    throw new CliUsageError(`vacation takes no --${stray}; use "handoff start --until …" for a plain handoff.`);
  }
  const needsKinds = flags.except !== undefined || /(^|,)\s*crm\s*(,|$)/i.test(flags.only ?? '');
  // `--backup role:<name>`: a named role of the tenant, resolved by the server.
  const role = /^role:(.+)$/i.exec(flags.backup.trim())?.[1];
  const to = role === undefined ? flags.backup : 'head';
  const plan = toPlanInput({ ...flags, to }, needsKinds ? await run.portalKinds() : [], run.timeZone);
  const externalId = flags.id ?? flags['idempotency-key'] ?? `cli-${randomBytes(6).toString('hex')}`;
  const body = {
    externalId,
    employee: plan.from,
    backup: role === undefined ? plan.to : { type: 'role', name: role },
    ...(plan.start === undefined ? {} : { start: plan.start }),
    end: plan.returnAt,
    ...(plan.kinds === undefined ? {} : { kinds: plan.kinds }),
  };
  const vacation = await run.api().post<VacationOut>('/api/v1/vacations', body);
  run.print(vacation, renderVacation(vacation, run.time));
}

async function move(run: VacationRun): Promise<void> {
  const externalId = await externalIdOf(run, run.args[1], 'move');
  const { starting, until } = run.flags;
  if (starting === undefined && until === undefined) {
    throw new CliUsageError('vacation move: give --starting <when>, --until <when> or both.');
  }
  const body = {
    ...(starting === undefined ? {} : { start: parseWhenFlag(starting, run.timeZone) }),
    ...(until === undefined ? {} : { end: parseWhenFlag(until, run.timeZone) }),
  };
  const change = await run.api().put<VacationChangeOut>(path(externalId), body);
  run.print(change, `${outcomeText(change)}.\n${renderVacation(change.vacation, run.time)}`);
}

async function cancel(run: VacationRun): Promise<void> {
  const externalId = await externalIdOf(run, run.args[1], 'cancel');
  const change = await run.api().delete<VacationChangeOut>(path(externalId));
  run.print(change, `${outcomeText(change)}.\n${renderVacation(change.vacation, run.time)}`);
}

export async function runVacationCommand(run: VacationRun): Promise<void> {
  const sub = run.args[0];
  switch (sub) {
    case undefined:
      return create(run);
    case 'move':
      return move(run);
    case 'cancel':
      return cancel(run);
    case 'show': {
      const vacation = await run.api().get<VacationOut>(path(await externalIdOf(run, run.args[1], 'show')));
      return run.print(vacation, renderVacation(vacation, run.time));
    }
    case 'list': {
      const params = new URLSearchParams();
      if (run.flags.status !== undefined) params.set('state', run.flags.status);
      if (run.flags.limit !== undefined) params.set('limit', run.flags.limit);
      const q = params.size === 0 ? '' : `?${params.toString()}`;
      const list = await run.api().get<VacationListOut>(`/api/v1/vacations${q}`);
      const text =
        list.vacations.length === 0
          ? 'No vacations yet.\n'
          : list.vacations.map((v) => renderVacation(v, run.time)).join('');
      return run.print(list, text);
    }
    default:
      throw new CliUsageError(`vacation: unknown subcommand "${sub}" (move, cancel, show, list, or none to create).`);
  }
}
