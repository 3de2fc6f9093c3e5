/**
 * Reads what a Bitrix24 portal posts to the app (install, events, robot calls): `application/x-www-form-urlencoded`
 * with PHP-style nested keys (`data[PARAMS][MESSAGE]`, `auth[application_token]`), every value a string (reference
 * §9, §13). Bounded: too many keys, too deep a key or too large a body is refused, never half-read.
 * @module
 */

/** A parsed form: strings, nested records (never arrays: PHP lists stay records keyed `0`, `1`, …). */
export interface FormRecord {
  readonly [key: string]: string | FormRecord;
}

export const FORM_LIMITS = { maxBytes: 256 * 1024, maxKeys: 2000, maxDepth: 8 } as const;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][c]` → ['a', 'b', 'c']; null when the key is malformed or too deep. */
function keyPath(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open < 0) return [key];
  if (open === 0) return null;
  const path = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^\]]*)\]/y;
  let at = 0;
  while (at < rest.length) {
    re.lastIndex = at;
    const match = re.exec(rest);
    if (!match) return null;
    path.push(match[1] ?? '');
    at = re.lastIndex;
  }
  return path.length > FORM_LIMITS.maxDepth ? null : path;
}

export type FormParse =
  | { readonly ok: true; readonly value: FormRecord }
  | { readonly ok: false; readonly problem: string };

/**
 * Parses a form body. `a[]=x` appends (PHP style); a key both a value and a parent keeps the first.
 * @example parseForm('auth[member_id]=m1&data[PARAMS][MESSAGE]=hi') // { ok: true, value: { auth: { member_id: 'm1' }, data: {…} } }
 */
export function parseForm(body: string): FormParse {
  if (body.length > FORM_LIMITS.maxBytes) return { ok: false, problem: 'the body is too large' };
  const root: Record<string, unknown> = Object.create(null);
  const pairs = body === '' ? [] : body.split('&');
  if (pairs.length > FORM_LIMITS.maxKeys) return { ok: false, problem: 'the body has too many fields' };
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return { ok: false, problem: 'the body is not valid form encoding' };
    }
    const path = keyPath(key);
    if (path === null) return { ok: false, problem: 'a field name is malformed or nested too deeply' };
    if (path.some((segment) => FORBIDDEN.has(segment))) return { ok: false, problem: 'a field name is not allowed' };
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i += 1) {
      let segment = path[i] as string;
      if (segment === '' && i > 0) segment = String(Object.keys(node).length);
      if (i === path.length - 1) {
        if (!(segment in node)) node[segment] = value;
        break;
      }
      const next = node[segment];
      if (typeof next === 'string') break;
      if (next === undefined) {
        const child: Record<string, unknown> = Object.create(null);
        node[segment] = child;
        node = child;
      } else node = next as Record<string, unknown>;
    }
  }
  return { ok: true, value: root as FormRecord };
}

/** The string at a path, or undefined (a nested record is not a string). */
export function formString(form: FormRecord | undefined, ...path: string[]): string | undefined {
  let node: string | FormRecord | undefined = form;
  for (const segment of path) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = Object.hasOwn(node, segment) ? node[segment] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/** The record at a path, or undefined. */
export function formRecord(form: FormRecord | undefined, ...path: string[]): FormRecord | undefined {
  let node: string | FormRecord | undefined = form;
  for (const segment of path) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = Object.hasOwn(node, segment) ? node[segment] : undefined;
  }
  return typeof node === 'object' ? node : undefined;
}
