/**
 * The demo's ENCRYPTION_KEY: generated once and kept beside the demo database (`demo.key`, mode 0600), so the demo
 * starts without the production warning about a missing key, and its stored tokens, console links and Start buttons
 * survive a restart. Only the demo uses it; `npm start` still warns when ENCRYPTION_KEY is unset.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEncryptionKey } from '../storage/crypto.js';

/** Where the demo keeps its key for the database at `databasePath`. */
export function demoKeyPath(databasePath: string): string {
  return join(dirname(databasePath), 'demo.key');
}

/**
 * The base64 key stored beside `databasePath`, created (32 random bytes, mode 0600) when missing or unreadable as a
 * 32-byte key. An in-memory database gets a fresh key, as its data does not outlive the process either.
 */
export function demoEncryptionKey(databasePath: string): string {
  if (databasePath === ':memory:') return randomBytes(32).toString('base64');
  const path = demoKeyPath(databasePath);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (parseEncryptionKey(stored) !== null) return stored;
  } catch {
    // No key yet: make one below.
  }
  const key = randomBytes(32).toString('base64');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return key;
}
