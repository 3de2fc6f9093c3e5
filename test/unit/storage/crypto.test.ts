/**
 * AES-256-GCM at rest: round-trips, a fresh IV per value, tamper and wrong-key detection, and the keyless dev mode.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipher, parseEncryptionKey } from '../../../storage/crypto.js';

describe('createCipher', () => {
  it('round-trips and never stores the plain text', () => {
    const cipher = createCipher(randomBytes(32));

    const stored = cipher.encrypt('xoxb-secret-token');

    expect(stored).not.toContain('secret');
    expect(cipher.decrypt(stored)).toBe('xoxb-secret-token');
    expect(cipher.encrypting).toBe(true);
    expect(cipher.warning).toBeUndefined();
  });

  it('uses a fresh IV for each value', () => {
    const cipher = createCipher(randomBytes(32));

    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses altered data and a different key without echoing the value', () => {
    const stored = createCipher(randomBytes(32)).encrypt('secret-value');
    const parts = stored.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    const altered = [...parts.slice(0, 3), body.toString('base64')].join(':');

    expect(() => createCipher(randomBytes(32)).decrypt(stored)).toThrow(/could not be decrypted/);
    expect(() => createCipher(randomBytes(32)).decrypt(altered)).toThrow(/could not be decrypted/);
  });

  it('without a key stores marked plain text, says so, and cannot read encrypted values', () => {
    const plain = createCipher(null);
    const encrypted = createCipher(randomBytes(32)).encrypt('x');

    expect(plain.encrypting).toBe(false);
    expect(plain.warning).toMatch(/ENCRYPTION_KEY is not set/);
    expect(plain.decrypt(plain.encrypt('token'))).toBe('token');
    expect(() => plain.decrypt(encrypted)).toThrow(/no ENCRYPTION_KEY/);
  });

  it('with a key still reads values stored before the key was configured', () => {
    expect(createCipher(randomBytes(32)).decrypt(createCipher(null).encrypt('old'))).toBe('old');
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => createCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('parseEncryptionKey', () => {
  it.each([
    ['32 bytes of base64', randomBytes(32).toString('base64'), true],
    ['16 bytes', randomBytes(16).toString('base64'), false],
    ['not base64', 'not a key!', false],
    ['empty', '', false],
  ])('%s', (_name, text, ok) => {
    expect(parseEncryptionKey(text) !== null).toBe(ok);
  });
});
