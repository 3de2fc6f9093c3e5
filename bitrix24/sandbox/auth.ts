/**
 * OAuth tokens of the sandbox app: issue, check (401 expired_token / NO_AUTH_FOUND) and rotate on refresh
 * (reference §9: refreshing returns a new refresh token and the old one dies).
 * @module
 */
import { randomBytes } from 'node:crypto';

export interface OAuthAppOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accessTokenTtlMs: number;
}

export const DEFAULT_OAUTH: OAuthAppOptions = {
  clientId: 'local.sandbox.app',
  clientSecret: 'sandboxsecret',
  accessTokenTtlMs: 3_600_000,
};

interface AccessToken {
  readonly userId: number;
  readonly expiresAt: number;
  expired: boolean;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: number;
  readonly userId: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly userId: number }
  | { readonly ok: false; readonly code: string; readonly description: string };

export type RefreshOutcome =
  | { readonly ok: true; readonly tokens: IssuedTokens }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly description: string };

function token(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

export class TokenBook {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, number>();

  constructor(
    readonly app: OAuthAppOptions,
    private readonly now: () => number,
  ) {}

  issue(userId: number): IssuedTokens {
    const accessToken = token('sbxa');
    const refreshToken = token('sbxr');
    const expiresAt = this.now() + this.app.accessTokenTtlMs;
    this.access.set(accessToken, { userId, expiresAt, expired: false });
    this.refresh.set(refreshToken, userId);
    return { accessToken, refreshToken, expiresAt, userId };
  }

  check(accessToken: string | undefined): TokenCheck {
    const entry = accessToken ? this.access.get(accessToken) : undefined;
    if (!entry) return { ok: false, code: 'NO_AUTH_FOUND', description: 'Wrong authorization data' };
    if (entry.expired || this.now() >= entry.expiresAt) {
      return { ok: false, code: 'expired_token', description: 'The access token provided has expired.' };
    }
    return { ok: true, userId: entry.userId };
  }

  /** The app was uninstalled: every token it held dies. */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  expireAll(): void {
    for (const entry of this.access.values()) entry.expired = true;
  }

  /** grant_type=refresh_token: checks the app credentials, rotates the refresh token. */
  refreshTokens(clientId: string, clientSecret: string, refreshToken: string): RefreshOutcome {
    if (clientId !== this.app.clientId || clientSecret !== this.app.clientSecret) {
      return { ok: false, status: 401, error: 'invalid_client', description: 'Invalid client credentials' };
    }
    const userId = this.refresh.get(refreshToken);
    if (userId === undefined) {
      return { ok: false, status: 400, error: 'invalid_grant', description: 'Invalid refresh token' };
    }
    this.refresh.delete(refreshToken);
    return { ok: true, tokens: this.issue(userId) };
  }
}
