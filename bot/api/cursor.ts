/**
 * Opaque paging cursors for item lists: the (kind, itemId) of the last item of a page, base64url-encoded so
 * clients treat it as a token and not as something to build.
 * @module
 */
import { type EntityKind, isEntityKind } from '../../engine/kinds.js';

export interface ItemCursor {
  readonly kind: EntityKind;
  readonly itemId: number;
}

/**
 * @example toItemCursor({ kind: 'deals', itemId: 42 }) // 'ZGVhbHN8NDI'
 */
export function toItemCursor(cursor: ItemCursor): string {
  return Buffer.from(`${cursor.kind}|${cursor.itemId}`, 'utf8').toString('base64url');
}

/** Reads a cursor from a client; `null` when it is not one we wrote. */
export function parseItemCursor(text: string): ItemCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  const match = /^([a-z]+(?::\d+)?)\|(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2] || !isEntityKind(match[1])) return null;
  return { kind: match[1], itemId: Number(match[2]) };
}
