/**
 * REST API errors: the API's own problems (bad JSON, bad field, no key) and the one mapping from domain errors to
 * HTTP statuses, exported so bot/app.ts's `onError` answers the same status for the same code.
 * @module
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { messageFor } from '../../commands/messages.js';
import type { Surface } from '../../commands/surface-words.js';
import type { HandoffErrorCode } from '../../engine/errors.js';
import { isHandoffError, isPortalError, isStoreError } from '../../engine/errors.js';
import { formatHandoffNo } from '../../engine/ids.js';

/** Codes the API itself answers with, besides the domain's HandoffErrorCode and the date problem codes. */
export const API_ERROR_CODES = [
  'invalid_json',
  'invalid_input',
  'unauthorized',
  'payload_too_large',
  'idempotency_key_reused',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The JSON every error answers with. `field`/`path` name the input at fault, `handoff` the H-n concerned. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly field?: string;
    readonly path?: readonly (string | number)[];
    readonly handoff?: string;
    /** For `receiver_away`: who covers for the absent receiver; send the same request with `to: { type: 'user', id }`. */
    readonly backup?: { readonly id: number; readonly name: string };
    /** For `receiver_away`: when the absent receiver is back (ISO 8601). */
    readonly until?: string;
    /** For `ambiguous_head`: the heads to choose from; send `to: { type: 'head', departmentId }` with one. */
    readonly heads?: readonly {
      readonly departmentId: number;
      readonly departmentName: string;
      readonly userId: number;
      readonly name: string;
    }[];
  };
}

/** An expected problem with a request, answered as-is (never logged as an error). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * The HTTP status of each domain error code. A `Record` over the closed union, so a new code fails the type check
 * until it is given a status here.
 */
export const HANDOFF_ERROR_STATUS: Readonly<Record<HandoffErrorCode, ContentfulStatusCode>> = {
  invalid_plan: 400,
  same_person: 400,
  unknown_user: 400,
  inactive_user: 400,
  unknown_department: 400,
  empty_department: 400,
  no_head: 400,
  ambiguous_head: 400,
  empty_selection: 400,
  unknown_kind: 400,
  return_before_start: 400,
  in_the_past: 400,
  not_found: 404,
  already_running: 409,
  receiver_away: 409,
  wrong_status: 409,
  nothing_to_return: 409,
  nothing_to_retry: 409,
  not_allowed: 403,
  portal_error: 502,
  already_started: 409,
  unknown_vacation: 404,
  vacation_conflict: 409,
  unknown_role: 404,
};

/**
 * The status and body for an error the API knows (ApiError, HandoffError, StoreError → 503, PortalError); `null` for
 * anything else, which the caller answers with a 500 and logs. Domain errors read as commands/messages.ts words them
 * for `surface` (JSON fields and routes for the API, flags and commands for the CLI); messages never carry stacks,
 * tokens or URLs.
 * @example
 * app.onError((err, c) => { const known = toErrorResponse(err); if (known) return c.json(known.body, known.status); … })
 */
export function toErrorResponse(
  error: unknown,
  surface: Surface = 'api',
): { status: ContentfulStatusCode; body: ErrorBody } | null {
  if (isApiError(error)) {
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.path === undefined ? {} : { field: formatPath(error.path), path: error.path }),
        },
      },
    };
  }
  if (isHandoffError(error)) {
    const { field, handoffNo, heads, backup, until } = error.details;
    return {
      status: HANDOFF_ERROR_STATUS[error.code],
      body: {
        error: {
          code: error.code,
          message: messageFor(error.code, { details: error.details, surface }),
          ...(field === undefined ? {} : { field, path: field.split('.') }),
          ...(handoffNo === undefined ? {} : { handoff: formatHandoffNo(handoffNo) }),
          ...(heads === undefined || heads.length === 0 ? {} : { heads }),
          ...(backup === undefined ? {} : { backup: { id: backup.userId, name: backup.name } }),
          ...(until === undefined ? {} : { until }),
        },
      },
    };
  }
  if (isStoreError(error)) {
    // The database failed as a whole (full disk, read-only): a temporary condition for the client, not our bug.
    return {
      status: 503,
      body: {
        error: {
          code: error.code,
          // The console's page shows this sentence as is: no request headers in it, only what the viewer can do.
          message:
            surface === 'console'
              ? `${error.message} Nothing was changed; try again later (handoffs can still be viewed).`
              : `${error.message} Try again later; reads keep working, and a retry with the same Idempotency-Key is safe.`,
        },
      },
    };
  }
  if (isPortalError(error)) {
    // The portal's own message may quote a URL; say only that it failed and its code.
    return {
      status: 502,
      body: {
        error: { code: 'portal_error', message: `The Bitrix24 portal failed (${error.code}). Try again later.` },
      },
    };
  }
  return null;
}

/** `["targets", "spa:128", "id"]` → `targets.spa:128.id`; the root is `body`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

/** The first zod issue as a 400 naming the field (an unknown key is named as the field itself). */
export function fromZodError(error: z.ZodError, root: readonly (string | number)[] = []): ApiError {
  const issue = error.issues[0];
  if (issue === undefined) return new ApiError(400, 'invalid_input', 'The request is not valid.', root);
  const path = [...root, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const at = [...path, key];
    return new ApiError(400, 'invalid_input', `${formatPath(at)}: unknown field "${key}".`, at);
  }
  return new ApiError(400, 'invalid_input', `${formatPath(path)}: ${issue.message}`, path);
}
