/**
 * Reading a list by ID cursor (reference §2): order by ID ascending, `>ID` the last id seen, `start: -1`. Rows that
 * leave the filter while we read (reassigned, deleted) can then never make us skip others. Pages are chained inside
 * one batch, sized from `total` as the PHP SDK does; a page shorter than 50 ends the list, and nothing after it in
 * the chain is trusted (its `$result[…][49]` reference did not resolve).
 * @module
 */
import type { BatchCommand, Bitrix24Client } from './client.js';
import { classifyFailure, toPortalError } from './errors.js';
import type { QueryValue } from './query-string.js';

/** Rows per page of every Bitrix24 list method (reference §2). */
export const PAGE_SIZE = 50;

export interface ListQuery {
  readonly method: string;
  /** Fixed parameters other than filter, order and start (entityTypeId, select…). */
  readonly params: Readonly<Record<string, QueryValue>>;
  readonly filter: Readonly<Record<string, QueryValue>>;
  /** The id field in filters and order (`ID` for legacy and tasks, `id` for crm.item). */
  readonly idKey: string;
  /** Order direction as the method spells it (`ASC`, or `asc` for tasks). */
  readonly ascending: string;
  /** Where the rows sit in `result`: `items` (crm.item), `tasks` (tasks.task.list), or the result itself. */
  readonly rowsKey?: string;
  /** The id field in returned rows (`ID`, `id`). */
  readonly rowIdField: string;
}

export interface ListOptions {
  /** Pages chained per batch request (at most 50). */
  readonly maxChain?: number;
}

/** Parameters of one page after `after` (a literal id, or a `$result[…]` reference). */
export function pageParams(query: ListQuery, after: number | string, start: number): Record<string, QueryValue> {
  return {
    ...query.params,
    filter: { ...query.filter, [`>${query.idKey}`]: after },
    order: { [query.idKey]: query.ascending },
    start,
  };
}

/** `$result[c3][items][49][id]`: the last row of command `key`'s full page. */
export function lastRowReference(query: ListQuery, key: string): string {
  const rows = query.rowsKey ? `[${query.rowsKey}]` : '';
  return `$result[${key}]${rows}[${PAGE_SIZE - 1}][${query.rowIdField}]`;
}

/** The rows of a list result. */
export function rowsOf(query: ListQuery, result: unknown): Record<string, unknown>[] {
  const container =
    query.rowsKey && result !== null && typeof result === 'object'
      ? (result as Record<string, unknown>)[query.rowsKey]
      : result;
  const rows = Array.isArray(container)
    ? container
    : container && typeof container === 'object'
      ? Object.values(container)
      : [];
  return rows.filter((row): row is Record<string, unknown> => row !== null && typeof row === 'object');
}

/** Rows strictly after `cursor` in ascending id order, and the new cursor; guards against any odd substitution. */
function advance(query: ListQuery, rows: Record<string, unknown>[], cursor: number) {
  const fresh = rows.filter((row) => Number(row[query.rowIdField]) > cursor);
  const last = fresh.reduce((max, row) => Math.max(max, Number(row[query.rowIdField])), cursor);
  return { fresh, cursor: last };
}

/**
 * Yields pages of raw rows by ID cursor. May be abandoned early.
 * @example for await (const rows of listByCursor(client, query)) console.log(rows.length)
 */
export async function* listByCursor(
  client: Bitrix24Client,
  query: ListQuery,
  options: ListOptions = {},
): AsyncGenerator<Record<string, unknown>[]> {
  const maxChain = Math.min(50, Math.max(1, options.maxChain ?? 50));
  let cursor = 0;
  for (;;) {
    // One counted page: its `total` sizes the chain that follows (the PHP SDK's getTraversableList does the same).
    const first = await client.call(query.method, pageParams(query, cursor, 0));
    const firstRows = rowsOf(query, first.result);
    const step = advance(query, firstRows, cursor);
    if (step.fresh.length > 0) yield step.fresh;
    if (firstRows.length < PAGE_SIZE) return;
    cursor = step.cursor;
    let remaining = (first.total ?? 0) - firstRows.length;
    while (remaining > 0) {
      const pages = Math.min(maxChain, Math.ceil(remaining / PAGE_SIZE));
      const commands: BatchCommand[] = [];
      for (let k = 0; k < pages; k++) {
        const after = k === 0 ? cursor : lastRowReference(query, `c${k - 1}`);
        commands.push({ method: query.method, params: pageParams(query, after, -1) });
      }
      const results = await client.batchOnce(commands);
      for (const outcome of results) {
        if (!outcome.ok) {
          if (classifyFailure(outcome.error) === 'permanent') throw toPortalError(query.method, outcome.error);
          break; // retryable: the rest of the chain hung on this page; the next round starts again at `cursor`
        }
        const rows = rowsOf(query, outcome.result);
        const next = advance(query, rows, cursor);
        if (next.fresh.length > 0) yield next.fresh;
        cursor = next.cursor;
        remaining -= PAGE_SIZE;
        if (rows.length < PAGE_SIZE) return;
      }
      if (results[0] && !results[0].ok) {
        // The very first page of the chain failed: read it alone, with the client's own retries and backoff.
        const single = await client.call(query.method, pageParams(query, cursor, -1));
        const rows = rowsOf(query, single.result);
        const next = advance(query, rows, cursor);
        if (next.fresh.length > 0) yield next.fresh;
        cursor = next.cursor;
        remaining -= PAGE_SIZE;
        if (rows.length < PAGE_SIZE) return;
      }
    }
    // Every page of the chain was full: more rows may have arrived since `total` was read. Count again.
  }
}

/** How many rows match: one counted call (`start: 0`) whose `total` is the answer. */
export async function countByQuery(client: Bitrix24Client, query: ListQuery): Promise<number> {
  const envelope = await client.call(query.method, { ...query.params, filter: query.filter, start: 0 });
  return envelope.total ?? rowsOf(query, envelope.result).length;
}

/**
 * Every row of a small, slowly changing list (departments, stage directories, smart-process types) by plain
 * `start`/`next` paging. Not for item lists that change while we read: those use listByCursor.
 */
export async function listAllByOffset(
  client: Bitrix24Client,
  method: string,
  params: Readonly<Record<string, unknown>>,
  rowsKey?: string,
): Promise<unknown[]> {
  const rows: unknown[] = [];
  const startKey = method === 'department.get' ? 'START' : 'start';
  for (let start = 0, pages = 0; pages < 1000; pages++) {
    const envelope = await client.call(method, { ...params, [startKey]: start });
    const result = envelope.result;
    const container =
      rowsKey && result !== null && typeof result === 'object' ? (result as Record<string, unknown>)[rowsKey] : result;
    if (Array.isArray(container)) rows.push(...container);
    if (envelope.next === undefined || envelope.next <= start) break;
    start = envelope.next;
  }
  return rows;
}
