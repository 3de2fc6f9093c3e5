import { describe, expect, it } from 'vitest';
import { mediaTypeOf, parseSlackBody } from '../../../../bot/slack/parse-body.js';

const FORM = 'application/x-www-form-urlencoded';

describe('parseSlackBody', () => {
  it('reads a slash command as flat fields, whatever charset parameter the content type has', () => {
    const result = parseSlackBody(
      'command=%2Fhandoff&text=%3C%40U1%3E+to+%3C%40U2%3E&team_id=T1',
      `${FORM}; charset=utf-8`,
    );

    expect(result).toEqual({
      ok: true,
      value: { kind: 'command', body: { command: '/handoff', text: '<@U1> to <@U2>', team_id: 'T1' } },
    });
  });

  it('reads an interaction payload from its form field', () => {
    const raw = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [] }))}`;

    expect(parseSlackBody(raw, FORM)).toEqual({
      ok: true,
      value: { kind: 'interaction', body: { type: 'block_actions', actions: [] } },
    });
  });

  it('reads an Events API envelope with its event id, and url_verification', () => {
    const event = parseSlackBody(
      JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: {} }),
      'application/json',
    );
    const challenge = parseSlackBody(
      JSON.stringify({ type: 'url_verification', challenge: 'abc' }),
      'application/json',
    );

    expect(event.ok && event.value.kind === 'event' && event.value.eventId).toBe('Ev1');
    expect(challenge).toEqual({ ok: true, value: { kind: 'url_verification', challenge: 'abc' } });
  });

  it('reads ssl_check without needing anything else', () => {
    expect(parseSlackBody('ssl_check=1&token=x', FORM)).toEqual({ ok: true, value: { kind: 'ssl_check' } });
  });

  it.each([
    ['broken JSON', '{', 'application/json'],
    ['a JSON array', '[]', 'application/json'],
    ['a payload that is not JSON', 'payload=%7Bnope', FORM],
    ['a form without command or payload', 'a=1', FORM],
    ['an unknown content type', 'x', 'text/plain'],
    ['no content type', 'x', undefined],
  ])('returns a problem for %s, never throws', (_name, raw, type) => {
    expect(parseSlackBody(raw, type).ok).toBe(false);
  });

  it('strips media type parameters', () => {
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
  });
});
