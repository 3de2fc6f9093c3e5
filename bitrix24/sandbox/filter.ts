/**
 * Evaluates Bitrix24 list filters: keys with operator prefixes (=, !, !=, >, >=, <, <=, @, !@, %, !%), arrays as IN,
 * nested groups with LOGIC OR (reference §6.2). Field names resolve against the method's field map, exactly or
 * case-insensitively. Unknown fields are rejected (the sandbox is strict so that a misspelt owner filter fails a
 * test instead of matching everything).
 * @module
 */
import { badRequest } from './api-error.js';
import { isRecord } from './params.js';

export type Getter<T> = (item: T) => unknown;
export type FieldMap<T> = Readonly<Record<string, Getter<T>>>;

export type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '@' | '!@' | '%' | '!%';

export interface Condition<T> {
  /** The canonical field name from the field map. */
  readonly field: string;
  readonly op: Op;
  readonly value: unknown;
  readonly get: Getter<T>;
}

export interface CompiledFilter<T> {
  /** Top-level AND conditions, for the query planner (owner index, id cursor). */
  readonly conditions: readonly Condition<T>[];
  readonly test: (item: T) => boolean;
}

const OP_PATTERN = /^(!@|!=%|=%|%=|!%|>=|<=|!=|@|=|!|>|<|%)?(.*)$/s;

function toOp(prefix: string | undefined, value: unknown): Op {
  switch (prefix) {
    case undefined:
    case '=':
      return Array.isArray(value) ? '@' : '=';
    case '!':
    case '!=':
      return Array.isArray(value) ? '!@' : '!=';
    case '=%':
    case '%=':
    case '%':
      return '%';
    case '!%':
    case '!=%':
      return '!%';
    default:
      return prefix as Op;
  }
}

function resolveField<T>(fields: FieldMap<T>, name: string): [string, Getter<T>] | undefined {
  const exact = fields[name];
  if (exact) return [name, exact];
  const lower = name.toLowerCase();
  for (const [key, get] of Object.entries(fields)) {
    if (key.toLowerCase() === lower) return [key, get];
  }
  return undefined;
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === 'Y' || value === 'y' || value === '1' || value === 'true';
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false;
}

/** Loose equality the way Bitrix compares: '5' equals 5, true equals 'Y', a multi-value field matches any member. */
export function looseEquals(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((a) => looseEquals(a, wanted));
  if (typeof actual === 'boolean') return toBool(wanted) === actual;
  if (isEmpty(actual) || isEmpty(wanted)) return isEmpty(actual) && isEmpty(wanted);
  if (isNumeric(actual) && isNumeric(wanted)) return Number(actual) === Number(wanted);
  return String(actual) === String(wanted);
}

function compare(actual: unknown, wanted: unknown): number | undefined {
  if (isNumeric(actual) && isNumeric(wanted)) return Number(actual) - Number(wanted);
  // A numeric field against a non-number (an unresolved batch reference, say) matches nothing.
  if (isNumeric(actual) || isNumeric(wanted) || isEmpty(actual) || isEmpty(wanted)) return undefined;
  return String(actual) < String(wanted) ? -1 : String(actual) > String(wanted) ? 1 : 0;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  return [value];
}

function testCondition<T>(c: Condition<T>, item: T): boolean {
  const actual = c.get(item);
  switch (c.op) {
    case '=':
      return looseEquals(actual, c.value);
    case '!=':
      return !looseEquals(actual, c.value);
    case '@':
      return listOf(c.value).some((v) => looseEquals(actual, v));
    case '!@':
      return !listOf(c.value).some((v) => looseEquals(actual, v));
    case '%':
      return String(actual ?? '')
        .toLowerCase()
        .includes(String(c.value ?? '').toLowerCase());
    case '!%':
      return !String(actual ?? '')
        .toLowerCase()
        .includes(String(c.value ?? '').toLowerCase());
    default: {
      const d = compare(actual, c.value);
      if (d === undefined) return false;
      if (c.op === '>') return d > 0;
      if (c.op === '>=') return d >= 0;
      if (c.op === '<') return d < 0;
      return d <= 0;
    }
  }
}

/**
 * Compiles a filter object against a field map.
 * @example compileFilter({ '>ID': 5, ASSIGNED_BY_ID: 2 }, fields).test(item)
 */
export function compileFilter<T>(filter: Readonly<Record<string, unknown>>, fields: FieldMap<T>): CompiledFilter<T> {
  const conditions: Condition<T>[] = [];
  const groups: CompiledFilter<T>[] = [];
  let anyOf = false;
  for (const [key, value] of Object.entries(filter)) {
    if (key.toUpperCase() === 'LOGIC') {
      anyOf = String(value).toUpperCase() === 'OR';
      continue;
    }
    if (/^\d+$/.test(key) || key.startsWith('__INNER_FILTER')) {
      if (isRecord(value)) groups.push(compileFilter(value, fields));
      continue;
    }
    const match = OP_PATTERN.exec(key);
    const name = match?.[2] ?? key;
    const resolved = resolveField(fields, name);
    if (!resolved) throw badRequest('INVALID_ARG_VALUE', `Unknown filter field: ${name}`);
    conditions.push({ field: resolved[0], op: toOp(match?.[1], value), value, get: resolved[1] });
  }
  const test = anyOf
    ? (item: T) => conditions.some((c) => testCondition(c, item)) || groups.some((g) => g.test(item))
    : (item: T) => conditions.every((c) => testCondition(c, item)) && groups.every((g) => g.test(item));
  return { conditions: anyOf ? [] : conditions, test };
}
