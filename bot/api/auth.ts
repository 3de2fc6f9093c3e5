/**
 * Bearer-key authentication for /api/v1: a per-tenant key (stored hashed, created with `handoff api-key create`),
 * or, in a single-portal deployment, the API_KEY from the environment. Sets the tenant and the actor on the context.
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import type { TenantId } from '../../engine/ids.js';
import type { ApiKeyStore } from '../../storage/api-key-store.js';
import { sameSecret } from '../same-secret.js';
import { ApiError } from './errors.js';

export interface AuthVariables {
  tenantId: TenantId;
  /** A label for the audit trail, e.g. `api-key:hr`. */
  actorLabel: string;
}

export interface AuthOptions {
  readonly apiKeys: Pick<ApiKeyStore, 'verify'>;
  readonly singleTenant?: { readonly tenantId: TenantId; readonly apiKey: string } | undefined;
}

function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer +(\S{1,512})\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Answers 401 (via ApiError) without a valid key; otherwise sets `tenantId` and `actorLabel`.
 * @example app.use('/api/v1/handoffs/*', createApiAuth({ apiKeys, singleTenant }))
 */
export function createApiAuth(options: AuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const key = bearerOf(c.req.header('authorization'));
    if (key === null) {
      throw new ApiError(401, 'unauthorized', 'Send an API key as "Authorization: Bearer <key>".');
    }
    const single = options.singleTenant;
    if (single !== undefined && sameSecret(key, single.apiKey)) {
      c.set('tenantId', single.tenantId);
      c.set('actorLabel', 'api-key:API_KEY');
    } else {
      const found = await options.apiKeys.verify(key);
      if (found === null) throw new ApiError(401, 'unauthorized', 'The API key is not valid (or was revoked).');
      c.set('tenantId', found.tenantId);
      c.set('actorLabel', `api-key:${found.name ?? 'unnamed'}`);
    }
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
