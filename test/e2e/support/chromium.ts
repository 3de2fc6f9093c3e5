/**
 * Debian's Chromium driven by playwright-core (no browser download): where it lives, why it might be missing, and
 * a launch with the flags that keep it quick on a machine without network (no background networking, component
 * updates, sync or QUIC) and a fresh profile per launch. CI installs it (.ci/run); elsewhere the browser tests
 * print why they did not run.
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Why the browser tests cannot run here, or null when they can. Printed loudly by the tests that skip. */
export function chromiumMissingReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (CI does, in .ci/run) or set CHROMIUM_PATH`;
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile (`--user-data-dir` is the persistent context's folder). */
export async function launchChromium(
  options: { readonly viewport?: { width: number; height: number } } = {},
): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'handoff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    timezoneId: 'Europe/Kyiv',
    locale: 'en-GB',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
