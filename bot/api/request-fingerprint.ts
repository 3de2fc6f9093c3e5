/**
 * The fingerprint of a create request, stored with its Idempotency-Key (on the `handoff.created` event): a SHA-256
 * of the checked body in a canonical form — keys sorted, lists of plain values (kinds) as sets — so the same plan
 * sent again (a retry) matches whatever its key order, and another plan under the same key does not.
 * @module
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    const plain = items.every((v) => v === null || typeof v !== 'object');
    return plain
      ? [...new Set(items.map((v) => JSON.stringify(v)))].sort().map((v) => JSON.parse(v) as unknown)
      : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/**
 * @example
 * requestFingerprint({ kinds: ['tasks', 'deals'], from: { id: 1 } }) === requestFingerprint({ from: { id: 1 }, kinds: ['deals', 'tasks'] })
 */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}
