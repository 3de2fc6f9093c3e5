import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../../../bot/webhooks/sign.js';
import { retryDelayMs } from '../../../../bot/webhooks/worker.js';

describe('webhook signatures', () => {
  const body = '{"type":"handoff.started"}';

  it('is t=<seconds>,v1=<HMAC-SHA256 of "t.body"> as any receiver can recompute', () => {
    const expected = createHmac('sha256', 'whsec_x').update(`1796300000.${body}`).digest('hex');

    expect(signWebhook('whsec_x', 1796300000, body)).toBe(`t=1796300000,v1=${expected}`);
  });

  it.each([
    ['the right secret, fresh', 'whsec_x', body, 1796300100, true],
    ['another secret', 'whsec_y', body, 1796300100, false],
    ['a changed body', 'whsec_x', `${body} `, 1796300100, false],
    ['a replay past the tolerance', 'whsec_x', body, 1796300301, false],
  ])('verifies %s → %s', (_name, secret, sent, now, ok) => {
    expect(verifyWebhookSignature(secret, signWebhook('whsec_x', 1796300000, body), sent, now)).toBe(ok);
  });

  it('refuses a header that is not a signature', () => {
    expect(verifyWebhookSignature('whsec_x', 'nonsense', body, 1796300000)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', undefined, body, 1796300000)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from the base up to the cap, and stops after the last attempt', () => {
    const options = { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 60_000 };

    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, options))).toEqual([10_000, 20_000, 40_000, 60_000, null]);
  });
});
