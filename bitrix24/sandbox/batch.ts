/**
 * `batch` (reference §3): up to 50 PHP-style query-string commands, `$result[key][...]` references to earlier
 * results, `halt`, and result / result_error / result_total / result_next / result_time maps that print as `[]` when
 * empty. An unresolved reference is left as it is (the real behaviour is unconfirmed); a numeric filter against it
 * then matches nothing, so a page chain simply ends.
 * @module
 */
import { SandboxApiError } from './api-error.js';
import { type CallOutcome, executeCall } from './call.js';
import { phpMap, timeInfo } from './envelope.js';
import type { MethodResult } from './methods/context.js';
import { isRecord, type Params, param } from './params.js';
import type { SandboxPortal } from './portal.js';
import { parseQuery } from './qs.js';

export const MAX_BATCH_COMMANDS = 50;

const REFERENCE = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;
const WHOLE_REFERENCE = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/;

function lookup(results: ReadonlyMap<string, unknown>, key: string, path: string): { found: boolean; value?: unknown } {
  if (!results.has(key)) return { found: false };
  let value = results.get(key);
  for (const match of path.matchAll(/\[([^\]]*)\]/g)) {
    const segment = match[1] ?? '';
    if (Array.isArray(value)) value = value[Number(segment)];
    else if (isRecord(value)) value = value[segment];
    else return { found: false };
    if (value === undefined) return { found: false };
  }
  return { found: true, value };
}

/** Replaces `$result[...]` references in every string of a parsed command. */
export function resolveReferences(value: unknown, results: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$result[')) return value;
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) {
      const hit = lookup(results, whole[1] ?? '', whole[2] ?? '');
      return hit.found ? hit.value : value;
    }
    return value.replace(REFERENCE, (text, key: string, path: string) => {
      const hit = lookup(results, key, path);
      return hit.found ? String(hit.value) : text;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, results));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, results)]));
  }
  return value;
}

function commandsOf(params: Params): [string, unknown][] {
  const cmd = param(params, 'cmd');
  if (Array.isArray(cmd)) return cmd.map((c, i) => [String(i), c]);
  if (isRecord(cmd)) return Object.entries(cmd);
  return [];
}

function isTruthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'Y' || value === 'true';
}

export function runBatch(portal: SandboxPortal, params: Params, userId: number, viaApp = false): MethodResult {
  const commands = commandsOf(params);
  if (commands.length > MAX_BATCH_COMMANDS) {
    throw new SandboxApiError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
  }
  const halt = isTruthy(param(params, 'halt'));
  const results = new Map<string, unknown>();
  const errors = new Map<string, unknown>();
  const totals = new Map<string, unknown>();
  const nexts = new Map<string, unknown>();
  const times = new Map<string, unknown>();
  for (const [key, command] of commands) {
    const started = portal.now();
    const text = String(command ?? '');
    const q = text.indexOf('?');
    const method = (q < 0 ? text : text.slice(0, q)).replace(/\.json$/i, '').trim();
    let outcome: CallOutcome;
    if (method.toLowerCase() === 'batch') {
      outcome = {
        ok: false,
        error: new SandboxApiError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage'),
      };
    } else {
      const commandParams = resolveReferences(parseQuery(q < 0 ? '' : text.slice(q + 1)), results) as Params;
      outcome = executeCall(portal, method, commandParams, userId, true, viaApp);
    }
    if (outcome.ok) {
      results.set(key, outcome.value.result);
      if (outcome.value.total !== undefined) totals.set(key, outcome.value.total);
      if (outcome.value.next !== undefined) nexts.set(key, outcome.value.next);
      times.set(key, timeInfo(started, portal.now()));
    } else {
      errors.set(key, outcome.error.toEnvelope());
      if (halt) break;
    }
  }
  return {
    result: {
      result: phpMap(results),
      result_error: phpMap(errors),
      result_total: phpMap(totals),
      result_next: phpMap(nexts),
      result_time: phpMap(times),
    },
  };
}
