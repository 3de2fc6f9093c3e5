/**
 * Constant-time comparison of a presented secret with the expected one (API keys, CSRF tokens, a portal's
 * application_token): the time taken does not tell how much of a guess was right, nor how long the secret is.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` equals `expected`. Both are hashed to 32 bytes first, so secrets of any length compare in the same
 * time; the length check afterwards only rules out a hash collision.
 * @example sameSecret(bearerKey, config.apiKey) // true only for the exact key
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
