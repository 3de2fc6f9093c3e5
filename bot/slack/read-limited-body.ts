/**
 * Reads a request body as text, refusing it once it passes a byte limit: a Content-Length over the limit is refused
 * before a byte is read, and a body without one (chunked) is counted as it streams and dropped at the first chunk past
 * the limit — an oversized body is never held in memory whole.
 * @module
 */

/** Slack's own requests are a few KB (a modal submission with every block filled stays well under this). */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

export type LimitedBody =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: 'too_large'; readonly bytesRead: number };

/**
 * @example
 * const body = await readLimitedBody(c.req.raw, MAX_SLACK_BODY_BYTES);
 * if (!body.ok) return new Response('request body too large', { status: 413 });
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, problem: 'too_large', bytesRead: 0 };
  }
  if (request.body === null) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, problem: 'too_large', bytesRead: size };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
