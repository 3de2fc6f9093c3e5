/**
 * PHP-style query strings, as batch commands and form bodies carry them (reference §3): `filter[>ID]=5&select[0]=ID`
 * ⇄ `{ filter: { '>ID': '5' }, select: ['ID'] }`. Every parsed value is a string; objects whose keys are 0..n-1
 * become arrays, the way PHP arrays serialize.
 * @module
 */

type Node = Record<string, unknown>;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `a[b][]` → ['a', 'b', ''] */
function keyPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  for (let m = re.exec(key); m !== null; m = re.exec(key)) path.push(m[1] ?? '');
  return path;
}

function arrayify(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  const keys = Object.keys(node);
  for (const key of keys) node[key] = arrayify(node[key]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => node[k]);
  return node;
}

/**
 * Parses a PHP-style query string into nested objects. Never throws.
 * @example parseQuery('filter%5B%3EID%5D=5&select%5B0%5D=ID') // { filter: { '>ID': '5' }, select: ['ID'] }
 */
export function parseQuery(query: string): Record<string, unknown> {
  const root: Node = {};
  for (const part of query.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const path = keyPath(rawKey);
    if (path.some((p) => FORBIDDEN.has(p))) continue;
    let node = root;
    for (let i = 0; i < path.length; i += 1) {
      let key = path[i] ?? '';
      if (key === '') key = String(Object.keys(node).length);
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const next = node[key];
        if (typeof next !== 'object' || next === null) node[key] = {};
        node = node[key] as Node;
      }
    }
  }
  return arrayify(root) as Record<string, unknown>;
}

function encodePairs(prefix: string, value: unknown, out: string[]): void {
  if (value === undefined) return;
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) encodePairs(prefix ? `${prefix}[${key}]` : key, inner, out);
    return;
  }
  const text = value === null ? '' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(text)}`);
}

/**
 * Encodes nested params PHP-style (`http_build_query`), percent-encoding brackets and `$` like the official SDKs.
 * @example encodeQuery({ filter: { '>ID': 5 } }) // 'filter%5B%3EID%5D=5'
 */
export function encodeQuery(params: Readonly<Record<string, unknown>>): string {
  const out: string[] = [];
  encodePairs('', params, out);
  return out.join('&');
}
