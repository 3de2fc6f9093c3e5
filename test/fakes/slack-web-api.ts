/**
 * A recording fake of the Slack Web API on 127.0.0.1 (node:http, port 0). Records every call as {method, args},
 * answers canned `ok: true` results, rejects unknown methods (recorded in `unknown` so tests can fail on them), and
 * takes one-shot overrides: HTTP 429 with Retry-After, or an `ok: false` error. Also receives `response_url` posts,
 * and answers `apps.connections.open` (app-level token only) with the fake Socket Mode server's URL.
 * Point `slackApiUrl` at `fake.apiUrl` (trailing `/api/`, slack.md §7.2).
 * @module
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly authorization: string | undefined;
  /** Milliseconds since the epoch when the call arrived. */
  readonly at: number;
  /** What the fake answered: 'ok', the error code, or 'rate_limited'. */
  readonly outcome: string;
}

export interface FakeSlackUser {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  readonly tz?: string;
  readonly deleted?: boolean;
  readonly isBot?: boolean;
}

export type Override =
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'error'; readonly error: string };

export interface FakeSlackWebApi {
  /** `http://127.0.0.1:<port>/api/` */
  readonly apiUrl: string;
  readonly origin: string;
  readonly calls: RecordedCall[];
  /** Calls to methods the fake does not know (a test should expect none). */
  readonly unknown: RecordedCall[];
  /** Bodies posted to `/response_url/<id>`. */
  readonly responses: { readonly id: string; readonly body: Record<string, unknown> }[];
  callsOf(method: string): RecordedCall[];
  /** The next call of `method` gets this answer instead of the canned one (queued; one-shot each). */
  override(method: string, override: Override): void;
  addUser(user: FakeSlackUser): void;
  responseUrl(id: string): string;
  /** Where `apps.connections.open` sends Socket Mode clients (the fake Socket Mode server's url). */
  useSocketMode(url: string): void;
  clear(): void;
  close(): Promise<void>;
}

const KNOWN = new Set([
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'conversations.open',
  'users.info',
  'users.lookupByEmail',
  'views.open',
  'views.update',
  'views.push',
  'views.publish',
  'oauth.v2.access',
  'apps.connections.open',
]);

function decodeValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').startsWith('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = decodeValue(value);
  return args;
}

export async function startFakeSlackWebApi(): Promise<FakeSlackWebApi> {
  const calls: RecordedCall[] = [];
  const unknown: RecordedCall[] = [];
  const responses: { id: string; body: Record<string, unknown> }[] = [];
  const overrides = new Map<string, Override[]>();
  const users = new Map<string, FakeSlackUser>();
  let tsCounter = 0;
  let viewCounter = 0;
  let socketModeUrl: string | undefined;

  function nextTs(): string {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  }

  function answer(
    method: string,
    args: Record<string, unknown>,
    authorization: string | undefined,
  ): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'handoff',
          team_id: 'T0FAKE',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        return { channel: /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel, ts: nextTs(), message: {} };
      }
      case 'chat.update':
        return { channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { message_ts: nextTs() };
      case 'conversations.open':
        return {
          channel: {
            id: `D${String(args.users ?? 'X')
              .split(',')[0]
              ?.slice(1)}`,
          },
        };
      case 'users.info': {
        const user = users.get(String(args.user));
        if (user === undefined) return { ok: false, error: 'user_not_found' };
        return {
          user: {
            id: user.id,
            name: user.name ?? user.id,
            real_name: user.name ?? user.id,
            deleted: user.deleted ?? false,
            is_bot: user.isBot ?? false,
            tz: user.tz ?? 'UTC',
            tz_offset: 0,
            profile: { email: user.email, real_name: user.name ?? user.id },
          },
        };
      }
      case 'users.lookupByEmail': {
        const user = [...users.values()].find((u) => u.email === args.email);
        return user === undefined ? { ok: false, error: 'users_not_found' } : { user: { id: user.id } };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update': {
        viewCounter += 1;
        const id = typeof args.view_id === 'string' ? args.view_id : `V${String(viewCounter).padStart(6, '0')}`;
        return { view: { ...(args.view as object), id, hash: `hash-${viewCounter}` } };
      }
      case 'views.publish':
        return { view: { ...(args.view as object), id: `VH${args.user_id}` } };
      case 'oauth.v2.access':
        return {
          app_id: 'A0FAKE',
          authed_user: { id: 'U0INSTALLER' },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: 'xoxb-fake-installed',
          bot_user_id: 'UBOT',
          team: { id: 'T0OAUTH', name: 'OAuth Team' },
          enterprise: null,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        // Slack takes only an app-level token here (connections:write); a bot token gets this error.
        if (!authorization?.startsWith('Bearer xapp-')) return { ok: false, error: 'not_allowed_token_type' };
        if (socketModeUrl === undefined) return { ok: false, error: 'fake_socket_mode_not_started' };
        return { url: socketModeUrl };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/response_url/')) {
        responses.push({ id: url.pathname.slice('/response_url/'.length), body: parseArgs(raw, 'application/json') });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const args = parseArgs(raw, req.headers['content-type']);
      const base = { method, args, authorization: req.headers.authorization, at: Date.now() };
      if (!KNOWN.has(method)) {
        unknown.push({ ...base, outcome: 'unknown_method' });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error: 'unknown_method' }));
        return;
      }
      const override = overrides.get(method)?.shift();
      if (override?.kind === 'rate_limited') {
        calls.push({ ...base, outcome: 'rate_limited' });
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(override.retryAfterSeconds) })
          .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const result =
        override?.kind === 'error'
          ? { ok: false, error: override.error }
          : { ok: true, ...answer(method, args, req.headers.authorization) };
      calls.push({ ...base, outcome: result.ok === false ? String(result.error) : 'ok' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    unknown,
    responses,
    callsOf: (method) => calls.filter((c) => c.method === method),
    override(method, override) {
      const queue = overrides.get(method) ?? [];
      queue.push(override);
      overrides.set(method, queue);
    },
    addUser: (user) => void users.set(user.id, user),
    responseUrl: (id) => `${origin}/response_url/${id}`,
    useSocketMode(url) {
      socketModeUrl = url;
    },
    clear() {
      calls.length = 0;
      unknown.length = 0;
      responses.length = 0;
      overrides.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
