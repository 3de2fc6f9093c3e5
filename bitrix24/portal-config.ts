/**
 * How to reach one portal: an incoming webhook or an installed OAuth app (a discriminated union), checked once
 * with messages that name the field at fault and never print a secret.
 * @module
 */

export interface OAuthTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires, when the token endpoint said so. */
  readonly expiresAt?: Date;
  /** The portal's REST base as the token endpoint reported it (it follows domain moves). */
  readonly clientEndpoint?: string;
}

export type PortalConfig =
  | { readonly kind: 'webhook'; readonly url: string }
  | {
      readonly kind: 'oauth';
      /** The portal's REST base, `https://{portal}/rest/`. */
      readonly clientEndpoint: string;
      readonly accessToken: string;
      readonly refreshToken: string;
      readonly clientId: string;
      readonly clientSecret: string;
      /** Token endpoint base (BITRIX24_OAUTH_URL), e.g. `https://oauth.bitrix.info`. */
      readonly oauthUrl: string;
      /** Receives every new pair of tokens (the refresh token rotates: store it each time, reference §9). */
      readonly onTokens: (tokens: OAuthTokens) => void | Promise<void>;
    };

export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** https everywhere; plain http only on loopback (tests and the sandbox demo). */
export function isAllowedPortalUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

const WEBHOOK_PATH = /^(.*\/rest\/)(\d+)\/([^/]+)\/?$/;

/**
 * Reads an incoming-webhook URL `https://{portal}/rest/{userId}/{code}/` into its REST endpoint (with a trailing
 * slash). Never throws; the problem names what is wrong, not the value.
 * @example parseWebhookUrl('https://acme.bitrix24.com/rest/1/abc123') // { ok: true, value: '…/rest/1/abc123/' }
 */
export function parseWebhookUrl(value: string, field = 'webhook URL'): ConfigResult<string> {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: `${field} is not a valid URL` };
  }
  if (!isAllowedPortalUrl(url)) return { ok: false, problem: `${field} must use https (http only for loopback)` };
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    return { ok: false, problem: `${field} must not carry a query, fragment or user info` };
  const match = WEBHOOK_PATH.exec(url.pathname);
  if (!match?.[1] || !match[3] || Number(match[2]) <= 0)
    return { ok: false, problem: `${field} must look like https://<portal>/rest/<userId>/<code>/` };
  return { ok: true, value: `${url.origin}${match[1]}${match[2]}/${match[3]}/` };
}

/** Reads a REST base such as `https://{portal}/rest/` (OAuth `client_endpoint`), ending in a slash. */
export function parseRestBase(value: string, field: string): ConfigResult<string> {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: `${field} is not a valid URL` };
  }
  if (!isAllowedPortalUrl(url)) return { ok: false, problem: `${field} must use https (http only for loopback)` };
  if (url.search !== '' || url.hash !== '')
    return { ok: false, problem: `${field} must not carry a query or fragment` };
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { ok: true, value: `${url.origin}${path}` };
}

/** Checks a whole portal configuration; never throws. */
export function parsePortalConfig(config: PortalConfig): ConfigResult<PortalConfig> {
  if (config.kind === 'webhook') {
    const url = parseWebhookUrl(config.url, 'BITRIX24_WEBHOOK_URL');
    return url.ok ? { ok: true, value: { kind: 'webhook', url: url.value } } : url;
  }
  const endpoint = parseRestBase(config.clientEndpoint, 'client endpoint');
  if (!endpoint.ok) return endpoint;
  const oauthUrl = parseRestBase(config.oauthUrl, 'BITRIX24_OAUTH_URL');
  if (!oauthUrl.ok) return oauthUrl;
  for (const [field, value] of [
    ['access token', config.accessToken],
    ['refresh token', config.refreshToken],
    ['BITRIX24_CLIENT_ID', config.clientId],
    ['BITRIX24_CLIENT_SECRET', config.clientSecret],
  ] as const) {
    if (value.trim() === '') return { ok: false, problem: `${field} is empty` };
  }
  return { ok: true, value: { ...config, clientEndpoint: endpoint.value, oauthUrl: oauthUrl.value } };
}

/** Like parsePortalConfig, for configuration already validated upstream: throws a clear Error otherwise. */
export function toPortalConfig(config: PortalConfig): PortalConfig {
  const parsed = parsePortalConfig(config);
  if (!parsed.ok) throw new Error(`Invalid Bitrix24 portal configuration: ${parsed.problem}`);
  return parsed.value;
}

/**
 * Masks the secret part of a webhook URL (the code) wherever a URL is printed; other URLs lose their query.
 * @example maskUrl('https://acme.bitrix24.com/rest/1/abc123/crm.deal.list') // 'https://acme.bitrix24.com/rest/1/***\/crm.deal.list'
 */
export function maskUrl(value: string): string {
  try {
    const url = new URL(value);
    const path = url.pathname.replace(/(\/rest\/\d+\/)[^/]+/, '$1***');
    return `${url.origin}${path}`;
  } catch {
    return '(invalid URL)';
  }
}
