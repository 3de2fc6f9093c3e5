/**
 * Runs one list call: picks candidates from the owner index or the id list, applies the ID cursor by binary search,
 * filters, orders and pages by 50 with `total`/`next`, or without counting when `start` is -1 (reference §2).
 * @module
 */
import { compileFilter, type FieldMap } from './filter.js';
import { lowerBound, upperBound } from './sorted-ids.js';

/** Bitrix24 list methods return a fixed 50 rows per page (reference §2). */
export const PAGE_SIZE = 50;

export interface ListSource<T> {
  /** Every candidate id, ascending (may hold ids that `lookup` no longer finds). */
  allIds(): readonly number[];
  /** Candidate ids of one owner, ascending (may be stale: the filter re-checks the owner). */
  idsOfOwner?(ownerId: number): readonly number[];
  lookup(id: number): T | undefined;
}

export interface ListSpec<T> {
  readonly filter: Readonly<Record<string, unknown>>;
  readonly order: Readonly<Record<string, unknown>>;
  /** 0, 50, 100…; -1 turns counting off. */
  readonly start: number;
  readonly fields: FieldMap<T>;
  /** The id field's name in this method's filter and order (`ID` or `id`). */
  readonly idField: string;
  /** The owner field's name in this method's filter, when the source has an owner index. */
  readonly ownerField?: string;
  /** tasks.task.list orders by ID descending by default (reference §6.6). */
  readonly defaultDescending?: boolean;
}

export interface ListPage<T> {
  readonly rows: readonly T[];
  readonly total: number;
  readonly next?: number;
}

function numeric(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function compareValues(a: unknown, b: unknown): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/**
 * Lists one page.
 * @example runList(source, { filter: { '>ID': 0, ASSIGNED_BY_ID: 2 }, order: { ID: 'ASC' }, start: -1, fields, idField: 'ID' })
 */
export function runList<T>(source: ListSource<T>, spec: ListSpec<T>): ListPage<T> {
  const compiled = compileFilter(spec.filter, spec.fields);
  const idKey = spec.idField.toLowerCase();
  const ownerKey = spec.ownerField?.toLowerCase();

  let candidates: readonly number[] | undefined;
  let lo = 0;
  let hiBound = Number.POSITIVE_INFINITY;
  let loBound = Number.NEGATIVE_INFINITY;
  for (const c of compiled.conditions) {
    const field = c.field.toLowerCase();
    if (field === ownerKey && c.op === '=' && source.idsOfOwner && numeric(c.value) !== undefined) {
      candidates ??= source.idsOfOwner(numeric(c.value) ?? 0);
    } else if (field === idKey) {
      const n = numeric(c.value);
      if (n === undefined && ['=', '>', '>=', '<', '<='].includes(c.op)) {
        // A non-numeric id bound (an unresolved batch reference, say) matches nothing: answer without scanning.
        return { rows: [], total: 0 };
      }
      if (c.op === '@' && Array.isArray(c.value)) {
        const ids = c.value.map(numeric).filter((v): v is number => v !== undefined);
        candidates = [...new Set(ids)].sort((a, b) => a - b);
      } else if (c.op === '=' && n !== undefined) candidates = [n];
      else if ((c.op === '>' || c.op === '>=') && n !== undefined)
        loBound = Math.max(loBound, c.op === '>' ? n + 0.5 : n);
      else if ((c.op === '<' || c.op === '<=') && n !== undefined)
        hiBound = Math.min(hiBound, c.op === '<' ? n - 0.5 : n);
    }
  }
  const ids = candidates ?? source.allIds();
  lo = Number.isFinite(loBound) ? lowerBound(ids, Math.ceil(loBound)) : 0;
  const hi = Number.isFinite(hiBound) ? upperBound(ids, Math.floor(hiBound)) : ids.length;

  const orderEntries = Object.entries(spec.order);
  const [orderField, orderDir] = orderEntries[0] ?? [spec.idField, spec.defaultDescending ? 'DESC' : 'ASC'];
  const descending = String(orderDir).toUpperCase() === 'DESC';
  const byId = orderField.toLowerCase() === idKey;
  const counting = spec.start >= 0;
  const start = Math.max(0, spec.start);

  const rows: T[] = [];
  let total = 0;
  if (byId) {
    for (let k = 0; k < hi - lo; k += 1) {
      const id = ids[descending ? hi - 1 - k : lo + k] ?? 0;
      const item = source.lookup(id);
      if (item === undefined || !compiled.test(item)) continue;
      if (total >= start && rows.length < PAGE_SIZE) rows.push(item);
      total += 1;
      if (!counting && rows.length >= PAGE_SIZE) break;
    }
  } else {
    const matches: T[] = [];
    for (let k = lo; k < hi; k += 1) {
      const item = source.lookup(ids[k] ?? 0);
      if (item !== undefined && compiled.test(item)) matches.push(item);
    }
    const get =
      spec.fields[orderField] ??
      Object.entries(spec.fields).find(([k]) => k.toLowerCase() === orderField.toLowerCase())?.[1];
    if (get) matches.sort((a, b) => (descending ? -1 : 1) * compareValues(get(a), get(b)));
    total = matches.length;
    rows.push(...matches.slice(start, start + PAGE_SIZE));
  }
  if (!counting) return { rows, total: 0 };
  return start + PAGE_SIZE < total ? { rows, total, next: start + PAGE_SIZE } : { rows, total };
}
