/**
 * CLI flags → the plan JSON the REST API takes, with the chat grammar's words: `--to head`, `--to dept:7`,
 * `--until "next monday 9am" --tz Europe/Kyiv`, `--only deals,tasks`, `--except tasks`, `--dry-run`, `--quiet`.
 * @module
 */
import { type EntityKind, isEntityKind, moduleOf } from '../../engine/kinds.js';
import type { PersonInput, PlanInput, TargetInput, WhenInput } from '../api/schemas.js';

/** A problem with the command line itself (exit code 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface PlanFlags {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly target?: readonly string[] | undefined;
  readonly only?: string | undefined;
  readonly except?: string | undefined;
  readonly until?: string | undefined;
  readonly starting?: string | undefined;
  readonly tz?: string | undefined;
  readonly 'dry-run'?: boolean | undefined;
  readonly 'force-return'?: boolean | undefined;
  readonly 'all-items'?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  readonly 'no-sweep'?: boolean | undefined;
}

/** `12` → by id, `anna@acme.com` → by e-mail. */
export function parsePerson(text: string, flag: string): PersonInput {
  const value = text.trim();
  if (/^\d{1,9}$/.test(value) && Number(value) > 0) return { id: Number(value) };
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return { email: value };
  throw new CliUsageError(`${flag}: expected a portal user id (12) or an e-mail (anna@acme.com), got "${text}".`);
}

/** `34`, `anna@acme.com`, `head`, `head:5`, `dept:7` (or `department:7`). */
export function parseTarget(text: string, flag: string): TargetInput {
  const value = text.trim().toLowerCase();
  if (value === 'head') return { type: 'head' };
  const head = /^head:(\d{1,9})$/.exec(value);
  if (head?.[1]) return { type: 'head', departmentId: Number(head[1]) };
  const dept = /^(?:dept|department):(\d{1,9})$/.exec(value);
  if (dept?.[1]) return { type: 'department', id: Number(dept[1]) };
  try {
    return { type: 'user', ...parsePerson(text, flag) };
  } catch {
    throw new CliUsageError(
      `${flag}: expected a user id (34), an e-mail, "head", "head:<departmentId>" or "dept:<departmentId>", got "${text}".`,
    );
  }
}

/** An ISO instant with a zone goes as it is; anything else is a phrase read in `tz` (the machine's zone by default). */
export function parseWhenFlag(text: string, timeZone: string): WhenInput {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return value.toUpperCase();
  return { phrase: value, timeZone };
}

/** Kind words: entity kinds, or the module groups `crm` and `tasks` expanded against the portal's kinds. */
export function parseKindList(text: string, flag: string, portalKinds: readonly EntityKind[]): EntityKind[] {
  const words = text
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
  if (words.length === 0) throw new CliUsageError(`${flag}: expected kinds such as deals,tasks.`);
  const kinds = new Set<EntityKind>();
  for (const word of words) {
    if (word === 'crm') {
      for (const kind of portalKinds) if (moduleOf(kind) === 'crm') kinds.add(kind);
    } else if (isEntityKind(word)) {
      kinds.add(word);
    } else {
      throw new CliUsageError(
        `${flag}: "${word}" is not a kind (tasks, activities, leads, deals, contacts, companies, quotes, invoices, spa:<id>, crm).`,
      );
    }
  }
  return [...kinds];
}

/** True when building the plan needs the portal's kinds (a module word or --except). */
export function needsPortalKinds(flags: PlanFlags): boolean {
  return flags.except !== undefined || /(^|,)\s*crm\s*(,|$)/i.test(flags.only ?? '');
}

/**
 * Builds the plan body from flags; throws CliUsageError naming the flag.
 * @example toPlanInput({ from: '12', to: '34', until: 'next monday 9am', tz: 'Europe/Kyiv' }, [], 'UTC')
 */
export function toPlanInput(flags: PlanFlags, portalKinds: readonly EntityKind[], defaultZone: string): PlanInput {
  if (flags.from === undefined) throw new CliUsageError('--from is required: whose work moves (a user id or e-mail).');
  if (flags.to === undefined) throw new CliUsageError('--to is required: who receives it (a user, head or dept:<id>).');
  if (flags.only !== undefined && flags.except !== undefined) {
    throw new CliUsageError('--only and --except exclude each other; use one.');
  }
  if (flags['force-return'] && flags.until === undefined) {
    throw new CliUsageError('--force-return needs --until: a permanent handoff never returns.');
  }
  const timeZone = flags.tz ?? defaultZone;
  const targets: Record<string, TargetInput> = {};
  for (const spec of flags.target ?? []) {
    const match = /^([a-z]+(?::\d+)?)=(.+)$/i.exec(spec.trim());
    if (!match?.[1] || !match[2] || !isEntityKind(match[1].toLowerCase())) {
      throw new CliUsageError(`--target: expected <kind>=<target>, e.g. tasks=56, got "${spec}".`);
    }
    targets[match[1].toLowerCase()] = parseTarget(match[2], `--target ${match[1]}`);
  }
  let kinds: EntityKind[] | undefined;
  if (flags.only !== undefined) kinds = parseKindList(flags.only, '--only', portalKinds);
  if (flags.except !== undefined) {
    const left = new Set(parseKindList(flags.except, '--except', portalKinds));
    kinds = portalKinds.filter((k) => !left.has(k));
    if (kinds.length === 0) throw new CliUsageError('--except leaves no kinds to move.');
  }
  return {
    from: parsePerson(flags.from, '--from'),
    to: parseTarget(flags.to, '--to'),
    ...(Object.keys(targets).length === 0 ? {} : { targets }),
    ...(kinds === undefined ? {} : { kinds }),
    ...(flags.starting === undefined ? {} : { start: parseWhenFlag(flags.starting, timeZone) }),
    ...(flags.until === undefined ? {} : { returnAt: parseWhenFlag(flags.until, timeZone) }),
    ...(flags['all-items'] ? { allItems: true } : {}),
    ...(flags['dry-run'] ? { dryRun: true } : {}),
    ...(flags['force-return'] ? { forceReturn: true } : {}),
    ...(flags.quiet ? { notify: false } : {}),
    ...(flags['no-sweep'] ? { sweep: false } : {}),
  };
}
