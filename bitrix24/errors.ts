/**
 * Transport errors of the Bitrix24 client: a union discriminated by `kind`, built in one place from an HTTP
 * answer (or a batch command's error), and one function that decides what to do about each (reference §5).
 * @module
 */
import { PortalError } from '../engine/errors.js';

export type TransportError =
  /** No answer: connection refused, reset, DNS, or our own timeout. */
  | { readonly kind: 'network'; readonly message: string; readonly timeout: boolean }
  /** An answer that is not a Bitrix24 envelope (a gateway HTML page, an empty body). */
  | { readonly kind: 'http'; readonly status: number; readonly message: string }
  /** A Bitrix24 error envelope: `error` (normalised, never empty) and `error_description`. */
  | { readonly kind: 'api'; readonly status: number; readonly code: string; readonly description: string }
  /** Throttled: QUERY_LIMIT_EXCEEDED (503) or OPERATION_TIME_LIMIT (429); wait `retryAfterMs` when known. */
  | {
      readonly kind: 'rate_limited';
      readonly status: number;
      readonly code: string;
      readonly description: string;
      readonly retryAfterMs?: number;
    }
  /** The OAuth access token expired or is invalid: refresh, then retry once. */
  | { readonly kind: 'auth_expired'; readonly status: number; readonly code: string; readonly description: string };

/** What the client does about a failure. */
export type FailureClass = 'retryable' | 'auth' | 'permanent';

const AUTH_CODES = new Set(['expired_token', 'invalid_token']);

/** Server faults worth a retry (reference §5: 500 INTERNAL_SERVER_ERROR, ERROR_UNEXPECTED_ANSWER, gateways). */
const RETRYABLE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'ERROR_UNEXPECTED_ANSWER']);

/** 5xx codes that must not be retried: a manual block by support, a closed portal (reference §5). */
const FATAL_SERVER_CODES = new Set(['OVERLOAD_LIMIT', 'PORTAL_DELETED']);

/**
 * The one place that decides: retry (with backoff), refresh the token, or give up at once.
 * @example classifyFailure({ kind: 'api', status: 400, code: 'ACCESS_DENIED', description: '' }) // 'permanent'
 */
export function classifyFailure(error: TransportError): FailureClass {
  switch (error.kind) {
    case 'network':
    case 'rate_limited':
      return 'retryable';
    case 'auth_expired':
      return 'auth';
    case 'http':
      return error.status >= 500 || error.status === 408 ? 'retryable' : 'permanent';
    case 'api':
      if (FATAL_SERVER_CODES.has(error.code)) return 'permanent';
      if (RETRYABLE_CODES.has(error.code)) return 'retryable';
      return error.status >= 500 ? 'retryable' : 'permanent';
    default: {
      const unreachable: never = error;
      return unreachable;
    }
  }
}

/** The `time` part of an envelope that matters here (reference §1, §4). */
interface ErrorTime {
  readonly operatingResetAt?: number;
}

/**
 * Builds the TransportError for an error envelope (or a batch command's `result_error` entry, whose status is
 * unknown: pass 0). Legacy methods send an empty or numeric `error`; the description then says what happened
 * (reference §1, §13), so we normalise the usual ones to NOT_FOUND / ACCESS_DENIED.
 */
export function toTransportError(
  status: number,
  rawCode: unknown,
  rawDescription: unknown,
  time: ErrorTime = {},
  nowMs = 0,
): TransportError {
  const description = cleanDescription(rawDescription);
  const code = normaliseCode(
    typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : '',
    description,
  );
  if (AUTH_CODES.has(code)) return { kind: 'auth_expired', status: status || 401, code, description };
  if (code === 'QUERY_LIMIT_EXCEEDED') return { kind: 'rate_limited', status: status || 503, code, description };
  if (code === 'OPERATION_TIME_LIMIT') {
    // Pause the method until the oldest one-minute bucket drops out (reference §4).
    const resetAt = time.operatingResetAt;
    const base = { kind: 'rate_limited', status: status || 429, code, description } as const;
    return resetAt !== undefined && resetAt * 1000 > nowMs ? { ...base, retryAfterMs: resetAt * 1000 - nowMs } : base;
  }
  return { kind: 'api', status, code, description };
}

function cleanDescription(value: unknown): string {
  if (typeof value !== 'string') return '';
  // tasks.* put <br> inside descriptions (reference §1).
  return value
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

function normaliseCode(code: string, description: string): string {
  const trimmed = code.trim();
  if (trimmed !== '' && !/^\d+$/.test(trimmed)) return trimmed;
  if (/not found/i.test(description)) return 'NOT_FOUND';
  if (/access denied|not allowed|permission/i.test(description)) return 'ACCESS_DENIED';
  if (trimmed !== '') return `ERROR_${trimmed}`;
  return 'UNKNOWN_ERROR';
}

/** The code of a TransportError, as stored with a failed item or carried by a PortalError. */
export function errorCode(error: TransportError): string {
  switch (error.kind) {
    case 'network':
      return error.timeout ? 'timeout' : 'network';
    case 'http':
      return `HTTP_${error.status}`;
    default:
      return error.code;
  }
}

/** A short human text; never carries a URL, token or webhook code (we never put them in). */
export function describeError(error: TransportError): string {
  switch (error.kind) {
    case 'network':
      return error.message;
    case 'http':
      return `HTTP ${error.status}: ${error.message}`;
    default:
      return error.description ? `${error.code}: ${error.description}` : error.code;
  }
}

/**
 * True when the item no longer exists (deleted since): NOT_FOUND, a legacy "not found" description, or tasks'
 * ERROR_CORE "Task not found or not accessible" (tasks.* cannot tell the two apart; reference §6.6).
 */
export function isGone(error: TransportError): boolean {
  if (error.kind !== 'api') return false;
  return error.code === 'NOT_FOUND' || (error.code === 'ERROR_CORE' && /not found/i.test(error.description));
}

/** Wraps what escapes the client, so the engine can tell "the portal failed" from "we have a bug". */
export function toPortalError(method: string, error: TransportError): PortalError {
  const retryable = classifyFailure(error) !== 'permanent';
  return new PortalError(`Bitrix24 ${method} failed: ${describeError(error)}`, errorCode(error), retryable, {
    cause: error,
  });
}
