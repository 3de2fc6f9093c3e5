/**
 * The one place that reads the environment: a zod schema turned into a typed Config with modes as discriminated
 * unions. A bad or conflicting value stops start-up with a message naming the variables, never their values.
 * @module
 */
import { z } from 'zod';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const Env = z.object({
  PORT: z.coerce.number({ error: 'must be a port number (0–65535)' }).int().min(0).max(65535).default(3000),
  HOST: optionalText,
  DATABASE_PATH: z.string().min(1).default('./data/handoff.db'),
  MONGODB_URL: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'must start with mongodb:// or mongodb+srv://',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token (xoxb-…)',
  }),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token (xapp-…)',
  }),
  SLACK_API_URL: optionalText.pipe(z.url().optional()),

  BITRIX24_WEBHOOK_URL: optionalText,
  BITRIX24_CLIENT_ID: optionalText,
  BITRIX24_CLIENT_SECRET: optionalText,
  BITRIX24_OAUTH_URL: optionalText.pipe(z.url().optional()),
  BITRIX24_RATE_BURST: z.coerce
    .number({ error: 'must be a whole number of requests (50 on most plans, 250 on Enterprise)' })
    .int()
    .min(1)
    .max(10_000)
    .default(50),
  BITRIX24_RATE_PER_SECOND: z.coerce
    .number({ error: 'must be a number of requests per second (2 on most plans, 5 on Enterprise)' })
    .min(0.1)
    .max(1_000)
    .default(2),

  PUBLIC_URL: optionalText.pipe(z.url().optional()),
  ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || Buffer.from(v, 'base64').length === 32, {
    message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
  }),
  SANDBOX: flag,
  API_KEY: optionalText.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
  SWEEP_INTERVAL_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  JOB_LOCK_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds (5–3600)' })
    .int()
    .min(5)
    .max(3_600)
    .default(20),
});

export type SlackConfig =
  | { readonly mode: 'off' }
  | { readonly mode: 'token'; readonly signingSecret: string; readonly botToken: string; readonly apiUrl?: string }
  | {
      readonly mode: 'oauth';
      readonly signingSecret: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly stateSecret: string;
      readonly apiUrl?: string;
    }
  | { readonly mode: 'socket'; readonly appToken: string; readonly botToken: string; readonly apiUrl?: string };

export type PortalConfig =
  | { readonly mode: 'sandbox' }
  | { readonly mode: 'webhook'; readonly webhookUrl: string }
  | { readonly mode: 'oauth'; readonly clientId: string; readonly clientSecret: string; readonly oauthUrl?: string }
  | { readonly mode: 'none' };

export type StorageConfig =
  | { readonly mode: 'sqlite'; readonly databasePath: string }
  | { readonly mode: 'mongo'; readonly url: string; readonly databasePath: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  readonly storage: StorageConfig;
  readonly slack: SlackConfig;
  readonly portal: PortalConfig;
  readonly rate: { readonly burst: number; readonly perSecond: number };
  readonly publicUrl?: string;
  /** 32 raw bytes for AES-256-GCM, or undefined (tokens then stored unencrypted; start-up warns). */
  readonly encryptionKey?: Buffer;
  readonly apiKey?: string;
  readonly sweepIntervalMs: number;
  /**
   * How long a job's lock (and its run's lease on the handoff) holds without a heartbeat: a crashed process's
   * handoff is resumed by another (or the restarted) process this long after the crash. Renewed every quarter of it.
   */
  readonly jobLockMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration problem${problems.length > 1 ? 's' : ''}:\n  - ${problems.join('\n  - ')}`);
  }
}

export type ParseConfigResult = { ok: true; value: Config } | { ok: false; problems: readonly string[] };

/** Reads the environment into a Config; never throws. Problems name variables, never their values. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ParseConfigResult {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`),
    };
  }
  const e = parsed.data;
  const problems: string[] = [];

  const slack = slackConfig(e, problems);
  const portal = portalConfig(e, problems);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      port: e.PORT,
      host: e.HOST ?? '0.0.0.0',
      logLevel: e.LOG_LEVEL,
      storage:
        e.MONGODB_URL === undefined
          ? { mode: 'sqlite', databasePath: e.DATABASE_PATH }
          : { mode: 'mongo', url: e.MONGODB_URL, databasePath: e.DATABASE_PATH },
      slack,
      portal,
      rate: { burst: e.BITRIX24_RATE_BURST, perSecond: e.BITRIX24_RATE_PER_SECOND },
      sweepIntervalMs: e.SWEEP_INTERVAL_MINUTES * 60_000,
      jobLockMs: e.JOB_LOCK_SECONDS * 1_000,
      ...(e.PUBLIC_URL === undefined ? {} : { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') }),
      ...(e.ENCRYPTION_KEY === undefined ? {} : { encryptionKey: Buffer.from(e.ENCRYPTION_KEY, 'base64') }),
      ...(e.API_KEY === undefined ? {} : { apiKey: e.API_KEY }),
    },
  };
}

/** Like parseConfig, but throws a ConfigError listing every problem. */
export function toConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.value;
}

type EnvValues = z.infer<typeof Env>;

function slackConfig(e: EnvValues, problems: string[]): SlackConfig {
  const apiUrl = e.SLACK_API_URL === undefined ? {} : { apiUrl: e.SLACK_API_URL };
  const oauthVars = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  const anyOauth = oauthVars.some((v) => v !== undefined);

  if (e.SLACK_APP_TOKEN !== undefined) {
    if (e.SLACK_BOT_TOKEN === undefined) problems.push('SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN too');
    if (anyOauth) problems.push('SLACK_APP_TOKEN (Socket Mode) cannot be combined with SLACK_CLIENT_ID/SECRET');
    return { mode: 'socket', appToken: e.SLACK_APP_TOKEN, botToken: e.SLACK_BOT_TOKEN ?? '', ...apiUrl };
  }
  if (anyOauth) {
    if (oauthVars.some((v) => v === undefined)) {
      problems.push(
        'SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together (multi-workspace install)',
      );
    }
    if (e.SLACK_BOT_TOKEN !== undefined) {
      problems.push('SLACK_BOT_TOKEN (single workspace) and SLACK_CLIENT_ID (multi-workspace) exclude each other');
    }
    if (e.SLACK_SIGNING_SECRET === undefined) problems.push('SLACK_SIGNING_SECRET is required for the Slack app');
    return {
      mode: 'oauth',
      signingSecret: e.SLACK_SIGNING_SECRET ?? '',
      clientId: e.SLACK_CLIENT_ID ?? '',
      clientSecret: e.SLACK_CLIENT_SECRET ?? '',
      stateSecret: e.SLACK_STATE_SECRET ?? '',
      ...apiUrl,
    };
  }
  if (e.SLACK_BOT_TOKEN !== undefined) {
    if (e.SLACK_SIGNING_SECRET === undefined) problems.push('SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET');
    return { mode: 'token', signingSecret: e.SLACK_SIGNING_SECRET ?? '', botToken: e.SLACK_BOT_TOKEN, ...apiUrl };
  }
  return { mode: 'off' };
}

function portalConfig(e: EnvValues, problems: string[]): PortalConfig {
  const modes = [
    e.SANDBOX ? 'SANDBOX' : undefined,
    e.BITRIX24_WEBHOOK_URL === undefined ? undefined : 'BITRIX24_WEBHOOK_URL',
    e.BITRIX24_CLIENT_ID === undefined ? undefined : 'BITRIX24_CLIENT_ID',
  ].filter((m) => m !== undefined);
  if (modes.length > 1) problems.push(`${modes.join(', ')} exclude each other: choose one way to reach the portal`);

  if (e.SANDBOX) return { mode: 'sandbox' };
  if (e.BITRIX24_WEBHOOK_URL !== undefined) {
    const problem = webhookUrlProblem(e.BITRIX24_WEBHOOK_URL);
    if (problem !== undefined) problems.push(`BITRIX24_WEBHOOK_URL ${problem}`);
    return { mode: 'webhook', webhookUrl: e.BITRIX24_WEBHOOK_URL };
  }
  if (e.BITRIX24_CLIENT_ID !== undefined) {
    if (e.BITRIX24_CLIENT_SECRET === undefined) problems.push('BITRIX24_CLIENT_ID needs BITRIX24_CLIENT_SECRET');
    // The app registers its install and bot handlers under PUBLIC_URL: portals must be able to reach it.
    if (e.PUBLIC_URL === undefined)
      problems.push('BITRIX24_CLIENT_ID needs PUBLIC_URL (where portals send the install and bot events)');
    return {
      mode: 'oauth',
      clientId: e.BITRIX24_CLIENT_ID,
      clientSecret: e.BITRIX24_CLIENT_SECRET ?? '',
      ...(e.BITRIX24_OAUTH_URL === undefined ? {} : { oauthUrl: e.BITRIX24_OAUTH_URL }),
    };
  }
  return { mode: 'none' };
}

/** Why a webhook URL is unusable, without echoing its secret part; undefined when it is fine. */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL (expected https://<portal>/rest/<userId>/<code>/)';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    return 'must use https (http is accepted only for loopback addresses)';
  }
  if (!/^\/rest\/\d+\/[A-Za-z0-9_-]{6,}\/?$/.test(url.pathname)) {
    return 'must look like https://<portal>/rest/<userId>/<code>/';
  }
  return undefined;
}
