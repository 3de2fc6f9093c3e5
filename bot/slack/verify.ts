/**
 * Slack request signing (v0) checked on the raw body: HMAC-SHA256 over `v0:{ts}:{body}`, compared in constant time,
 * with a replay window in BOTH directions (Bolt's verifySlackRequest lets future timestamps through, slack.md §1.2).
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: five minutes either way (slack.md §1.2). */
export const MAX_SKEW_SECONDS = 300;

export type SignatureProblem =
  | 'missing_headers'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'bad_signature';

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly problem: SignatureProblem };

export interface SignedRequest {
  readonly signingSecret: string;
  /** The exact bytes Slack sent, before any parsing. */
  readonly rawBody: string;
  readonly timestampHeader: string | undefined | null;
  readonly signatureHeader: string | undefined | null;
  readonly nowMs: number;
}

/** Computes the `v0=` signature Slack would send for this body; used by tests and by the check below. */
export function signSlackBody(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * The part of the check that needs no body: both headers present, the timestamp well-formed and inside the replay
 * window. Run before reading the body, so a stale or forged request is refused without reading it. Never throws.
 * @example parseSlackSignatureHeaders({ timestampHeader, signatureHeader, nowMs: clock.now().getTime() })
 */
export function parseSlackSignatureHeaders(
  request: Pick<SignedRequest, 'timestampHeader' | 'signatureHeader' | 'nowMs'>,
): SignatureCheck {
  const { timestampHeader, signatureHeader } = request;
  if (!timestampHeader || !signatureHeader) return { ok: false, problem: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, problem: 'bad_timestamp' };
  const skew = Math.floor(request.nowMs / 1000) - Number(timestampHeader);
  if (skew > MAX_SKEW_SECONDS) return { ok: false, problem: 'stale_timestamp' };
  if (skew < -MAX_SKEW_SECONDS) return { ok: false, problem: 'future_timestamp' };
  if (!/^v0=[0-9a-f]{64}$/.test(signatureHeader)) return { ok: false, problem: 'bad_signature' };
  return { ok: true };
}

/**
 * Checks a request's signature and timestamp. Never throws.
 * @example parseSlackSignature({ signingSecret, rawBody, timestampHeader, signatureHeader, nowMs: clock.now().getTime() })
 */
export function parseSlackSignature(request: SignedRequest): SignatureCheck {
  const headers = parseSlackSignatureHeaders(request);
  if (!headers.ok) return headers;
  const { timestampHeader, signatureHeader } = request;
  if (!timestampHeader || !signatureHeader) return { ok: false, problem: 'missing_headers' };

  const expected = Buffer.from(signSlackBody(request.signingSecret, timestampHeader, request.rawBody), 'utf8');
  const given = Buffer.from(signatureHeader, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch leaks nothing useful (the expected length is public).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'bad_signature' };
  }
  return { ok: true };
}
