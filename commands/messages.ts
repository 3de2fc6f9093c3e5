/**
 * Every sentence people read about a problem, in one place (STYLE.md §4): one function maps each engine
 * HandoffErrorCode and each input problem code to a sentence that names the problem and what to do. Sentences are
 * built only from the facts given (words the person typed, ids, H-numbers), never from stacks, tokens or URLs.
 * @module
 */
import type { HandoffErrorCode, HandoffErrorDetails } from '../engine/errors.js';
import { formatHandoffNo } from '../engine/ids.js';
import type { Problem, ProblemCode } from './problems.js';
import { SURFACE_WORDS, type Surface, type SurfaceWords } from './surface-words.js';

export type MessageCode = ProblemCode | HandoffErrorCode;

/** What a sentence may mention. */
export interface MessageFacts {
  /** The word as typed. */
  readonly word?: string;
  /** What would fit, an example, or an instant echoed back. */
  readonly expected?: string;
  /** The engine's details for a domain error. */
  readonly details?: HandoffErrorDetails;
  /** A readable name for `details.userId` (or the person concerned), when the caller knows it. */
  readonly personName?: string;
  /** Where the sentence is read; what to type next is said in that surface's words. Default `chat`. */
  readonly surface?: Surface;
}

function words(f: MessageFacts): SurfaceWords {
  return SURFACE_WORDS[f.surface ?? 'chat'];
}

/** Why a plan can't run, in words: never an internal reason code such as `beyond_horizon`. */
function planReason(f: MessageFacts): string {
  const field = f.details?.field;
  const named = field === undefined ? 'The plan' : words(f).field(field);
  switch (f.details?.reason) {
    case 'beyond_horizon':
      return `${named} is more than a year ahead. Give a date within a year.`;
    default: {
      // Codes (snake_case) are for logs; only a sentence-like reason (a schema's message) is worth echoing.
      if (f.details?.reason === undefined || /^[a-z]+(?:_[a-z]+)+$/.test(f.details.reason)) {
        return `${named} can't run as given. Check it with ${words(f).help}.`;
      }
      const reason = (f.details?.reason ?? '').replace(/[`\r\n]+/g, ' ').slice(0, 120);
      return `${named} can't be used: ${reason}. Check it with ${words(f).help}.`;
    }
  }
}

const KIND_LIST = 'deals, leads, contacts, companies, quotes, invoices, activities, tasks, crm or spa:<id>';
const DATE_EXAMPLES = '`next Monday 9am`, `in 2 weeks`, `Dec 3` or `2026-12-03`';

/** First letter up, for a sentence that starts with a surface's words (backticks stay as they are). */
function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Quotes a typed word for a sentence: short, one line, no backticks that could break formatting. */
function quote(word: string | undefined, fallback = 'That'): string {
  if (word === undefined || word.trim().length === 0) return fallback;
  const clean = word.replace(/[`\r\n\t]+/g, ' ').trim();
  return `“${clean.length > 60 ? `${clean.slice(0, 57)}…` : clean}”`;
}

function handoffRef(details: HandoffErrorDetails | undefined, fallback = 'That handoff'): string {
  return details?.handoffNo !== undefined ? formatHandoffNo(details.handoffNo) : fallback;
}

function person(facts: MessageFacts, fallback = 'That person'): string {
  if (facts.personName) return facts.personName;
  if (facts.details?.name) return facts.details.name;
  return facts.details?.userId !== undefined ? `User #${facts.details.userId}` : fallback;
}

function department(facts: MessageFacts): string {
  const id = facts.details?.departmentId;
  return id !== undefined ? `Department #${id}` : facts.word ? `Department ${quote(facts.word)}` : 'That department';
}

type Sentence = (facts: MessageFacts) => string;

/** An ISO instant as `2026-12-24 09:00 UTC`, for callers that know no time zone (the API). */
function readableInstant(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? undefined : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const HANDOFF_ERRORS: Readonly<Record<HandoffErrorCode, Sentence>> = {
  invalid_plan: planReason,
  same_person: () => 'The work would go to the person it belongs to. Pick someone else to receive it.',
  unknown_user: (f) =>
    f.surface === undefined || f.surface === 'chat'
      ? `${person(f)} isn't a user of this Bitrix24 portal. Check the mention, or link the person with \`link @user <portal user id>\`.`
      : `${person(f)} isn't a user of this Bitrix24 portal. ${capital(words(f).findPeople)}.`,
  inactive_user: (f) =>
    `${person(f)} is deactivated in Bitrix24, so they can't receive work. Pick an active colleague.`,
  unknown_department: (f) => `${department(f)} doesn't exist in Bitrix24. ${capital(words(f).findDepartments)}.`,
  unknown_role: (f) =>
    `No role ${f.details?.role ? quote(f.details.role) : 'of that name'} is defined. Define it first: ${words(f).defineRole}.`,
  empty_department: (f) =>
    `${department(f)} has no active members to share the work. Pick a person or another department.`,
  no_head: (f) =>
    f.details?.departmentId === undefined
      ? `${person(f)} has no head in Bitrix24. Name the receiver instead: ${words(f).toSomeone}.`
      : `${person(f)} has no head through ${department(f)}: it is not one of their departments, or it has no head. Pick one of their departments, or name the receiver: ${words(f).toSomeone}.`,
  ambiguous_head: (f) =>
    `${person(f)} sits in several departments, so there is more than one head. Pick one, or name the receiver: ${words(f).toSomeone}.`,
  empty_selection: (f) =>
    `There is nothing to move: no open items of the chosen kinds. ${words(f).allItems}, or choose other kinds.`,
  unknown_kind: (f) => `This portal has no ${quote(f.word, 'such')} items. Use ${KIND_LIST}.`,
  return_before_start: (f) =>
    `The return date must come after the start date. Check ${words(f).field('start')} and ${words(f).field('returnAt')}.`,
  in_the_past: (f) =>
    `${f.expected ? `${f.expected} is` : f.details?.field ? `${capital(words(f).field(f.details.field))} is` : 'That date is'} in the past. Give a future date, e.g. ${words(f).untilExample}.`,
  already_running: (f) =>
    f.details?.status === undefined
      ? // The store's refusal of a new handoff: the holder may be running or only scheduled, over an overlapping time.
        `${handoffRef(f.details, 'Another handoff')} already holds ${f.personName ? `${f.personName}'s` : "this person's"} work for an overlapping time. Choose dates outside it, or stop it first with ${words(f).cancel(handoffRef(f.details, 'H-n'))}.`
      : `${handoffRef(f.details, 'Another handoff')} already holds ${f.personName ? `${f.personName}'s` : "this person's"} work (${statusWords(f.details.status)}). Wait for it to finish, or stop it with ${words(f).cancel(handoffRef(f.details, 'H-n'))}.`,
  receiver_away: (f) => {
    const until = f.expected ?? readableInstant(f.details?.until);
    const backup = f.details?.backup?.name;
    return `${person(f)} is away${until ? ` until ${until}` : ''}${f.details?.handoffNo !== undefined ? ` (${handoffRef(f.details)})` : ''}, so they can't receive work now. ${backup ? `${backup} covers for them: hand the work to ${backup} instead.` : 'Pick someone who is here.'}`;
  },
  not_found: (f) =>
    `There is no ${handoffRef(f.details, 'such handoff')} here. ${capital(words(f).history)} lists the recent ones.`,
  wrong_status: (f) =>
    f.details?.reason === 'permanent'
      ? `${handoffRef(f.details)} is permanent: nothing comes back on its own, so there is no return to bring forward. ${capital(words(f).undo(handoffRef(f.details, 'H-n')))} gives everything it moved back.`
      : `${handoffRef(f.details)} is ${f.details?.status ? statusWords(f.details.status) : 'in another state'}, so that can't be done now. ${capital(words(f).status(handoffRef(f.details, 'H-n')))} shows what can.`,
  nothing_to_return: (f) =>
    f.details?.reason === 'dry_run'
      ? `${handoffRef(f.details)} was a dry run: nothing moved, so there is nothing to give back.`
      : `${handoffRef(f.details)} has nothing to give back: no item it moved is still with the receiver.`,
  nothing_to_retry: (f) => `${handoffRef(f.details)} has no failed items to retry.`,
  not_allowed: (f) => {
    const name = f.personName;
    return name
      ? `You can't hand off ${name}'s work. A portal administrator, ${name}'s head or ${name} can.`
      : "You can't do that here. A portal administrator, the person's head or the person themself can.";
  },
  already_started: (f) =>
    `${handoffRef(f.details)} has already started, so its start can't move. Move its end instead, or cancel it (what moved comes back) and schedule a new one.`,
  unknown_vacation: (f) =>
    `There is no vacation ${quote(f.details?.externalId, 'like that')} here. \`vacation list\` shows the recent ones.`,
  vacation_conflict: (f) =>
    `The vacation ${quote(f.details?.externalId, 'with that id')} already exists with other details (${handoffRef(f.details, 'its handoff')}). Move it instead, or use a new id.`,
  portal_error: () =>
    "Bitrix24 didn't answer properly, so nothing more was changed. Try again in a few minutes; if it keeps failing, ask your admin to check Handoff's access to the portal.",
};

const PROBLEMS: Readonly<Record<ProblemCode, Sentence>> = {
  unknown_word: (f) =>
    `I don't understand ${quote(f.word, 'that')}.${f.expected ? ` Did you mean \`${f.expected}\`?` : ''} Type \`help\` for the commands.`,
  expected_person: (f) =>
    `I expected a person${f.word ? ` instead of ${quote(f.word)}` : ' here'}. Mention them (pick the name from the list as you type @) or give their email${f.expected ? `, e.g. \`${f.expected}\`` : ''}.`,
  missing_target: () => 'Who should get the work? Add `to @someone`, `to head` or `to dept <name>`.',
  missing_value: (f) => `${quote(f.word, 'An option')} needs a value${f.expected ? `, e.g. \`${f.expected}\`` : ''}.`,
  bad_kind: (f) => `${quote(f.word)} isn't a kind of item. Use ${KIND_LIST}.`,
  conflicting_options: (f) =>
    `${quote(f.word)} can't go with ${f.expected ? `\`${f.expected}\`` : 'an option given before'}. Use \`only\` or \`except\`, not both.`,
  duplicate_option: (f) => `${quote(f.word)} is given twice. Give it once.`,
  two_targets: (f) =>
    f.word && f.word !== 'to'
      ? `${quote(f.word)} has two receivers. Give each kind one target.`
      : 'There are two receivers for the work. Give one after `to`, and per-kind ones like `tasks to @someone`.',
  force_return_permanent: () =>
    '`force-return` needs `until <when>`: a handoff without a return date never comes back.',
  bad_handoff_no: (f) =>
    `${f.word && f.word !== f.expected?.split(' ')[0] ? `${quote(f.word)} isn't a handoff number. ` : 'Which handoff? '}Use its H-number${f.expected ? `, e.g. \`${f.expected}\`` : ''}.`,
  bad_portal_user_id: (f) =>
    `${quote(f.word)} isn't a Bitrix24 user id. It is the number at the end of the person's profile address (…/company/personal/user/12/).`,
  same_person_ref: () => 'That is the same person on both sides. Hand the work to someone else.',
  bad_role_name: (f) =>
    `${quote(f.word)} isn't a role name. Use a letter, then letters, digits, \`-\` or \`_\`, e.g. \`role set paralegal @kim\`.`,
  target_kind_excluded: (f) =>
    `${quote(f.word)} has its own receiver but is left out by \`only\`/\`except\`. Include it, or drop its target.`,
  date_unreadable: (f) => `I couldn't read ${quote(f.word, 'that')} as a date. Try ${DATE_EXAMPLES}.`,
  date_leftover: (f) =>
    `I read ${f.expected ? `\`${f.expected}\`` : 'a date'} but not ${quote(f.word, 'the rest')}. Remove the extra words, or try ${DATE_EXAMPLES}.`,
  date_several: (f) => `${quote(f.word)} holds more than one date${f.expected ? ` (${f.expected})` : ''}. Give one.`,
  date_past: (f) =>
    `${quote(f.word)} is ${f.expected ?? 'a moment'} in your time zone, which has passed. Give a future date.`,
  date_too_far: (f) =>
    `${quote(f.word)} is ${f.expected ?? 'a date'}, more than a year ahead. Give a date within a year.`,
  date_bad_zone: (f) => `The time zone ${quote(f.word)} isn't one I know. ${words(f).timeZone} and try again.`,
  date_range: (f) => `${quote(f.word)} is a range. Give one date, e.g. ${words(f).untilExample}.`,
  person_not_linked: (f) =>
    `I don't know who ${f.word ?? 'that'} is in Bitrix24. Link them once with \`link ${f.word ?? '@user'} <portal user id>\`, or use their email.`,
  person_not_found: (f) =>
    `I couldn't find ${f.word ?? 'that person'} among the portal's users. Check the name or email.`,
  confirm_invalid: () => "That button can't be used any more. Run the command again for a fresh preview.",
  confirm_expired: () => 'That preview is too old to start: the counts may have changed. Run the command again.',
  confirm_not_yours: () => 'Only the person who asked for this preview can start it.',
  not_supported: (f) =>
    f.word === 'console'
      ? 'The web console link needs the server’s public address: ask whoever runs Handoff to set PUBLIC_URL.'
      : `${quote(f.word, 'That')} isn't available here.`,
  no_approver: (f) =>
    `Nobody can approve this: ${f.personName ?? 'the person'} has no head in Bitrix24 and there are no HR people here. Ask a portal admin to add one with \`hr add @someone\`.`,
  approval_gone: (f) => (f.word ? `That request was already ${f.word}.` : 'That approval request no longer exists.'),
  speaker_not_linked: () =>
    "I don't know who you are in Bitrix24, so I can't open the console for you. Ask a portal admin to link you once: `link @you <portal user id>`.",
  ambiguous_department: (f) =>
    `${quote(f.word)} matches several departments${f.expected ? ` (${f.expected})` : ''}. Use the full name or the id: \`to dept 7\`.`,
  department_not_found: (f) =>
    `No department matches ${quote(f.word, 'that name')}. Check the name, or use the department's id: \`to dept 7\`.`,
  storage_unavailable: () =>
    "Handoff's database can't be written right now (the disk is full or read-only), so nothing was changed. Try again later, and tell your admin.",
  approval_not_started: () =>
    "Approved, but Handoff's database can't be written right now (the disk is full or read-only), so the handoff has not started and nothing moved. Press Approve again later to start it; the requester is told.",
  internal_error: () =>
    'Something went wrong on our side and the request stopped. It has been logged; try again, and tell your admin if it keeps happening.',
};

const STATUS_WORDS: Readonly<Record<string, string>> = {
  scheduled: 'scheduled',
  running: 'running',
  completed: 'completed',
  completed_with_errors: 'completed with errors',
  failed: 'failed',
  cancelled: 'cancelled',
  return_scheduled: 'waiting to return',
  returning: 'returning',
  returned: 'returned',
};

/** A handoff status in words ("completed with errors"). */
export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status.replace(/_/g, ' ');
}

/**
 * The sentence for any problem or domain error code.
 * @example messageFor('date_past', { word: 'yesterday', expected: 'Thu 22 Oct 2026, 09:00 (Europe/Kyiv)' })
 */
export function messageFor(code: MessageCode, facts: MessageFacts = {}): string {
  const sentence = Object.hasOwn(HANDOFF_ERRORS, code)
    ? HANDOFF_ERRORS[code as HandoffErrorCode]
    : PROBLEMS[code as ProblemCode];
  return scrub(sentence(facts));
}

/**
 * Last line of defence: a reply never carries a URL (a webhook URL holds its secret in the path) or anything that
 * looks like a token, whatever a fact contained.
 */
function scrub(text: string): string {
  return text
    .replace(/\b(?:https?|wss?):\/\/\S+/gi, '(link removed)')
    .replace(/\b(?:xox[abprs]|xapp)-[\w-]+/gi, '(token removed)');
}

/** The sentence for a parse/date/run problem. */
export function problemMessage(problem: Problem): string {
  return messageFor(problem.code, problem);
}
