/**
 * The OAuth tokens of one portal and their refresh (reference §9): refresh only when a call answers
 * expired_token, one refresh at a time however many calls noticed it, and every new pair handed to `onTokens`.
 * @module
 */
import { z } from 'zod';
import { PortalError } from '../engine/errors.js';
import type { Logger } from '../engine/ports.js';
import type { OAuthTokens } from './portal-config.js';

export interface OAuthSessionConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token endpoint base (BITRIX24_OAUTH_URL); `oauth/token/` is appended unless already there. */
  readonly oauthUrl: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly onTokens: (tokens: OAuthTokens) => void | Promise<void>;
}

export interface OAuthSessionDeps {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly logger: Logger;
  readonly timeoutMs: number;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().optional(),
  expires: z.coerce.number().optional(),
  client_endpoint: z.string().optional(),
});
type TokenAnswer = z.infer<typeof TokenAnswer>;

const TokenError = z.object({ error: z.string(), error_description: z.string().optional() });

/** Refusals of the token endpoint that a retry cannot fix (reference §5, §9): re-install or re-authorize. */
const FATAL_OAUTH_CODES = new Set([
  'invalid_grant',
  'invalid_client',
  'invalid_request',
  'invalid_scope',
  'insufficient_scope',
  'PAYMENT_REQUIRED',
]);

export class OAuthSession {
  private access: string;
  private refreshTokenValue: string;
  private inFlight: Promise<string> | undefined;
  private refreshCount = 0;

  constructor(
    private readonly config: OAuthSessionConfig,
    private readonly deps: OAuthSessionDeps,
  ) {
    this.access = config.accessToken;
    this.refreshTokenValue = config.refreshToken;
  }

  /** The access token to send now. */
  get accessToken(): string {
    return this.access;
  }

  /** How many refreshes this session made (for logs and tests). */
  get refreshes(): number {
    return this.refreshCount;
  }

  /**
   * Gets a fresh access token after `staleToken` was refused. Concurrent callers share one refresh, and a caller
   * whose token was already replaced gets the new one without another refresh (the refresh token rotates, so two
   * parallel refreshes would race). Throws PortalError when the token endpoint refuses.
   */
  async refresh(staleToken: string): Promise<string> {
    if (this.inFlight) return this.inFlight;
    if (staleToken !== this.access) return this.access;
    this.inFlight = this.doRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private tokenUrl(): string {
    const base = this.config.oauthUrl.endsWith('/') ? this.config.oauthUrl : `${this.config.oauthUrl}/`;
    return /\/oauth\/token\/$/.test(base) ? base : `${base}oauth/token/`;
  }

  private async doRefresh(): Promise<string> {
    // Form-encoded POST, as the official JS SDK sends it; the secret never goes to the portal itself (§9).
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      refresh_token: this.refreshTokenValue,
    });
    let response: Response;
    try {
      response = await this.deps.fetch(this.tokenUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      });
    } catch (error) {
      throw new PortalError('Bitrix24 token refresh failed: no answer from the token endpoint', 'network', true, {
        cause: error instanceof Error ? error.name : 'unknown',
      });
    }
    const json: unknown = await response.json().catch(() => undefined);
    const ok = TokenAnswer.safeParse(json);
    if (!response.ok || !ok.success) throw this.refusal(response.status, json);
    return this.adopt(ok.data);
  }

  private refusal(status: number, json: unknown): PortalError {
    const parsed = TokenError.safeParse(json);
    const code = parsed.success ? parsed.data.error : `HTTP_${status}`;
    const retryable = !FATAL_OAUTH_CODES.has(code) && (status >= 500 || status === 0);
    return new PortalError(
      `Bitrix24 token refresh refused: ${code}${retryable ? '' : ' (re-install or re-authorize the app)'}`,
      code,
      retryable,
    );
  }

  private async adopt(answer: TokenAnswer): Promise<string> {
    this.access = answer.access_token;
    this.refreshTokenValue = answer.refresh_token;
    this.refreshCount += 1;
    const expiresAt =
      answer.expires !== undefined
        ? new Date(answer.expires * 1000)
        : answer.expires_in !== undefined
          ? new Date(this.deps.now() + answer.expires_in * 1000)
          : undefined;
    const tokens: OAuthTokens = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      ...(expiresAt ? { expiresAt } : {}),
      ...(answer.client_endpoint ? { clientEndpoint: answer.client_endpoint } : {}),
    };
    this.deps.logger.info({ refreshes: this.refreshCount }, 'bitrix24 oauth tokens refreshed');
    try {
      await this.config.onTokens(tokens);
    } catch (error) {
      // The new pair still works in memory; losing it on restart means re-authorizing, so say so loudly.
      this.deps.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'bitrix24 oauth tokens not stored',
      );
    }
    return this.access;
  }
}
