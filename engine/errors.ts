/**
 * Domain errors: one class whose `code` comes from a closed union, with typed details. commands/messages.ts turns
 * each code into a sentence for people; the HTTP edge turns it into a status.
 * @module
 */

export const HANDOFF_ERROR_CODES = [
  'invalid_plan',
  'same_person',
  'unknown_user',
  'inactive_user',
  'unknown_department',
  'empty_department',
  'no_head',
  'ambiguous_head',
  'empty_selection',
  'unknown_kind',
  'return_before_start',
  'in_the_past',
  'already_running',
  'receiver_away',
  'not_found',
  'wrong_status',
  'nothing_to_return',
  'nothing_to_retry',
  'not_allowed',
  'portal_error',
  'already_started',
  'unknown_vacation',
  'vacation_conflict',
  'unknown_role',
] as const;
export type HandoffErrorCode = (typeof HANDOFF_ERROR_CODES)[number];

export interface HandoffErrorDetails {
  /** The plan field at fault, e.g. `to`, `returnAt`, `targets.tasks`. */
  readonly field?: string;
  readonly userId?: number;
  readonly departmentId?: number;
  /** `H-<n>` of the handoff in the way, or the one asked about. */
  readonly handoffNo?: number;
  readonly status?: string;
  readonly heads?: readonly {
    readonly departmentId: number;
    readonly departmentName: string;
    readonly userId: number;
    readonly name: string;
  }[];
  readonly reason?: string;
  /** The role name concerned (unknown_role). */
  readonly role?: string;
  /** `receiver_away`: who covers for the absent receiver now (their backup, followed while the backup is away too). */
  readonly backup?: { readonly userId: number; readonly name: string };
  /** The name of `userId`, when the engine looked the person up (e.g. `receiver_away`). */
  readonly name?: string;
  /** `receiver_away`: when the absent receiver is back (ISO 8601). */
  readonly until?: string;
  /** The HR system's id of the vacation concerned. */
  readonly externalId?: string;
}

export class HandoffError extends Error {
  override readonly name = 'HandoffError';
  constructor(
    readonly code: HandoffErrorCode,
    message: string,
    readonly details: HandoffErrorDetails = {},
  ) {
    super(message);
  }
}

export function isHandoffError(error: unknown): error is HandoffError {
  return error instanceof HandoffError;
}

/**
 * The portal failed as a whole (auth, network past retries, a throttle that never cleared). Adapters wrap what
 * escapes them in this so the engine can tell "the portal failed" from "we have a bug".
 */
export class PortalError extends Error {
  override readonly name = 'PortalError';
  constructor(
    message: string,
    /** Portal or transport error code, e.g. `NO_AUTH_FOUND`, `network`. */
    readonly code: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPortalError(error: unknown): error is PortalError {
  return error instanceof PortalError;
}

/** How the store failed: no room left, not writable at all, or not answering (I/O error, locked, unreachable). */
export const STORE_ERROR_CODES = ['storage_full', 'storage_read_only', 'storage_unavailable'] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/**
 * The database behind a store failed as a whole (disk full, read-only, I/O error), as opposed to a bug. Adapters
 * wrap what escapes their driver in this (storage/store-faults.ts), so the engine can pause a run with a clear
 * error and the HTTP edge can answer 503 instead of 500. The message names the problem, never a path or a query.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    message: string,
    readonly code: StoreErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
