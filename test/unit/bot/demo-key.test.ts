import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toConfig } from '../../../bot/config.js';
import { demoEnvironment } from '../../../bot/demo-environment.js';
import { demoEncryptionKey, demoKeyPath } from '../../../bot/demo-key.js';
import { createCipher } from '../../../storage/crypto.js';

describe("the demo's own encryption key", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-demo-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is made once beside the demo database, readable by its owner only, and the same at the next start', () => {
    const databasePath = join(tempDir(), 'data', 'demo.db');

    const first = demoEncryptionKey(databasePath);
    const second = demoEncryptionKey(databasePath);

    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(second).toBe(first);
    expect(demoKeyPath(databasePath)).toBe(join(databasePath, '..', 'demo.key'));
    expect(statSync(demoKeyPath(databasePath)).mode & 0o777).toBe(0o600);
  });

  it('replaces a file that does not hold a 32-byte key', () => {
    const databasePath = join(tempDir(), 'demo.db');
    writeFileSync(demoKeyPath(databasePath), 'not a key\n');

    const key = demoEncryptionKey(databasePath);

    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(demoEncryptionKey(databasePath)).toBe(key);
  });

  it('is a valid ENCRYPTION_KEY, so the cipher has no missing-key warning to print', () => {
    const databasePath = join(tempDir(), 'demo.db');
    const env = {
      ...demoEnvironment({ DATABASE_PATH: databasePath }),
      ENCRYPTION_KEY: demoEncryptionKey(databasePath),
    };

    const config = toConfig(env);

    expect(createCipher(config.encryptionKey ?? null).warning).toBeUndefined();
    expect(createCipher(null).warning).toMatch(/ENCRYPTION_KEY/);
  });
});
