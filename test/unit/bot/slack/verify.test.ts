import { describe, expect, it } from 'vitest';
import { parseSlackSignature, signSlackBody } from '../../../../bot/slack/verify.js';

const secret = 'shh-signing-secret';
const body = 'token=x&command=%2Fhandoff&text=';
const nowMs = 1_800_000_000_000;
const ts = String(nowMs / 1000);

function check(overrides: Partial<Parameters<typeof parseSlackSignature>[0]> = {}) {
  return parseSlackSignature({
    signingSecret: secret,
    rawBody: body,
    timestampHeader: ts,
    signatureHeader: signSlackBody(secret, ts, body),
    nowMs,
    ...overrides,
  });
}

describe('parseSlackSignature', () => {
  it('accepts a fresh, correctly signed body', () => {
    expect(check()).toEqual({ ok: true });
  });

  it.each([
    ['missing signature', { signatureHeader: undefined }, 'missing_headers'],
    ['missing timestamp', { timestampHeader: null }, 'missing_headers'],
    ['non-numeric timestamp', { timestampHeader: '12a' }, 'bad_timestamp'],
    ['wrong secret', { signatureHeader: signSlackBody('other', ts, body) }, 'bad_signature'],
    ['tampered body', { rawBody: `${body}x` }, 'bad_signature'],
    ['short signature', { signatureHeader: 'v0=abc' }, 'bad_signature'],
  ] as const)('refuses %s', (_name, overrides, problem) => {
    expect(check(overrides)).toEqual({ ok: false, problem });
  });

  it('refuses a stale timestamp (301 s old) and a future one (301 s ahead), accepts 300 s either way', () => {
    const at = (offset: number) => {
      const t = String(nowMs / 1000 + offset);
      return check({ timestampHeader: t, signatureHeader: signSlackBody(secret, t, body) });
    };

    expect(at(-301)).toEqual({ ok: false, problem: 'stale_timestamp' });
    expect(at(301)).toEqual({ ok: false, problem: 'future_timestamp' });
    expect(at(-300)).toEqual({ ok: true });
    expect(at(300)).toEqual({ ok: true });
  });
});
