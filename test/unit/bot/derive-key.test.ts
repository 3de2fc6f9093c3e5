import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey } from '../../../bot/derive-key.js';

describe('deriveKey', () => {
  it('is HMAC-SHA256 of handoff/<purpose>/v1, so keys made before it existed still verify', () => {
    const root = Buffer.alloc(32, 7);

    const key = deriveKey(root, 'slack-confirm');

    expect(key).toBe(createHmac('sha256', root).update('handoff/slack-confirm/v1').digest('base64url'));
  });

  it('gives each purpose its own key, and a string root the key of its UTF-8 bytes', () => {
    const keys = ['slack-confirm', 'bitrix24-confirm', 'console-link', 'console-session', 'console-csrf'].map(
      (purpose) => deriveKey('xapp-secret', purpose),
    );

    expect(new Set(keys).size).toBe(keys.length);
    expect(deriveKey(Buffer.from('xapp-secret'), 'console-link')).toBe(keys[2]);
  });
});
