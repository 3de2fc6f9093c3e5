/**
 * Expected input problems (STYLE.md §4): parsing a command, a date or a mention returns a Result instead of
 * throwing. Every code here has a sentence in commands/messages.ts.
 * @module
 */

export const PARSE_PROBLEM_CODES = [
  /** A word the grammar has no place for. */
  'unknown_word',
  /** The command needs a person here (`@anna`), got something else or nothing. */
  'expected_person',
  /** `@from` given but no `to …` / `backup …`. */
  'missing_target',
  /** A keyword without its value: `only` with no kinds, `until` with no date, `dept` with no name. */
  'missing_value',
  /** A kind word that names no entity kind or module. */
  'bad_kind',
  /** Two options that exclude each other: `only` + `except`, `until` twice. */
  'conflicting_options',
  /** The same option twice. */
  'duplicate_option',
  /** Two default targets (`to @bob to head`), or two targets for one kind. */
  'two_targets',
  /** `force-return` on a handoff without `until`: nothing ever returns. */
  'force_return_permanent',
  /** `H-n` expected and missing or malformed. */
  'bad_handoff_no',
  /** `link @user <id>` with something that is not a portal user id. */
  'bad_portal_user_id',
  /** The same person on both sides, seen from the mentions alone. */
  'same_person_ref',
  /** A per-kind target that names a kind left out by `only`/`except`. */
  'target_kind_excluded',
  /** `role set <name> …` with a name that is not `[a-z][a-z0-9_-]*`. */
  'bad_role_name',
] as const;
export type ParseProblemCode = (typeof PARSE_PROBLEM_CODES)[number];

export const DATE_PROBLEM_CODES = [
  /** Nothing in the phrase reads as a date. */
  'date_unreadable',
  /** Words left over around the date (chrono matches partially and silently: slack.md §8.1). */
  'date_leftover',
  /** More than one date in the phrase. */
  'date_several',
  /** The instant is not in the future. */
  'date_past',
  /** More than a year ahead. */
  'date_too_far',
  /** The speaker's time zone is not a valid IANA zone. */
  'date_bad_zone',
  /** A range ("Dec 3 - Dec 5") where one instant was expected. */
  'date_range',
] as const;
export type DateProblemCode = (typeof DATE_PROBLEM_CODES)[number];

export const RUN_PROBLEM_CODES = [
  /** The surface could not map the person to a portal user (e.g. a Slack user never linked). */
  'person_not_linked',
  /** The person is not known to the surface or the portal. */
  'person_not_found',
  /** A confirm token that does not parse or was tampered with. */
  'confirm_invalid',
  /** A confirm token older than its lifetime. */
  'confirm_expired',
  /** Start pressed by someone other than the person who asked for the preview. */
  'confirm_not_yours',
  /** The surface does not offer this command (e.g. `link` where people are linked elsewhere). */
  'not_supported',
  /** The speaker is not matched to a portal user, and the command acts as them (`console`). */
  'speaker_not_linked',
  /** A department name that matches several departments. */
  'ambiguous_department',
  /** A department name or id that matches none. */
  'department_not_found',
  /** An unexpected failure on our side (logged with details; never shown). */
  'internal_error',
  /** Nobody can approve a requested plan: the from-user has no head and the tenant no HR people (issue 12). */
  'no_approver',
  /** An approval that is unknown, or was decided already (issue 12). */
  'approval_gone',
  /** The database cannot be written (disk full, read-only): nothing changed; try again later. */
  'storage_unavailable',
  /** Approved, but the database failed before its handoff was stored: Approve again starts it (issue 12). */
  'approval_not_started',
] as const;
export type RunProblemCode = (typeof RUN_PROBLEM_CODES)[number];

export type ProblemCode = ParseProblemCode | DateProblemCode | RunProblemCode;

export const PROBLEM_CODES: readonly ProblemCode[] = [
  ...PARSE_PROBLEM_CODES,
  ...DATE_PROBLEM_CODES,
  ...RUN_PROBLEM_CODES,
];

export interface Problem {
  readonly code: ProblemCode;
  /** The offending word or phrase, as typed. */
  readonly word?: string;
  /** What would have fitted there, for the sentence ("a kind such as deals"), or a fact such as a date echoed back. */
  readonly expected?: string;
}

export type Result<T, P = Problem> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: P };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<P = Problem>(problem: P): { readonly ok: false; readonly problem: P } {
  return { ok: false, problem };
}

/** Builds a Problem without `undefined` fields (exactOptionalPropertyTypes). */
export function problem(code: ProblemCode, word?: string, expected?: string): Problem {
  return {
    code,
    ...(word !== undefined ? { word } : {}),
    ...(expected !== undefined ? { expected } : {}),
  };
}
