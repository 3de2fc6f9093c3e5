/**
 * Bolt's Receiver behind Hono's `POST /slack/events` (slack.md §1.1 option A): checks the signature headers, reads
 * the raw body up to a limit (413 past it), verifies the signature on it, parses it, dedupes Events API retries, hands a ReceiverEvent to Bolt and answers as soon as the listener
 * calls `ack()`; the listener keeps working after the response (processBeforeResponse: false).
 * @module
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Context } from 'hono';
import type { Clock, Logger } from '../../engine/ports.js';
import type { EventDedupe } from './event-dedupe.js';
import { parseSlackBody } from './parse-body.js';
import { MAX_SLACK_BODY_BYTES, readLimitedBody } from './read-limited-body.js';
import { parseSlackSignature, parseSlackSignatureHeaders } from './verify.js';

export interface HonoReceiverOptions {
  readonly signingSecret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dedupe: EventDedupe;
  /** Bodies over this many bytes are refused with 413 before being read whole. Default MAX_SLACK_BODY_BYTES (1 MiB). */
  readonly maxBodyBytes?: number;
  /** Answer anyway when no listener acked by then; Slack gives up at 3 s (slack.md §1.4). Default 2500 ms. */
  readonly ackTimeoutMs?: number;
}

function ackResponse(payload: unknown): Response {
  if (payload === undefined || payload === null || payload === '') return new Response(null, { status: 200 });
  if (typeof payload === 'string')
    return new Response(payload, { status: 200, headers: { 'content-type': 'text/plain' } });
  // Objects (response_action, blocks) must go back as JSON (slack.md §1.4, §7.3).
  return Response.json(payload, { status: 200 });
}

export class HonoReceiver implements Receiver {
  private bolt: App | undefined;

  constructor(private readonly options: HonoReceiverOptions) {}

  init(app: App): void {
    this.bolt = app;
  }

  /** Hono owns the server, so there is nothing to start or stop. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** The `POST /slack/events` handler. */
  async handle(c: Context): Promise<Response> {
    const { logger, clock } = this.options;
    const timestampHeader = c.req.header('x-slack-request-timestamp');
    const signatureHeader = c.req.header('x-slack-signature');
    // What can be checked without the body is checked first: a stale or malformed signature is refused unread.
    // (Missing headers may still be an unsigned ssl_check, known only from the body.)
    const early = parseSlackSignatureHeaders({ timestampHeader, signatureHeader, nowMs: clock.now().getTime() });
    if (!early.ok && early.problem !== 'missing_headers') {
      logger.warn({ problem: early.problem }, 'slack request refused');
      return new Response('invalid signature', { status: 401 });
    }
    // Read the exact bytes before anything parses them: the signature covers them (slack.md §1.2). Never more than
    // the limit: an oversized body is refused by its Content-Length, or dropped at the first chunk past the limit.
    const read = await readLimitedBody(c.req.raw, this.options.maxBodyBytes ?? MAX_SLACK_BODY_BYTES);
    if (!read.ok) {
      logger.warn(
        { contentLength: c.req.header('content-length'), bytesRead: read.bytesRead },
        'slack request body too large',
      );
      return new Response('request body too large', { status: 413, headers: { connection: 'close' } });
    }
    const rawBody = read.text;
    const contentType = c.req.header('content-type');
    const parsed = parseSlackBody(rawBody, contentType);
    if (parsed.ok && parsed.value.kind === 'ssl_check') return new Response(null, { status: 200 });

    const signature = parseSlackSignature({
      signingSecret: this.options.signingSecret,
      rawBody,
      timestampHeader,
      signatureHeader,
      nowMs: clock.now().getTime(),
    });
    if (!signature.ok) {
      logger.warn({ problem: signature.problem }, 'slack request refused');
      return new Response('invalid signature', { status: 401 });
    }
    if (!parsed.ok) {
      logger.warn({ problem: parsed.problem }, 'slack request body unreadable');
      return new Response('malformed body', { status: 400 });
    }
    const body = parsed.value;
    switch (body.kind) {
      case 'ssl_check':
        return new Response(null, { status: 200 });
      case 'url_verification':
        return Response.json({ challenge: body.challenge });
      case 'event':
        if (body.eventId !== undefined && !this.options.dedupe.firstSeen(body.eventId)) {
          logger.debug(
            { eventId: body.eventId, retryNum: c.req.header('x-slack-retry-num') },
            'slack event retry ignored',
          );
          return new Response(null, { status: 200 });
        }
        return this.dispatch(c, body.body);
      case 'interaction':
      case 'command':
        return this.dispatch(c, body.body);
      default: {
        const never: never = body;
        return never;
      }
    }
  }

  private dispatch(c: Context, body: Record<string, unknown>): Promise<Response> {
    const bolt = this.bolt;
    if (bolt === undefined) return Promise.resolve(new Response('not ready', { status: 503 }));
    const { logger } = this.options;
    return new Promise<Response>((resolve) => {
      let acked = false;
      const timer = setTimeout(() => {
        if (acked) return;
        acked = true;
        logger.warn({ type: body.type ?? body.command }, 'slack request not acknowledged in time');
        resolve(new Response(null, { status: 200 }));
      }, this.options.ackTimeoutMs ?? 2500);
      const retryNum = Number(c.req.header('x-slack-retry-num'));
      const retryReason = c.req.header('x-slack-retry-reason');
      const event: ReceiverEvent = {
        body,
        ...(Number.isInteger(retryNum) && retryNum > 0 ? { retryNum } : {}),
        ...(retryReason === undefined ? {} : { retryReason }),
        ack: async (payload?: unknown) => {
          if (acked) {
            if (payload !== undefined) logger.warn({}, 'slack ack came too late or twice');
            return;
          }
          acked = true;
          clearTimeout(timer);
          resolve(ackResponse(payload));
        },
      };
      bolt.processEvent(event).then(
        () => {
          // Events need no listener ack in our app; answer 200 so Slack does not retry them.
          if (!acked) {
            acked = true;
            clearTimeout(timer);
            resolve(new Response(null, { status: 200 }));
          }
        },
        (err: unknown) => {
          logger.error({ err }, 'slack request failed');
          if (!acked) {
            acked = true;
            clearTimeout(timer);
            resolve(new Response('internal error', { status: 500, headers: { 'x-slack-no-retry': '1' } }));
          }
        },
      );
    });
  }
}
