/**
 * The `handoff` CLI as a function: argv and injected io (fetch, stdout, stderr, env) in, an exit code out
 * (0 ok, 1 the API refused or failed, 2 bad usage). main.ts wires it to the process; tests call it in-process.
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { formatHandoffNo, parseHandoffNo, TenantId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import { isEntityKind } from '../../engine/kinds.js';
import { HANDOFF_STATUSES, ITEM_STATUSES } from '../../engine/model.js';
import type { DepartmentListOut, PeopleListOut } from '../api/directory-schemas.js';
import type { HandoffListOut, HandoffOut, ItemPageOut, KindListOut, PreviewOut } from '../api/response-schemas.js';
import { type ApiClient, CliApiError, createApiClient } from './api-client.js';
import type { KeyDatabase, OpenApiKeyCreator } from './api-key-command.js';
import { closestFlag, flagProblem } from './flag-names.js';
import { runHrCommand } from './hr-command.js';
import { namesIn } from './people-text.js';
import { CliUsageError, needsPortalKinds, toPlanInput } from './plan-flags.js';
import { isAwaited, isMoving, type TextSink, type WatchPhase, watchHandoff } from './progress.js';
import { renderHandoff, renderHistory, renderItems, renderPreview } from './render.js';
import { renderDepartments, renderPeople } from './render-directory.js';
import { runRolesCommand } from './roles-command.js';
import { renderChat, type SandboxChatAnswer } from './sandbox-chat.js';
import { sandboxRobotBody } from './sandbox-robot.js';
import { type OpenTenantAdmin, renderTenants } from './tenant-admin.js';
import { createTimeFormat, isTimeZone, type TimeFormat } from './time-format.js';
import { USAGE } from './usage.js';
import { runVacationCommand } from './vacation-command.js';
import { runWebhookCommand } from './webhook-command.js';

export interface CliIo {
  readonly fetch: typeof fetch;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** HANDOFF_URL, HANDOFF_API_KEY, DATABASE_PATH, MONGODB_URL: the CLI's own settings (it is a separate program from the server). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Opens the key store for `api-key create`; main.ts passes the SQLite one. */
  readonly openApiKeys?: OpenApiKeyCreator;
  /** Opens the tenants for `tenants` and the check of `api-key create` (main.ts passes the database one). */
  readonly openTenants?: OpenTenantAdmin;
  /** Waits between progress polls (tests pass a fast one). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly pollIntervalMs?: number;
  /** IANA zone phrases are read in, and instants shown in, without --tz (default: this machine's). */
  readonly timeZone?: string;
}

const DEFAULT_URL = 'http://127.0.0.1:3000';
const DEFAULT_DATABASE_PATH = './data/handoff.db';

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  from: { type: 'string' },
  to: { type: 'string' },
  backup: { type: 'string' },
  target: { type: 'string', multiple: true },
  only: { type: 'string' },
  except: { type: 'string' },
  until: { type: 'string' },
  starting: { type: 'string' },
  tz: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'force-return': { type: 'boolean' },
  'all-items': { type: 'boolean' },
  quiet: { type: 'boolean' },
  'no-sweep': { type: 'boolean' },
  'idempotency-key': { type: 'string' },
  status: { type: 'string' },
  kind: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  force: { type: 'boolean' },
  tenant: { type: 'string' },
  name: { type: 'string' },
  team: { type: 'string' },
  as: { type: 'string' },
  press: { type: 'string' },
  sandbox: { type: 'string' },
  deal: { type: 'string' },
  lead: { type: 'string' },
  role: { type: 'string' },
  with: { type: 'string' },
  id: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

const GLOBAL_FLAGS = ['url', 'key', 'json', 'watch', 'help', 'tz'];
const PLAN_FLAGS = ['from', 'to', 'target', 'only', 'except', 'until', 'starting'];
const PLAN_SWITCHES = ['dry-run', 'force-return', 'all-items', 'quiet', 'no-sweep'];

/** Flags each command takes besides the global ones. */
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  preview: [...PLAN_FLAGS, ...PLAN_SWITCHES],
  start: [...PLAN_FLAGS, ...PLAN_SWITCHES, 'idempotency-key'],
  vacation: [
    ...PLAN_FLAGS.filter((f) => f !== 'to' && f !== 'target'),
    'backup',
    ...PLAN_SWITCHES,
    'idempotency-key',
    'id',
    'status',
    'limit',
  ],
  status: [],
  history: ['status', 'limit'],
  items: ['status', 'kind', 'limit', 'all'],
  cancel: [],
  retry: [],
  return: ['force'],
  undo: ['force'],
  kinds: [],
  people: ['all'],
  departments: [],
  'api-key': ['tenant', 'name'],
  hr: [],
  webhooks: ['only'],
  tenants: ['tenant', 'team'],
  'sandbox-chat': ['as', 'press', 'sandbox'],
  'sandbox-robot': ['deal', 'lead', 'role', 'to', 'with', 'sandbox'],
  roles: [],
  help: [],
};

interface Run {
  readonly io: CliIo;
  readonly flags: Flags;
  readonly args: readonly string[];
  readonly api: () => ApiClient;
  readonly watch: boolean;
  /** The reader's zone (--tz, else the machine's): phrases are read and instants shown in it. */
  readonly timeZone: string;
  readonly time: TimeFormat;
  print(json: unknown, text: string): void;
}

function handoffArg(args: readonly string[], command: string): string {
  const no = args[0] === undefined ? null : parseHandoffNo(args[0]);
  if (no === null) throw new CliUsageError(`${command}: expected a handoff such as H-3.`);
  return formatHandoffNo(no);
}

function limitOf(flags: Flags, max: number): string | undefined {
  if (flags.limit === undefined) return undefined;
  const n = Number(flags.limit);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliUsageError(`--limit: expected 1 to ${max}.`);
  return String(n);
}

function queryString(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

async function planBody(run: Run) {
  let kinds: EntityKind[] = [];
  if (needsPortalKinds(run.flags)) {
    const list = await run.api().get<KindListOut>('/api/v1/kinds');
    kinds = list.kinds.map((k) => k.kind).filter(isEntityKind);
  }
  return toPlanInput(run.flags, kinds, run.timeZone);
}

async function showFinal(run: Run, view: HandoffOut, phase?: WatchPhase): Promise<void> {
  let last = view;
  if (run.watch && (phase === undefined ? isMoving(view) : isAwaited(view, phase, false))) {
    last = await watchHandoff(view, {
      ...(phase === undefined ? {} : { phase }),
      client: run.api(),
      stderr: run.io.stderr,
      sleep: run.io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      intervalMs: run.io.pollIntervalMs ?? 1000,
    });
  }
  run.print(last, renderHandoff(last, run.time));
}

/** `--status running,completd`: each word must be a status; a slip is named in flag words with the close one. */
function checkStatuses(value: string | undefined, known: readonly string[], command: string): void {
  if (value === undefined) return;
  for (const word of value.split(',').map((w) => w.trim())) {
    if (known.includes(word)) continue;
    const near = closestFlag(word, known);
    throw new CliUsageError(
      `${command} --status: "${word}" is not a status${near === null ? '' : `. Did you mean ${near}?`} (${known.join(', ')}).`,
    );
  }
}

const COMMANDS: Record<string, (run: Run) => Promise<void>> = {
  preview: async (run) => {
    const preview = await run.api().post<PreviewOut>('/api/v1/handoffs/preview', await planBody(run));
    run.print(preview, renderPreview(preview, run.time));
  },
  start: async (run) => {
    const body = await planBody(run);
    const key = run.flags['idempotency-key'];
    const view = await run.api().post<HandoffOut>('/api/v1/handoffs', body, key ? { 'idempotency-key': key } : {});
    // The one-line result goes to stdout, in order with the status that follows; only progress goes to stderr.
    const later = view.status === 'scheduled' && view.startAt !== null ? view.startAt : null;
    const result = later === null ? 'started' : `scheduled for ${run.time.full(later)}`;
    if (!run.flags.json) run.io.stdout.write(`${view.id} ${result}.\n`);
    await showFinal(run, view, 'transfer');
  },
  status: async (run) => {
    let view: HandoffOut | undefined;
    if (run.args.length === 0) {
      view = (await run.api().get<HandoffListOut>('/api/v1/handoffs?limit=1')).handoffs[0];
      if (view === undefined) return run.print(null, 'No handoffs yet.\n');
    } else {
      view = await run.api().get<HandoffOut>(`/api/v1/handoffs/${handoffArg(run.args, 'status')}`);
    }
    await showFinal(run, view);
  },
  history: async (run) => {
    checkStatuses(run.flags.status, HANDOFF_STATUSES, 'history');
    const q = queryString({ status: run.flags.status, limit: limitOf(run.flags, 200) });
    const list = await run.api().get<HandoffListOut>(`/api/v1/handoffs${q}`);
    run.print(list, renderHistory(list.handoffs, run.time));
  },
  items: async (run) => {
    const id = handoffArg(run.args, 'items');
    checkStatuses(run.flags.status, ITEM_STATUSES, 'items');
    const kind = run.flags.kind?.trim().toLowerCase();
    if (kind !== undefined && !isEntityKind(kind))
      throw new CliUsageError(
        `items --kind: "${kind}" is not a kind (tasks, activities, leads, deals, contacts, companies, quotes, invoices, spa:<id>).`,
      );
    const base = { status: run.flags.status, kind: run.flags.kind, limit: limitOf(run.flags, 500) };
    const all: ItemPageOut['items'] = [];
    let cursor: string | undefined;
    let page: ItemPageOut;
    do {
      page = await run.api().get<ItemPageOut>(`/api/v1/handoffs/${id}/items${queryString({ ...base, cursor })}`);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (run.flags.all && cursor !== undefined);
    const out: ItemPageOut = { items: all, nextCursor: run.flags.all ? null : page.nextCursor };
    if (run.flags.json) return run.print(out, '');
    // Items carry owner ids; the handoff's read-back names the people (one more request, text output only).
    const names = namesIn(await run.api().get<HandoffOut>(`/api/v1/handoffs/${id}`));
    const more = out.nextCursor === null ? '' : `… more: handoff items ${id} --all\n`;
    run.print(out, renderItems(all, names) + more);
  },
  kinds: async (run) => {
    const list = await run.api().get<KindListOut>('/api/v1/kinds');
    run.print(list, `${list.kinds.map((k) => `${k.kind.padEnd(12)} ${k.label}`).join('\n')}\n`);
  },
  people: async (run) => {
    const name = run.args.join(' ').trim();
    const query = name === '' ? undefined : name;
    const list = await run
      .api()
      .get<PeopleListOut>(`/api/v1/people${queryString({ query, active: run.flags.all ? 'all' : undefined })}`);
    run.print(list, renderPeople(list, query));
  },
  departments: async (run) => {
    const list = await run.api().get<DepartmentListOut>('/api/v1/departments');
    run.print(list, renderDepartments(list));
  },
  'api-key': async (run) => {
    if (run.args[0] !== 'create') throw new CliUsageError('api-key: the only subcommand is "create".');
    const tenant = TenantId.safeParse(run.flags.tenant ?? '');
    if (!tenant.success) throw new CliUsageError('api-key create: --tenant <id> is required.');
    const name = run.flags.name ?? 'default';
    if (run.io.openApiKeys === undefined) throw new CliUsageError('api-key create is not available in this build.');
    const database = databaseOf(run);
    if (run.io.openTenants !== undefined) {
      const tenants = await run.io.openTenants(database);
      try {
        if (!(await tenants.exists(tenant.data)))
          throw new CliUsageError(
            `api-key create: there is no tenant "${tenant.data}". "handoff tenants" lists them (the server creates "default" at its first start; a portal's tenant appears when it installs the app).`,
          );
      } finally {
        await tenants.close();
      }
    }
    const { store, close } = await run.io.openApiKeys(database);
    try {
      const { key } = await store.createApiKey(tenant.data, name);
      run.io.stderr.write(`API key "${name}" for tenant ${tenant.data} (shown once; store it now):\n`);
      run.print({ tenantId: tenant.data, name, key }, `${key}\n`);
    } finally {
      await close();
    }
  },
};

/**
 * `tenants`: every tenant with its portal, app and Slack team; `tenants bind-slack --tenant <id> --team <T…>` binds
 * a Slack workspace to a portal's tenant (its /handoff then works on that portal); `tenants unbind-slack --tenant`.
 */
COMMANDS.tenants = async (run) => {
  if (run.io.openTenants === undefined) throw new CliUsageError('tenants is not available in this build.');
  const sub = run.args[0] ?? 'list';
  if (!['list', 'bind-slack', 'unbind-slack', 'release-portal'].includes(sub))
    throw new CliUsageError('tenants: subcommands are "list", "bind-slack", "unbind-slack" and "release-portal".');
  const tenantId = run.flags.tenant;
  const team = run.flags.team?.trim();
  if (sub !== 'list' && !tenantId) throw new CliUsageError(`tenants ${sub}: --tenant <id> is required.`);
  if (sub === 'bind-slack' && !(team && /^[TE][A-Z0-9]{2,}$/.test(team)))
    throw new CliUsageError('tenants bind-slack: --team <Slack team id, e.g. T0123ABCD> is required.');
  const admin = await run.io.openTenants(databaseOf(run));
  try {
    if (sub === 'list') {
      const rows = await admin.list();
      run.print({ tenants: rows }, renderTenants(rows));
      return;
    }
    if (sub === 'release-portal') {
      if (!(await admin.releasePortal(tenantId as string)))
        throw new CliUsageError(
          `tenants release-portal: there is no tenant "${tenantId}". "handoff tenants" lists them.`,
        );
      run.print(
        { tenantId, portal: null },
        `Tenant ${tenantId} has no portal now (tokens and app record forgotten; its handoffs stay).\n`,
      );
      return;
    }
    const outcome = await admin.bindSlack(tenantId as string, sub === 'bind-slack' ? (team as string) : null);
    if (outcome === 'unknown_tenant')
      throw new CliUsageError(`tenants ${sub}: there is no tenant "${tenantId}". "handoff tenants" lists them.`);
    if (outcome === 'team_taken')
      throw new CliUsageError(
        `tenants bind-slack: Slack team ${team} is bound to another tenant; unbind it there first.`,
      );
    const text =
      sub === 'bind-slack'
        ? `Slack team ${team} now works on tenant ${tenantId}.\n`
        : `Tenant ${tenantId} has no Slack team now.\n`;
    run.print({ tenantId, slackTeamId: sub === 'bind-slack' ? team : null }, text);
  } finally {
    await admin.close();
  }
};

/** `sandbox-robot --deal 12 --role paralegal`: the robot runs on a deal of the demo's sandbox portal. */
COMMANDS['sandbox-robot'] = async (run) => {
  const base = (run.flags.sandbox ?? run.io.env.HANDOFF_SANDBOX_URL ?? '').replace(/\/+$/, '');
  if (base === '')
    throw new CliUsageError('sandbox-robot: set HANDOFF_SANDBOX_URL (npm run demo prints it) or pass --sandbox <url>.');
  const body = sandboxRobotBody(run.flags);
  const response = await run.io
    .fetch(`${base}/sandbox/robot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    .catch(() => {
      throw new CliUsageError(`sandbox-robot: no sandbox answers at ${base} (is "npm run demo" running?).`);
    });
  const answer = (await response.json().catch(() => ({}))) as {
    error?: string;
    status?: number;
    outcome?: 'pending' | 'succeeded' | 'failed';
    event?: { logMessage: string | null; returnValues?: { summary?: unknown } } | null;
  };
  if (!response.ok || answer.error !== undefined)
    throw new CliApiError(
      response.status,
      'sandbox',
      answer.error ?? `the sandbox answered ${response.status}`,
      answer,
    );
  const line =
    answer.event?.logMessage ??
    (typeof answer.event?.returnValues?.summary === 'string' ? answer.event.returnValues.summary : null) ??
    (answer.event ? '(finished; no log message: save history is off)' : null);
  // The robot's handoff did not do its work (refused, failed, cancelled, items failed): the line on stderr, exit 1.
  if (answer.outcome === 'failed') {
    throw new CliApiError(
      response.status,
      'robot_failed',
      line ?? `The app answered ${answer.status}; the robot did not run.`,
      answer,
    );
  }
  run.print(
    answer,
    line === null ? `The app answered ${answer.status}; no result reached the workflow yet.\n` : `${line}\n`,
  );
};

/** `sandbox-chat --as 1 "<text>"`, `--press 12:Start`, or no text to read the dialog (the demo's sandbox only). */
COMMANDS['sandbox-chat'] = async (run) => {
  const base = (run.flags.sandbox ?? run.io.env.HANDOFF_SANDBOX_URL ?? '').replace(/\/+$/, '');
  if (base === '')
    throw new CliUsageError('sandbox-chat: set HANDOFF_SANDBOX_URL (npm run demo prints it) or pass --sandbox <url>.');
  const as = Number(run.flags.as);
  if (!Number.isInteger(as) || as <= 0) throw new CliUsageError('sandbox-chat: --as <portal user id> is required.');
  const text = run.args.join(' ').trim();
  let request: Promise<Response>;
  if (run.flags.press !== undefined) {
    const match = /^(\d+):(.+)$/.exec(run.flags.press);
    if (!match) throw new CliUsageError('sandbox-chat: --press takes <message id>:<button text>, e.g. 12:Start.');
    request = run.io.fetch(`${base}/sandbox/press`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as, message: Number(match[1]), button: match[2] }),
    });
  } else if (text !== '') {
    request = run.io.fetch(`${base}/sandbox/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as, text }),
    });
  } else {
    request = run.io.fetch(`${base}/sandbox/chat?as=${as}`);
  }
  const response = await request.catch(() => {
    throw new CliUsageError(`sandbox-chat: no sandbox answers at ${base} (is "npm run demo" running?).`);
  });
  const answer = (await response.json().catch(() => ({}))) as SandboxChatAnswer;
  if (!response.ok || answer.error !== undefined)
    throw new CliApiError(
      response.status,
      'sandbox',
      answer.error ?? `the sandbox answered ${response.status}`,
      answer,
    );
  run.print(answer, renderChat(answer, as));
};

function databaseOf(run: Run): KeyDatabase {
  const mongoUrl = run.io.env.MONGODB_URL?.trim();
  return mongoUrl
    ? { kind: 'mongo', url: mongoUrl }
    : { kind: 'sqlite', path: run.io.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH };
}

/** `vacation --from 12 --backup 34 --starting "dec 20" --until "jan 5"`, and `vacation move|cancel|show|list`. */
COMMANDS.vacation = (run) =>
  runVacationCommand({
    ...run,
    portalKinds: async () =>
      (await run.api().get<KindListOut>('/api/v1/kinds')).kinds.map((k) => k.kind).filter(isEntityKind),
  });

/** `hr [list] | hr add <who> | hr remove <who>`: who may hand off anyone's work. */
COMMANDS.hr = (run) => runHrCommand(run);

/** `webhooks [list] | add <url> [--only …] | remove <id> | deliveries <id>`: signed outgoing webhooks. */
COMMANDS.webhooks = (run) => runWebhookCommand({ ...run, stderr: run.io.stderr });
COMMANDS.roles = (run) => runRolesCommand(run);

/** The one-line result of an action whose job runs after the answer. */
const ACTION_BEGUN = {
  cancel: 'stops after the current batch',
  retry: 'the failed items run again',
  return: 'the return has begun',
  undo: 'the undo has begun',
} as const;

for (const action of ['cancel', 'retry', 'return', 'undo'] as const) {
  COMMANDS[action] = async (run) => {
    const id = handoffArg(run.args, action);
    // `return H-3 force` as in the chat grammar, or --force.
    const force = run.flags.force === true || run.args[1]?.toLowerCase() === 'force';
    const body = action === 'return' || action === 'undo' ? { force } : {};
    const view = await run.api().post<HandoffOut>(`/api/v1/handoffs/${id}/${action}`, body);
    const phase: WatchPhase | undefined = action === 'cancel' ? undefined : action === 'retry' ? 'transfer' : 'return';
    // Not watching (stdout is no terminal) and the job has only been asked for: the status that follows still reads
    // as before (return_scheduled, failed), so say in one line what was done, as `start` does.
    const asked = phase === undefined ? isMoving(view) : isAwaited(view, phase, false);
    if (!run.watch && !run.flags.json && asked)
      run.io.stdout.write(`${view.id}: ${ACTION_BEGUN[action]}; \`handoff status ${view.id}\` follows it.\n`);
    await showFinal(run, view, phase);
  };
}

/**
 * Runs one `handoff …` command line and answers its exit code. Never throws.
 * @example await runCli(['status', 'H-3'], { fetch, stdout: process.stdout, stderr: process.stderr, env: process.env })
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let flags: Flags;
  let positionals: string[];
  const guessed = argv.find((token) => !token.startsWith('-')) ?? 'help';
  const slip = flagProblem(argv, OPTIONS, COMMAND_FLAGS[guessed] ?? []);
  if (slip !== null) {
    io.stderr.write(`${slip}\nRun "handoff help" for usage.\n`);
    return 2;
  }
  try {
    ({ values: flags, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    io.stderr.write(`${err instanceof Error ? err.message : String(err)}\nRun "handoff help" for usage.\n`);
    return 2;
  }
  const [command = 'help', ...args] = positionals;
  if (command === 'help' || flags.help) {
    io.stdout.write(USAGE);
    return COMMANDS[command] !== undefined || command === 'help' ? 0 : 2;
  }
  const handler = COMMANDS[command];
  const timeZone = flags.tz ?? io.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const allowed = new Set([...GLOBAL_FLAGS, ...(COMMAND_FLAGS[command] ?? [])]);
  const stray = Object.keys(flags).find((flag) => !allowed.has(flag));
  try {
    if (handler === undefined) {
      const near = closestFlag(command, Object.keys(COMMANDS));
      throw new CliUsageError(`Unknown command "${command}".${near === null ? '' : ` Did you mean ${near}?`}`);
    }
    if (stray !== undefined) {
      const close = closestFlag(stray, [...allowed]);
      throw new CliUsageError(`${command} takes no --${stray}.${close === null ? '' : ` Did you mean --${close}?`}`);
    }
    if (!isTimeZone(timeZone))
      throw new CliUsageError(`--tz: "${timeZone}" is not a time zone (e.g. Europe/Kyiv, UTC).`);
    let client: ApiClient | undefined;
    const run: Run = {
      io,
      flags,
      args,
      watch: flags.watch === true || (io.stdout.isTTY === true && flags.json !== true),
      timeZone,
      time: createTimeFormat(timeZone),
      api: () => {
        const key = flags.key ?? io.env.HANDOFF_API_KEY;
        if (!key) throw new CliUsageError('No API key: pass --key or set HANDOFF_API_KEY.');
        client ??= createApiClient({ url: flags.url ?? io.env.HANDOFF_URL ?? DEFAULT_URL, key, fetch: io.fetch });
        return client;
      },
      print: (json, text) => io.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : text),
    };
    await handler(run);
    return 0;
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr.write(`${err.message}\nRun "handoff help" for usage.\n`);
      return 2;
    }
    if (err instanceof CliApiError) {
      // Scripts get the code in --json; people read only the sentence (codes are for scripts and logs).
      if (flags.json) io.stdout.write(`${JSON.stringify(jsonErrorOf(err), null, 2)}\n`);
      const handoff = (err.body as { error?: { handoff?: unknown } } | null)?.error?.handoff;
      // The H-n in the way, unless the sentence names it already (most do).
      const named =
        typeof handoff === 'string' && !new RegExp(`\\b${handoff.replace(/\W/g, '\\$&')}\\b`).test(err.message);
      io.stderr.write(`${err.message}${named ? ` [${handoff}]` : ''}\n`);
      io.stderr.write(headChoices(err.body));
      io.stderr.write(backupChoice(err.body));
      return 1;
    }
    io.stderr.write(`Unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** The error as --json prints it: the API's body, which names the code; else the code and sentence beside the body. */
function jsonErrorOf(err: CliApiError): unknown {
  const body = err.body as { error?: { code?: unknown } } | null | undefined;
  if (typeof body?.error?.code === 'string') return body;
  const rest = body !== null && typeof body === 'object' ? body : {};
  return { ...rest, error: { code: err.code, message: err.message } };
}

/** For `receiver_away`: how to hand the same work to the absent receiver's backup instead. */
function backupChoice(body: unknown): string {
  const backup = (body as { error?: { backup?: { id?: unknown; name?: unknown } } } | null)?.error?.backup;
  if (!backup || typeof backup.id !== 'number') return '';
  return `Hand to the backup instead: the same command with --to ${backup.id}   (${String(backup.name)})\n`;
}

/** For `ambiguous_head`: how to name each head on the command line. */
function headChoices(body: unknown): string {
  const heads = (body as { error?: { heads?: unknown } } | null)?.error?.heads;
  if (!Array.isArray(heads) || heads.length === 0) return '';
  const lines = heads.map(
    (h: { departmentId?: unknown; departmentName?: unknown; name?: unknown; userId?: unknown }) =>
      `  --to head:${String(h.departmentId)}   ${String(h.name)} (${String(h.userId)}), head via ${String(h.departmentName)}`,
  );
  return `Choose one:\n${lines.join('\n')}\n`;
}
