/**
 * pino, created once in main.ts, with secrets redacted; `toLoggerPort` hands the engine its small Logger port.
 * @module
 */
import { pino } from 'pino';
import type { Logger } from '../engine/ports.js';
import { scrubSecrets } from './scrub.js';

/** Field names whose values never reach a log line, wherever they sit (STYLE.md §6). */
const SECRET_KEYS = [
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'botToken',
  'appToken',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'stateSecret',
  'authorization',
  'Authorization',
  'webhookUrl',
  'apiKey',
  'key',
  'password',
  'encryptionKey',
  // Bitrix24 app credentials: the portal's application_token and a robot call's event_token (bitrix24-rest.md §9, §13).
  'applicationToken',
  'application_token',
  'eventToken',
  'event_token',
  'confirmSecret',
];

const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)];

export type PinoLogger = pino.Logger;

export function createPinoLogger(
  level: string,
  destination?: pino.DestinationStream,
  bindings: Record<string, unknown> = {},
): PinoLogger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'handoff', ...bindings },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: scrubbedError },
    // Messages are free text that libraries fill with whatever they like; scrub every string argument.
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** pino's error serializer, with secrets masked in the message and stack (an error may quote a URL or a body). */
function scrubbedError(err: Error): Record<string, unknown> {
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack', 'detail']) {
    const value = out[key];
    if (typeof value === 'string') out[key] = scrubSecrets(value);
  }
  return out;
}

/** Adapts a pino logger to the engine's Logger port. */
export function toLoggerPort(log: PinoLogger): Logger {
  return {
    debug: (obj, msg) => log.debug(obj, msg),
    info: (obj, msg) => log.info(obj, msg),
    warn: (obj, msg) => log.warn(obj, msg),
    error: (obj, msg) => log.error(obj, msg),
    child: (bindings) => toLoggerPort(log.child(bindings)),
  };
}

/** A Logger that drops everything (tests that do not look at logs). */
export function createSilentLogger(): Logger {
  const silent: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => silent,
  };
  return silent;
}
