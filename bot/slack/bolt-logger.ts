/**
 * Bolt's Logger interface on top of our Logger port, so Bolt's lines land in our stream under `component: bolt`
 * (STYLE.md §6). Bolt logs variadic strings; we join them into the message.
 * @module
 */
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../engine/ports.js';
import { scrubSecrets } from '../scrub.js';

/** Bolt and the Socket Mode client log whole payloads at debug level: scrub tokens out of them. */
function text(parts: unknown[]): string {
  return scrubSecrets(
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' '),
  );
}

export function createBoltLogger(logger: Logger): BoltLogger {
  let log = logger.child({ component: 'bolt' });
  let level = 'info' as LogLevel;
  return {
    debug: (...msg: unknown[]) => log.debug({}, text(msg)),
    info: (...msg: unknown[]) => log.info({}, text(msg)),
    warn: (...msg: unknown[]) => log.warn({ detail: text(msg) }, 'bolt warning'),
    error: (...msg: unknown[]) => log.error({ detail: text(msg) }, 'bolt error'),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name: string) => {
      log = logger.child({ component: 'bolt', name });
    },
  };
}
