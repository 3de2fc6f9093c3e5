/**
 * Turns a verified Slack request body into the object Bolt expects: slash command fields, an interactivity
 * `payload` (JSON inside a form field), or an Events API JSON envelope (slack.md §1.3). Never throws.
 * @module
 */

export type SlackBody =
  | { readonly kind: 'ssl_check' }
  | { readonly kind: 'url_verification'; readonly challenge: string }
  | { readonly kind: 'event'; readonly eventId: string | undefined; readonly body: Record<string, unknown> }
  | { readonly kind: 'interaction'; readonly body: Record<string, unknown> }
  | { readonly kind: 'command'; readonly body: Record<string, unknown> };

export type ParsedSlackBody =
  | { readonly ok: true; readonly value: SlackBody }
  | { readonly ok: false; readonly problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The media type without parameters: proxies and test clients add `; charset=utf-8` (slack.md §7.3). */
export function mediaTypeOf(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads a raw body by its content type.
 * @example parseSlackBody('payload=%7B%22type%22%3A%22block_actions%22%7D', 'application/x-www-form-urlencoded')
 */
export function parseSlackBody(rawBody: string, contentType: string | undefined | null): ParsedSlackBody {
  const type = mediaTypeOf(contentType);
  if (type === 'application/json') {
    const json = parseJson(rawBody);
    if (!isRecord(json)) return { ok: false, problem: 'body is not a JSON object' };
    if (json.type === 'url_verification') {
      return typeof json.challenge === 'string'
        ? { ok: true, value: { kind: 'url_verification', challenge: json.challenge } }
        : { ok: false, problem: 'url_verification without challenge' };
    }
    const eventId = typeof json.event_id === 'string' ? json.event_id : undefined;
    return { ok: true, value: { kind: 'event', eventId, body: json } };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(rawBody);
    if (form.get('ssl_check') === '1') return { ok: true, value: { kind: 'ssl_check' } };
    const payload = form.get('payload');
    if (payload !== null) {
      const json = parseJson(payload);
      return isRecord(json)
        ? { ok: true, value: { kind: 'interaction', body: json } }
        : { ok: false, problem: 'payload is not a JSON object' };
    }
    const body: Record<string, string> = {};
    for (const [key, value] of form) body[key] = value;
    if (typeof body.command !== 'string') return { ok: false, problem: 'form body without command or payload' };
    return { ok: true, value: { kind: 'command', body } };
  }
  return { ok: false, problem: `unsupported content type ${type || '(none)'}` };
}
