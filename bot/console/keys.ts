/**
 * The console's signing keys, derived (HMAC) from one root secret the way the Slack Start-button key is
 * (bot/derive-key.ts): ENCRYPTION_KEY when set, so links and sessions survive a restart and every replica
 * accepts them. One key per purpose: a link cannot pass as a session, a session id cannot pass as a CSRF token.
 * @module
 */
import { deriveKey } from '../derive-key.js';

export interface ConsoleKeys {
  /** Signs the short-lived links the chat bots send. */
  readonly link: string;
  /** Signs session cookies. */
  readonly session: string;
  /** Turns a session id into its CSRF token. */
  readonly csrf: string;
}

/**
 * @example createConsoleKeys(config.encryptionKey) // { link, session, csrf }
 */
export function createConsoleKeys(root: Buffer | string): ConsoleKeys {
  return {
    link: deriveKey(root, 'console-link'),
    session: deriveKey(root, 'console-session'),
    csrf: deriveKey(root, 'console-csrf'),
  };
}
