/**
 * Secrets at rest (portal tokens, webhook URLs, Slack installations): AES-256-GCM with a 32-byte key from
 * ENCRYPTION_KEY. Without a key (development) values are stored marked as plain text, and the cipher says so in
 * `warning` so start-up can log it clearly; a stored encrypted value is never readable without the key.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Format marker of encrypted values: `v1:<iv>:<tag>:<ciphertext>`, each base64. */
const ENCRYPTED_PREFIX = 'v1:';
/** Format marker of values stored without a key (development only). */
const PLAIN_PREFIX = 'plain:';
const IV_BYTES = 12;

export interface Cipher {
  /** True when values are really encrypted (a key was given). */
  readonly encrypting: boolean;
  /** Set when not encrypting: a sentence for the start-up log. */
  readonly warning?: string;
  encrypt(plaintext: string): string;
  /** Reads a value written by `encrypt`; throws (naming no secret) when it cannot. */
  decrypt(stored: string): string;
}

/**
 * Reads a base64 ENCRYPTION_KEY; `null` unless it decodes to exactly 32 bytes.
 * @example parseEncryptionKey(randomBytes(32).toString('base64')) // Buffer(32)
 */
export function parseEncryptionKey(base64: string): Buffer | null {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

/**
 * A cipher for secrets at rest. `key` is 32 raw bytes (see parseEncryptionKey), or null to store plain text in
 * development.
 * @example
 * const cipher = createCipher(config.encryptionKey ?? null);
 * if (cipher.warning) logger.warn({}, cipher.warning);
 */
export function createCipher(key: Buffer | null): Cipher {
  if (key !== null && key.length !== 32) throw new Error('encryption key must be 32 bytes (AES-256)');
  const decryptPlain = (stored: string): string => {
    if (stored.startsWith(PLAIN_PREFIX)) return stored.slice(PLAIN_PREFIX.length);
    if (stored.startsWith(ENCRYPTED_PREFIX)) {
      if (key === null) throw new Error('a stored secret is encrypted but no ENCRYPTION_KEY is configured');
      return decryptGcm(key, stored);
    }
    throw new Error('a stored secret has an unknown format');
  };
  if (key === null) {
    return {
      encrypting: false,
      warning:
        'ENCRYPTION_KEY is not set: portal and Slack tokens are stored UNENCRYPTED. Set a 32-byte base64 key in production.',
      encrypt: (plaintext) => PLAIN_PREFIX + plaintext,
      decrypt: decryptPlain,
    };
  }
  return {
    encrypting: true,
    encrypt: (plaintext) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${ENCRYPTED_PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    // Plain values written before a key was configured stay readable; they are re-encrypted on their next write.
    decrypt: decryptPlain,
  };
}

function decryptGcm(key: Buffer, stored: string): string {
  const [iv, tag, body] = stored.slice(ENCRYPTED_PREFIX.length).split(':');
  if (iv === undefined || tag === undefined || body === undefined) throw new Error('a stored secret is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM authentication failed: a different key, or the value was altered. Never echo the value.
    throw new Error('a stored secret could not be decrypted (wrong ENCRYPTION_KEY or altered data)');
  }
}
