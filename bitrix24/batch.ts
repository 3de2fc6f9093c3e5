/**
 * Pure logic of `batch` (reference §3): building the `cmd` map of at most 50 PHP-style commands, and reading the
 * answer back into one result or error per command, in the order given (empty maps arrive as `[]`).
 * @module
 */
import { type TransportError, toTransportError } from './errors.js';
import { type QueryValue, toBatchCommand } from './query-string.js';

/** The most commands one batch may carry; more fail with ERROR_BATCH_LENGTH_EXCEEDED (reference §3). */
export const MAX_BATCH_COMMANDS = 50;

export interface BatchCommand {
  readonly method: string;
  readonly params: Readonly<Record<string, QueryValue>>;
}

export type CommandResult =
  | { readonly ok: true; readonly result: unknown; readonly total?: number; readonly next?: number }
  | { readonly ok: false; readonly error: TransportError };

/** The key of the n-th command in a batch; `$result[c3]…` references use it. */
export function commandKey(index: number): string {
  return `c${index}`;
}

/**
 * The body of one batch request. Throws on more than 50 commands: that is a bug in the caller, not a portal problem.
 * @example buildBatchBody([{ method: 'user.get', params: { ID: 1 } }]) // { halt: 0, cmd: { c0: 'user.get?ID=1' } }
 */
export function buildBatchBody(commands: readonly BatchCommand[]): { halt: 0; cmd: Record<string, string> } {
  if (commands.length > MAX_BATCH_COMMANDS)
    throw new Error(`A batch holds at most ${MAX_BATCH_COMMANDS} commands, got ${commands.length}`);
  const cmd: Record<string, string> = {};
  commands.forEach((command, index) => {
    cmd[commandKey(index)] = toBatchCommand(command.method, command.params);
  });
  return { halt: 0, cmd };
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function asMap(value: unknown): Record<string, unknown> {
  // PHP sends an empty map as [] (reference §3).
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Reads a batch answer's `result` into one CommandResult per command, in order. */
export function parseBatchResult(result: unknown, count: number): CommandResult[] {
  const outer = asMap(result);
  const results = asMap(outer.result);
  const errors = asMap(outer.result_error);
  const totals = asMap(outer.result_total);
  const nexts = asMap(outer.result_next);
  const out: CommandResult[] = [];
  for (let index = 0; index < count; index++) {
    const key = commandKey(index);
    const error = errors[key];
    if (error !== undefined) {
      const record = asMap(error);
      out.push({ ok: false, error: toTransportError(0, record.error, record.error_description) });
      continue;
    }
    if (!(key in results)) {
      out.push({ ok: false, error: { kind: 'api', status: 0, code: 'BATCH_COMMAND_NOT_RUN', description: '' } });
      continue;
    }
    const total = Number(totals[key]);
    const next = Number(nexts[key]);
    out.push({
      ok: true,
      result: results[key],
      ...(Number.isFinite(total) && totals[key] !== undefined ? { total } : {}),
      ...(Number.isFinite(next) && nexts[key] !== undefined ? { next } : {}),
    });
  }
  return out;
}
