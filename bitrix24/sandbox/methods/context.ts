/**
 * What a method handler gets and returns. Handlers throw SandboxApiError for error envelopes.
 * @module
 */
import type { Params } from '../params.js';
import type { SandboxPortal } from '../portal.js';

export interface CallContext {
  readonly portal: SandboxPortal;
  /** The user the call runs as: the webhook's user or the token's. */
  readonly userId: number;
  /** True when the call came with an app's OAuth token (application context), false for an incoming webhook. */
  readonly viaApp?: boolean;
}

export interface MethodResult {
  readonly result: unknown;
  readonly total?: number;
  readonly next?: number;
}

export type MethodHandler = (ctx: CallContext, params: Params) => MethodResult;

/** Turns a list page into a method result with `total`, and `next` only when there are more rows. */
export function pageResult(result: unknown, page: { readonly total: number; readonly next?: number }): MethodResult {
  return page.next === undefined ? { result, total: page.total } : { result, total: page.total, next: page.next };
}
