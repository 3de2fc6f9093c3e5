import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPinoLogger, toLoggerPort } from '../../../bot/logger.js';
import { scrubSecrets } from '../../../bot/scrub.js';

describe('scrubSecrets', () => {
  it.each([
    ['Slack bot token', 'calling with xoxb-123-456-AbCdEf', 'xoxb-123-456-AbCdEf'],
    ['Slack app token', 'socket token xapp-1-A0-123-abcdef', 'xapp-1-A0-123-abcdef'],
    ['webhook code', 'POST https://acme.bitrix24.com/rest/1/s3cr3tc0de99/batch failed', 's3cr3tc0de99'],
    ['OAuth token in a query', 'GET /rest/profile?auth=abcdef123456&x=1', 'abcdef123456'],
    ['refresh token in JSON', '{"refresh_token":"r-987654321","user":"1"}', 'r-987654321'],
    ['legacy verification token in a payload', 'payload token=legacyVerif123&team_id=T1', 'legacyVerif123'],
    ['our API key', 'key hnd_AbC123_xyz was revoked', 'hnd_AbC123_xyz'],
    ['robot event token in a form body', 'event_token=evTok0123456789&document_id=1', 'evTok0123456789'],
    ['application token in JSON', '{"applicationToken":"appTok-42","memberId":"m1"}', 'appTok-42'],
    ['bearer credential', 'Authorization: Bearer demo-key-abcdefghijkl', 'demo-key-abcdefghijkl'],
  ])('masks a %s', (_name, text, secret) => {
    const scrubbed = scrubSecrets(text);

    expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'H-3 moved 120 deals from user 2 to user 3 (team T012, channel C045)';

    expect(scrubSecrets(text)).toBe(text);
  });
});

describe('the product logger', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, logger: toLoggerPort(createPinoLogger('debug', stream)) };
  }

  it('masks secrets in messages, in secret-named fields and in errors', () => {
    const { lines, logger } = capture();

    logger.debug({}, 'received envelope {"token":"legacyVerif123"} for xoxb-1-2-3');
    logger.info({ webhookUrl: 'https://acme.bitrix24.com/rest/1/s3cr3tc0de99/', refreshToken: 'r-987' }, 'connected');
    logger.info({ auth: { application_token: 'appTok-77' }, eventToken: 'evTok-88' }, 'robot call');
    logger.error(
      { err: new Error('fetch https://acme.bitrix24.com/rest/1/s3cr3tc0de99/batch failed') },
      'portal failed',
    );

    const output = lines.join('');
    for (const secret of ['legacyVerif123', 'xoxb-1-2-3', 's3cr3tc0de99', 'r-987', 'appTok-77', 'evTok-88'])
      expect(output).not.toContain(secret);
    expect(output).toContain('received envelope');
    expect(output).toContain('portal failed');
  });
});
