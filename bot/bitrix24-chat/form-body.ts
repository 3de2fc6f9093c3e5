/**
 * Reads the form-encoded bodies Bitrix24 posts to handlers (reference §9, §11): PHP-style nested keys
 * (`document_id[2]=DEAL_12`, `auth[member_id]=…`, `properties[roles][]=…`) into nested records; every value a string.
 * Pure, never throws; a key that would clash (`a=1&a[b]=2`) keeps the first shape.
 * @module
 */

export type FormValue = string | FormRecord;
export interface FormRecord {
  [key: string]: FormValue;
}

/** `a[b][c]` → ['a', 'b', 'c']; `a[]` appends (an empty segment). */
function pathOf(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  for (const match of key.slice(open).matchAll(/\[([^\]]*)\]/g)) path.push(match[1] ?? '');
  return path;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Parses `application/x-www-form-urlencoded` text with PHP-style keys.
 * @example parseFormBody('document_id%5B2%5D=DEAL_12&auth%5Bmember_id%5D=abc') // { document_id: { '2': 'DEAL_12' }, auth: { member_id: 'abc' } }
 */
export function parseFormBody(body: string): FormRecord {
  const root: FormRecord = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    const path = pathOf(key);
    let node: FormRecord = root;
    let clash = false;
    for (const [index, rawSegment] of path.entries()) {
      const segment = rawSegment === '' ? String(Object.keys(node).length) : rawSegment;
      if (index === path.length - 1) {
        if (node[segment] === undefined) node[segment] = value;
        break;
      }
      const next = node[segment];
      if (next === undefined) {
        const created: FormRecord = {};
        node[segment] = created;
        node = created;
      } else if (typeof next === 'string') {
        clash = true;
        break;
      } else node = next;
    }
    if (clash) continue;
  }
  return root;
}
