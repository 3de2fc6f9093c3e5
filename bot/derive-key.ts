/**
 * Per-purpose keys derived from one root secret (ENCRYPTION_KEY, or a surface's own secret): HMAC-SHA256 of
 * `handoff/<purpose>/v1` under the root. One derivation for every surface, so a key made for one purpose (a Slack
 * Start button, a console session) never verifies another's signature.
 * @module
 */
import { createHmac } from 'node:crypto';

/**
 * The key for `purpose` under `root`, base64url. Deterministic: the same root gives the same key after a restart
 * and on every replica.
 * @example deriveKey(config.encryptionKey, 'slack-confirm') // 'q1…' (43 characters)
 */
export function deriveKey(root: Buffer | string, purpose: string): string {
  return createHmac('sha256', root).update(`handoff/${purpose}/v1`).digest('base64url');
}
