/**
 * The CLI's HTTP client for a running Handoff server's /api/v1: bearer key, JSON in and out, and every failure
 * (unreachable server, error answer) as one CliApiError carrying the API's code and message.
 * @module
 */

export interface ApiClientOptions {
  /** Base address of the server, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  readonly key: string;
  readonly fetch: typeof fetch;
  /** Milliseconds before a request is given up. Default 30 000. */
  readonly timeoutMs?: number;
}

/** An API call that did not succeed: `status` 0 when the server was not reached at all. */
export class CliApiError extends Error {
  override readonly name = 'CliApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body as the API sent it, for --json. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  /** Answers null for a 204. */
  delete<T>(path: string): Promise<T>;
}

function errorOf(status: number, body: unknown): CliApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; handoff?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `The server answered HTTP ${status}.`;
  return new CliApiError(status, code, message, body);
}

/**
 * @example const client = createApiClient({ url, key, fetch }); const view = await client.get('/api/v1/handoffs/H-3');
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.url.replace(/\/+$/, '');
  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.key}`,
          accept: 'application/json',
          'user-agent': 'handoff-cli/1',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new CliApiError(0, 'unreachable', `Cannot reach the Handoff server at ${base} (${reason}).`, {
        error: { code: 'unreachable', message: reason },
      });
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (!response.ok) throw errorOf(response.status, json);
    return json as T;
  };
  return {
    get: (path) => request('GET', path),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request('DELETE', path),
  };
}
