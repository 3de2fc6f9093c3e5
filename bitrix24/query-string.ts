/**
 * PHP-style query strings for `batch` commands (reference §3): `filter[>ID]=5&select[0]=ID`, keys and values
 * percent-encoded once, as PHP's http_build_query and the JS SDK's `qs` do (`$result[...]` references survive it).
 * @module
 */

/** A value a command parameter may hold. */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly QueryValue[]
  | { readonly [key: string]: QueryValue };

/**
 * Encodes nested parameters PHP-style. `null`/`undefined` and empty arrays/objects are left out (as PHP does);
 * booleans become `1`/`0` as in PHP (Bitrix flags are usually `Y`/`N` strings, which pass through unchanged).
 * @example buildQuery({ filter: { '>ID': 5 }, select: ['ID'] }) // 'filter%5B%3EID%5D=5&select%5B0%5D=ID'
 */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) append(parts, key, value);
  return parts.join('&');
}

function append(parts: string[], key: string, value: QueryValue): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item: QueryValue, index: number) => {
      append(parts, `${key}[${index}]`, item);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [child, item] of Object.entries(value as Record<string, QueryValue>))
      append(parts, `${key}[${child}]`, item);
    return;
  }
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  parts.push(`${encode(key)}=${encode(text)}`);
}

/** encodeURIComponent, plus the characters PHP's rawurlencode also escapes. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `method?query` as a batch `cmd` value. */
export function toBatchCommand(method: string, params: Readonly<Record<string, QueryValue>>): string {
  const query = buildQuery(params);
  return query === '' ? method : `${method}?${query}`;
}
