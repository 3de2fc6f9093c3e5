/**
 * Turns Agenda's backend-neutral job selectors (a `unique` query, a `data` filter, `RemoveJobsOptions`) into SQL
 * WHERE clauses for the `agenda_jobs` table, with the same meaning Agenda's Mongo repository gives them.
 * @module
 */
import type { RemoveJobsOptions } from 'agenda';
import { toMillis } from './sqlite-job-table.js';

/** A conjunction of SQL conditions and their positional parameters. */
export interface SqlFilter {
  readonly clauses: string[];
  readonly params: unknown[];
}

export function emptyFilter(): SqlFilter {
  return { clauses: [], params: [] };
}

/** `WHERE a AND b …`, or '' for no conditions. */
export function toWhere(filter: SqlFilter): string {
  return filter.clauses.length === 0 ? '' : `WHERE ${filter.clauses.join(' AND ')}`;
}

/** Top-level job fields a selector may name, and their columns. Dates compare as milliseconds. */
const FIELD_COLUMNS: Readonly<Record<string, { column: string; kind: 'text' | 'number' | 'date' | 'flag' }>> = {
  _id: { column: 'id', kind: 'text' },
  name: { column: 'name', kind: 'text' },
  type: { column: 'type', kind: 'text' },
  priority: { column: 'priority', kind: 'number' },
  nextRunAt: { column: 'next_run_at', kind: 'date' },
  lockedAt: { column: 'locked_at', kind: 'date' },
  lastRunAt: { column: 'last_run_at', kind: 'date' },
  lastFinishedAt: { column: 'last_finished_at', kind: 'date' },
  failedAt: { column: 'failed_at', kind: 'date' },
  failCount: { column: 'fail_count', kind: 'number' },
  failReason: { column: 'fail_reason', kind: 'text' },
  repeatTimezone: { column: 'repeat_timezone', kind: 'text' },
  repeatAt: { column: 'repeat_at', kind: 'text' },
  disabled: { column: 'disabled', kind: 'flag' },
  lastModifiedBy: { column: 'last_modified_by', kind: 'text' },
};

/**
 * Path segments go into the SQL text (not a parameter) so that `json_extract(data, '$.handoffId')` matches the
 * expression index; restricting them to identifier characters is what keeps that safe.
 */
const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Adds `path = value` (Mongo equality, including "is null") for one field path such as `name` or `data.userId`. */
function addEquality(filter: SqlFilter, path: string, value: unknown): void {
  if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
    // Operators ($in, $ne, $where, …) have no SQL meaning here; refusing is safer than half-supporting them.
    throw new Error(`unsupported operator in job selector for "${path}": only equality is supported`);
  }
  if (path === 'data' || path.startsWith('data.')) {
    addDataEquality(filter, path.split('.').slice(1), value);
    return;
  }
  const field = FIELD_COLUMNS[path];
  if (!field) throw new Error(`unsupported field in job selector: "${path}"`);
  if (value === null || value === undefined) {
    filter.clauses.push(`${field.column} IS NULL`);
    return;
  }
  if (field.kind === 'date') {
    filter.clauses.push(`${field.column} = ?`);
    filter.params.push(toMillis(value as Date));
    return;
  }
  if (field.kind === 'flag') {
    filter.clauses.push(`${field.column} = ?`);
    filter.params.push(value ? 1 : 0);
    return;
  }
  filter.clauses.push(`${field.column} = ?`);
  filter.params.push(value);
}

function addDataEquality(filter: SqlFilter, segments: readonly string[], value: unknown): void {
  for (const segment of segments) {
    if (!PATH_SEGMENT.test(segment)) throw new Error(`unsupported data path in job selector: "${segments.join('.')}"`);
  }
  const expr = segments.length === 0 ? 'data' : `json_extract(data, '$.${segments.join('.')}')`;
  if (value === null || value === undefined) {
    // Mongo's { field: null } matches both a null and a missing field; json_extract gives NULL for both.
    filter.clauses.push(segments.length === 0 ? `data = 'null'` : `${expr} IS NULL`);
    return;
  }
  if (typeof value === 'object' || segments.length === 0) {
    // A whole sub-document or array: exact match of its JSON (key order included, as in Mongo).
    filter.clauses.push(`${segments.length === 0 ? 'json(data)' : expr} = json(?)`);
    filter.params.push(JSON.stringify(value instanceof Date ? value.toISOString() : value));
    return;
  }
  filter.clauses.push(`${expr} = ?`);
  // json_extract yields 1/0 for JSON true/false.
  filter.params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
}

/**
 * A `unique` query (`{ 'data.tenantId': 't1', name: 'x' }`): every key must equal its value.
 * @example addUniqueQuery(filter, { 'data.handoffId': 'h1' }) // json_extract(data, '$.handoffId') = ?
 */
export function addUniqueQuery(filter: SqlFilter, unique: Readonly<Record<string, unknown>>): void {
  for (const [path, value] of Object.entries(unique)) addEquality(filter, path, value);
}

/**
 * A `data` filter as queryJobs and removeJobs take it: an object matches by its (nested) fields, so
 * `{ userId: 1 }` matches `{ userId: 1, other: 2 }`; any other value must equal the whole payload.
 */
export function addDataFilter(filter: SqlFilter, data: unknown): void {
  if (isPlainObject(data)) {
    for (const [path, value] of flattenData(data, 'data')) addEquality(filter, path, value);
    return;
  }
  addEquality(filter, 'data', data);
}

function flattenData(data: Record<string, unknown>, prefix: string): [string, unknown][] {
  return Object.entries(data).flatMap(([key, value]): [string, unknown][] =>
    isPlainObject(value) ? flattenData(value, `${prefix}.${key}`) : [[`${prefix}.${key}`, value]],
  );
}

function addIn(filter: SqlFilter, column: string, values: readonly unknown[], negate = false): void {
  filter.clauses.push(`${column} ${negate ? 'NOT IN' : 'IN'} (${values.map(() => '?').join(', ')})`);
  filter.params.push(...values);
}

function strings(values: readonly unknown[] | undefined): string[] {
  return (values ?? []).filter((value): value is string => typeof value === 'string');
}

/** Adds the name conditions shared by queries and removals: `name`, else `names`. */
export function addNames(filter: SqlFilter, name: unknown, names: readonly unknown[] | undefined): void {
  if (typeof name === 'string' && name) {
    filter.clauses.push('name = ?');
    filter.params.push(name);
    return;
  }
  const valid = strings(names);
  if (valid.length > 0) addIn(filter, 'name', valid);
}

/** Adds the id conditions shared by queries and removals: `id`, else `ids`. */
export function addIds(filter: SqlFilter, id: unknown, ids: readonly unknown[] | undefined): void {
  if (id !== undefined && id !== null && id !== '') {
    filter.clauses.push('id = ?');
    filter.params.push(String(id));
    return;
  }
  const valid = (ids ?? []).map(String);
  if (valid.length > 0) addIn(filter, 'id', valid);
}

/**
 * The selector of removeJobs / disableJobs / enableJobs, or null when it names nothing — which must touch no row
 * (Mongo's repository refuses an empty deleteMany the same way).
 */
export function toRemoveFilter(options: RemoveJobsOptions): SqlFilter | null {
  const filter = emptyFilter();
  addIds(filter, options.id, options.ids);
  if ((typeof options.name === 'string' && options.name) || strings(options.names).length > 0) {
    addNames(filter, options.name, options.names);
  } else {
    const notNames = strings(options.notNames);
    if (notNames.length > 0) addIn(filter, 'name', notNames, true);
  }
  if (options.data !== undefined) addDataFilter(filter, options.data);
  return filter.clauses.length === 0 ? null : filter;
}
