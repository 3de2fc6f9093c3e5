import { describe, expect, it } from 'vitest';
import { readLimitedBody } from '../../../../bot/slack/read-limited-body.js';
import { parseSlackSignatureHeaders } from '../../../../bot/slack/verify.js';

/** A body streamed in `chunks` pieces of `size` bytes, counting how many pieces were pulled. */
function streamed(chunks: number, size: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return {
    request: new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit),
    pulled: () => pulled,
  };
}

describe('readLimitedBody', () => {
  it('reads a body within the limit exactly (UTF-8)', async () => {
    const request = new Request('http://x/', { method: 'POST', body: 'text=héllo' });

    expect(await readLimitedBody(request, 100)).toEqual({ ok: true, text: 'text=héllo' });
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { request, pulled } = streamed(100, 1_000);
    const declared = new Request(request, { headers: { 'content-length': '100000' } });

    const result = await readLimitedBody(declared, 10_000);

    expect(result).toEqual({ ok: false, problem: 'too_large', bytesRead: 0 });
    // Only what the stream prefetches on its own (its high-water mark), never the body.
    expect(pulled()).toBeLessThanOrEqual(2);
  });

  it('stops a streamed body at the first chunk past the limit', async () => {
    const { request, pulled } = streamed(100, 1_000);

    const result = await readLimitedBody(request, 10_000);

    expect(result).toEqual({ ok: false, problem: 'too_large', bytesRead: 11_000 });
    expect(pulled()).toBeLessThan(20);
  });
});

describe('parseSlackSignatureHeaders (before the body)', () => {
  const nowMs = 1_800_000_000_000;
  const fresh = String(nowMs / 1000);
  const signature = `v0=${'ab'.repeat(32)}`;

  it.each([
    ['fresh, well-formed headers', fresh, signature, { ok: true }],
    ['no headers', undefined, undefined, { ok: false, problem: 'missing_headers' }],
    ['a stale timestamp', String(nowMs / 1000 - 301), signature, { ok: false, problem: 'stale_timestamp' }],
    ['a future timestamp', String(nowMs / 1000 + 301), signature, { ok: false, problem: 'future_timestamp' }],
    ['a malformed signature', fresh, 'v0=xyz', { ok: false, problem: 'bad_signature' }],
  ])('%s', (_label, timestampHeader, signatureHeader, expected) => {
    expect(parseSlackSignatureHeaders({ timestampHeader, signatureHeader, nowMs })).toEqual(expected);
  });
});
