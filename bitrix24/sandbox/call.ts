/**
 * Runs one method call, over HTTP or as a batch command: injected failures first, then the handler; every call is
 * logged. Unknown methods answer 404 ERROR_METHOD_NOT_FOUND.
 * @module
 */
import { isSandboxApiError, SandboxApiError } from './api-error.js';
import type { MethodResult } from './methods/context.js';
import { findMethod } from './methods/index.js';
import type { Params } from './params.js';
import type { SandboxPortal } from './portal.js';

export type CallOutcome =
  | { readonly ok: true; readonly value: MethodResult }
  | { readonly ok: false; readonly error: SandboxApiError };

export function executeCall(
  portal: SandboxPortal,
  method: string,
  params: Params,
  userId: number,
  inBatch: boolean,
  viaApp = false,
): CallOutcome {
  const outcome = run(portal, method, params, userId, viaApp);
  portal.logCall({
    at: portal.now(),
    method,
    inBatch,
    ...(outcome.ok ? {} : { error: outcome.error.code }),
  });
  return outcome;
}

function run(portal: SandboxPortal, method: string, params: Params, userId: number, viaApp: boolean): CallOutcome {
  const fault = portal.faults.takeFailure(method);
  if (fault) return { ok: false, error: new SandboxApiError(fault.status, fault.error, fault.description) };
  const handler = findMethod(method);
  if (!handler) return { ok: false, error: new SandboxApiError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!') };
  try {
    return { ok: true, value: handler({ portal, userId, viaApp }, params) };
  } catch (err) {
    if (isSandboxApiError(err)) return { ok: false, error: err };
    // A sandbox bug: answer like the real portal's fatal error, but keep the message for whoever debugs the test.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: new SandboxApiError(500, 'INTERNAL_SERVER_ERROR', message) };
  }
}
