/**
 * A fake Slack Socket Mode server on 127.0.0.1 (ws, port 0), speaking the protocol @slack/socket-mode 3.x expects:
 * `{"type":"hello"}` when a client connects, envelopes `{ envelope_id, type, payload, accepts_response_payload }` out,
 * acks `{ envelope_id, payload? }` back. The fake Web API's `apps.connections.open` hands out `url` (see
 * FakeSlackWebApi.useSocketMode). ws answers the client's pings itself. Not modelled: `{"type":"disconnect"}`
 * (the client waits 5 s before reconnecting, too slow for a test) and server pings (the client's 30 s deadline
 * only starts after the first one).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What a client sent back for an envelope (Bolt's ack: `payload` is `{}` for a bare ack). */
export interface SocketModeAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

/** One closed connection, as the server saw it: 1000 means the client closed it normally. */
export interface ClosedConnection {
  readonly code: number;
  readonly reason: string;
}

/** Envelope types Slack sends over the socket. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface FakeSocketMode {
  /** `ws://127.0.0.1:<port>/link`, for apps.connections.open. */
  readonly url: string;
  /** Connections accepted so far (a reconnect makes it grow). */
  readonly connectionCount: () => number;
  /** Connections open right now. */
  readonly openCount: () => number;
  readonly acks: SocketModeAck[];
  /** Client messages that were not acks (should stay empty). */
  readonly unexpected: string[];
  readonly closed: ClosedConnection[];
  /** Sends an envelope to the one open connection; returns its envelope_id. Throws if none or several are open. */
  send(type: EnvelopeType, payload: Record<string, unknown>): string;
  /** The ack for `envelopeId`, once it has arrived. */
  ackOf(envelopeId: string): SocketModeAck | undefined;
  /** Terminates any connection still open and stops listening; idempotent. */
  close(): Promise<void>;
}

function isAck(value: unknown): value is SocketModeAck {
  return typeof value === 'object' && value !== null && typeof (value as SocketModeAck).envelope_id === 'string';
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const acks: SocketModeAck[] = [];
  const unexpected: string[] = [];
  const closed: ClosedConnection[] = [];
  const open = new Set<WebSocket>();
  let connections = 0;

  // Only the path apps.connections.open hands out is accepted, so a client that skipped it fails to connect.
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/link' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  server.on('connection', (socket) => {
    connections += 1;
    open.add(socket);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '<binary>' : String(data);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (isAck(parsed)) acks.push(parsed);
      else unexpected.push(text);
    });
    socket.on('close', (code, reason) => {
      open.delete(socket);
      closed.push({ code, reason: reason.toString('utf8') });
    });
    // The fields Slack sends; the client only reads `type`.
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.size,
        debug_info: { host: 'fake-socket-mode', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0FAKE' },
      }),
    );
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `ws://127.0.0.1:${port}/link`,
    connectionCount: () => connections,
    openCount: () => open.size,
    acks,
    unexpected,
    closed,
    send(type, payload) {
      const [socket, ...others] = open;
      if (socket === undefined || others.length > 0) {
        throw new Error(`the fake Socket Mode server has ${open.size} open connections; send needs exactly one`);
      }
      const envelopeId = randomUUID();
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
        }),
      );
      return envelopeId;
    },
    ackOf: (envelopeId) => acks.find((a) => a.envelope_id === envelopeId),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // ws's close() leaves open connections alone; end them so the port is freed and nothing lingers.
        for (const socket of open) socket.terminate();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      return closing;
    },
  };
}
