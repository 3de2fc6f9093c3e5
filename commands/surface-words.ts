/**
 * How each surface names what a person can do next: the chat grammar's words (`until`, `cancel H-3`), the CLI's
 * flags and commands (`--until`, `handoff cancel H-3`), or the REST API's JSON fields and routes (`returnAt`,
 * `POST /api/v1/handoffs/H-3/cancel`), or the web console's labels and buttons (“Return on”, Cancel on H-3's row in
 * Job History). commands/messages.ts builds every sentence from these, so an error read in
 * one surface never tells the reader to type another surface's words.
 * @module
 */

/** Where a sentence will be read. */
export type Surface = 'chat' | 'cli' | 'api' | 'console';

export interface SurfaceWords {
  /** A plan field (`start`, `returnAt`, `kinds`, `targets.tasks`, `from`, `to`) as this surface writes it. */
  field(field: string): string;
  /** How to give a return date, with an example. */
  readonly untilExample: string;
  /** How to include closed items. */
  readonly allItems: string;
  /** How to name a receiver instead of the head. */
  readonly toSomeone: string;
  /** How to name a department by id. */
  readonly toDepartment: string;
  /** How to look people or departments up. */
  readonly findPeople: string;
  readonly findDepartments: string;
  /** Where the commands are listed. */
  readonly help: string;
  readonly history: string;
  status(handoff: string): string;
  cancel(handoff: string): string;
  undo(handoff: string): string;
  /** How to define a named role (for the robot). */
  readonly defineRole: string;
  /** How to give the speaker's time zone. */
  readonly timeZone: string;
}

const CHAT_FIELDS: Readonly<Record<string, string>> = {
  start: '`starting`',
  returnAt: '`until`',
  kinds: '`only`',
  from: 'the person whose work moves',
  to: 'the receiver after `to`',
};

const CLI_FIELDS: Readonly<Record<string, string>> = {
  start: '--starting',
  returnAt: '--until',
  kinds: '--only',
  from: '--from',
  to: '--to',
  allItems: '--all-items',
  dryRun: '--dry-run',
  forceReturn: '--force-return',
  notify: '--quiet',
  sweep: '--no-sweep',
};

const CONSOLE_FIELDS: Readonly<Record<string, string>> = {
  start: '“Start on”',
  returnAt: '“Return on”',
  kinds: 'the entities in Step 3',
  from: 'the current owner',
  to: 'the new owner',
};

export const SURFACE_WORDS: Readonly<Record<Surface, SurfaceWords>> = {
  chat: {
    field: (f) => CHAT_FIELDS[f] ?? (f.startsWith('targets.') ? `\`${f.slice(8)} to …\`` : `\`${f}\``),
    untilExample: '`until next Monday 9am`',
    allItems: 'Add `all-items` to include closed ones',
    toSomeone: '`to @someone`',
    toDepartment: '`to dept 7`',
    findPeople: 'mention them as you type @, or use their email',
    findDepartments: 'use the department’s id: `to dept 7`',
    help: '`help`',
    history: '`history`',
    status: (h) => `\`status ${h}\``,
    cancel: (h) => `\`cancel ${h}\``,
    undo: (h) => `\`undo ${h}\``,
    defineRole: '`role set <name> @person` (or `dept <name>`, `head <department>`)',
    timeZone: 'Set it in your profile (e.g. Europe/Kyiv)',
  },
  cli: {
    field: (f) => CLI_FIELDS[f] ?? (f.startsWith('targets.') ? `--target ${f.slice(8)}=…` : `--${f}`),
    untilExample: '`--until "next monday 9am"`',
    allItems: 'Add --all-items to include closed ones',
    toSomeone: '`--to <user id or e-mail>`',
    toDepartment: '`--to dept:<id>`',
    findPeople: '`handoff people <name>` lists ids',
    findDepartments: '`handoff departments` lists their ids',
    help: '`handoff help`',
    history: '`handoff history`',
    status: (h) => `\`handoff status ${h}\``,
    cancel: (h) => `\`handoff cancel ${h}\``,
    undo: (h) => `\`handoff undo ${h}\``,
    defineRole: '`handoff roles set <name> <12 | e-mail | dept:7 | head:7>`',
    timeZone: 'Pass --tz with an IANA zone (e.g. Europe/Kyiv)',
  },
  api: {
    field: (f) => `\`${f}\``,
    untilExample: '`"returnAt": "2027-01-05"` or `{ "phrase": "next monday 9am", "timeZone": "Europe/Kyiv" }`',
    allItems: 'Send `"allItems": true` to include closed ones',
    toSomeone: '`"to": { "type": "user", "id": … }`',
    toDepartment: '`"to": { "type": "department", "id": … }`',
    findPeople: '`GET /api/v1/people?query=` lists ids',
    findDepartments: '`GET /api/v1/departments` lists their ids',
    help: 'the OpenAPI document at `GET /api/v1/openapi.json`',
    history: '`GET /api/v1/handoffs`',
    status: (h) => `\`GET /api/v1/handoffs/${h}\``,
    cancel: (h) => `\`POST /api/v1/handoffs/${h}/cancel\``,
    undo: (h) => `\`POST /api/v1/handoffs/${h}/undo\``,
    defineRole: '`PUT /api/v1/roles/<name>`',
    timeZone: 'Use an IANA zone in `timeZone` (e.g. Europe/Kyiv)',
  },
  console: {
    field: (f) => CONSOLE_FIELDS[f] ?? (f.startsWith('targets.') ? 'the new owner' : `“${f}”`),
    untilExample: '“next monday 9am” in Return on',
    allItems: 'Tick “All items” to include closed ones',
    toSomeone: 'choose “A person” and pick the new owner',
    toDepartment: 'choose “A person” and pick the new owner',
    findPeople: 'type part of their name or e-mail in the picker to find them',
    findDepartments: 'choose “A person” and pick the new owner',
    help: 'the Transfer Setup steps',
    history: 'Job History',
    status: (h) => `${h} in Job History`,
    cancel: (h) => `Cancel on ${h}’s row in Job History`,
    undo: (h) => `Undo on ${h}’s row in Job History`,
    defineRole: 'in chat, `role set <name> @person`',
    timeZone: 'The console reads dates in your browser’s time zone',
  },
};
