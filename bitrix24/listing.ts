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
  /** Rows the caller expects (a count just read): sizes the first chained batch. A hint; `total` still decides. */
  readonly expected?: number;
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
 *
 * Every chained batch counts its first page (`start: 0`), so each request brings a fresh `total` of the rows still
 * ahead of the cursor: the next batch is sized by it, and the list ends when a page comes back short or the rows
 * read reach that total (nothing more existed when the batch ran; no extra request to look again). With
 * `expected` (a count just read) the very first request is already a chain sized by it, so a list of up to 2,500
 * rows costs one request; without it a lone counted page comes first, as the PHP SDK's getTraversableList does.
 * @example for await (const rows of listByCursor(client, query)) console.log(rows.length)
 */
export async function* listByCursor(
  client: Bitrix24Client,
  query: ListQuery,
  options: ListOptions = {},
): AsyncGenerator<Record<string, unknown>[]> {
  const maxChain = Math.min(50, Math.max(1, options.maxChain ?? 50));
  let cursor = 0;
  // Rows still ahead of the cursor as far as we know (a chain of that many pages comes next); undefined: count
  // them first with a lone counted page.
  let remaining: number | undefined = options.expected === undefined ? undefined : Math.max(1, options.expected);
  for (;;) {
    if (remaining === undefined) {
      const first = await client.call(query.method, pageParams(query, cursor, 0));
      const firstRows = rowsOf(query, first.result);
      const step = advance(query, firstRows, cursor);
      if (step.fresh.length > 0) yield step.fresh;
      if (firstRows.length < PAGE_SIZE || step.cursor === cursor) return;
      cursor = step.cursor;
      const left = (first.total ?? 0) - firstRows.length;
      // Every row counted was read: look once more in case rows arrived since.
      if (left <= 0) continue;
      remaining = left;
    }
    const pages = Math.min(maxChain, Math.max(1, Math.ceil(remaining / PAGE_SIZE)));
    const commands: BatchCommand[] = [];
    for (let k = 0; k < pages; k++) {
      const after = k === 0 ? cursor : lastRowReference(query, `c${k - 1}`);
      commands.push({ method: query.method, params: pageParams(query, after, k === 0 ? 0 : -1) });
    }
    const results = await client.batchOnce(commands);
    const before = cursor;
    let read = 0;
    let ahead: number | undefined;
    for (const outcome of results) {
      if (!outcome.ok) {
        if (classifyFailure(outcome.error) === 'permanent') throw toPortalError(query.method, outcome.error);
        break; // retryable: the rest of the chain hung on this page; the next round starts again at `cursor`
      }
      ahead ??= outcome.total;
      const rows = rowsOf(query, outcome.result);
      const next = advance(query, rows, cursor);
      if (next.fresh.length > 0) yield next.fresh;
      cursor = next.cursor;
      read += rows.length;
      if (rows.length < PAGE_SIZE) return;
    }
    if (results[0] && !results[0].ok) {
      // The very first page of the chain failed: read it alone (counted), with the client's own retries and backoff.
      remaining = undefined;
      continue;
    }
    if (cursor === before) return; // nothing new came back: the portal has nothing after the cursor
    // `ahead` was counted when this batch ran: when every row it announced has been read, the list is done.
    if (ahead !== undefined && read >= ahead) return;
    // Without a fresh count (a portal that sends no `result_total`), go by the one we had; when it runs out, count.
    const left = (ahead ?? remaining) - read;
    remaining = left > 0 ? left : undefined;
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
