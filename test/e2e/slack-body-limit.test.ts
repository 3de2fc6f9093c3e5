/**
 * `/slack/events` and oversized bodies, over real HTTP on loopback: a 50 MB body — correctly signed, with a
 * Content-Length or chunked — is answered 413 while the client is still sending it (the server never reads it whole),
 * a request with a stale signature is refused 401 before its body is read, and Slack's normal requests still work.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SLACK_BODY_BYTES } from '../../bot/slack/read-limited-body.js';
import { SIGNING_SECRET, type SlackWorld, startSlackWorld } from './slack-world.js';

const FIFTY_MB = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

/** The `v0=` signature of a body of `total` bytes of CHUNK, computed chunk by chunk (never held whole). */
function signedHeaders(total: number, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const hmac = createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:`);
  for (let sent = 0; sent < total; sent += CHUNK.length)
    hmac.update(CHUNK.subarray(0, Math.min(CHUNK.length, total - sent)));
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${hmac.digest('hex')}` };
}

interface Sent {
  readonly status: number;
  /** Bytes the client had written when the answer came. */
  readonly writtenAtAnswer: number;
}

/** POSTs `total` bytes in 64 KB chunks, honouring backpressure, and stops sending once the answer arrives. */
function sendBody(total: number, headers: Record<string, string>, chunked: boolean): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answer: Sent | undefined;
    const req = request(`${world.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
        ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(total) }),
      },
    });
    req.on('response', (res) => {
      answer = { status: res.statusCode ?? 0, writtenAtAnswer: written };
      res.resume();
      res.on('end', () => {
        resolve(answer as Sent);
        req.destroy();
      });
    });
    // The server closes the connection after refusing: a write after that fails, which is expected once answered.
    req.on('error', (err) => (answer ? resolve(answer) : reject(err)));
    const pump = () => {
      while (written < total && answer === undefined && !req.destroyed) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, total - written));
        written += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (written >= total) req.end();
    };
    pump();
  });
}

describe('Slack request body limit', () => {
  it('answers 413 to a signed 50 MB body with a Content-Length before reading it', async () => {
    const sent = await sendBody(FIFTY_MB, signedHeaders(FIFTY_MB), false);

    expect(sent.status).toBe(413);
    expect(sent.writtenAtAnswer).toBeLessThan(FIFTY_MB);
    expect(world.logger.lines.some((l) => l.msg === 'slack request body too large')).toBe(true);
  }, 60_000);

  it('answers 413 to a signed 50 MB chunked body once it passes the limit, without reading the rest', async () => {
    const sent = await sendBody(FIFTY_MB, signedHeaders(FIFTY_MB), true);

    expect(sent.status).toBe(413);
    expect(sent.writtenAtAnswer).toBeGreaterThan(MAX_SLACK_BODY_BYTES);
    expect(sent.writtenAtAnswer).toBeLessThan(FIFTY_MB);
  }, 60_000);

  it('refuses a stale signature with 401 before reading the body', async () => {
    const staleHeaders = signedHeaders(FIFTY_MB, Math.floor(Date.now() / 1000) - 3_600);

    const sent = await sendBody(FIFTY_MB, staleHeaders, true);

    expect(sent.status).toBe(401);
    expect(sent.writtenAtAnswer).toBeLessThan(FIFTY_MB);
  }, 60_000);

  it('still takes a normal signed slash command', async () => {
    world.slack.clear();

    const response = await world.command('');

    expect(response.status).toBe(200);
  });
});
