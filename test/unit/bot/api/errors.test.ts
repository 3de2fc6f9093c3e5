import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, fromZodError, HANDOFF_ERROR_STATUS, toErrorResponse } from '../../../../bot/api/errors.js';
import { messageFor } from '../../../../commands/messages.js';
import { HANDOFF_ERROR_CODES, HandoffError, PortalError, StoreError } from '../../../../engine/errors.js';

describe('domain error → HTTP', () => {
  it.each([
    ['same_person', 400],
    ['unknown_user', 400],
    ['in_the_past', 400],
    ['not_found', 404],
    ['already_running', 409],
    ['wrong_status', 409],
    ['nothing_to_return', 409],
    ['portal_error', 502],
  ] as const)('%s answers %i', (code, status) => {
    expect(HANDOFF_ERROR_STATUS[code]).toBe(status);
  });

  it('gives every domain code a status', () => {
    expect(HANDOFF_ERROR_CODES.filter((code) => HANDOFF_ERROR_STATUS[code] === undefined)).toEqual([]);
  });

  it('names the field and the handoff in the way, in the words of commands/messages.ts', () => {
    const details = { field: 'from', handoffNo: 4 };
    const response = toErrorResponse(new HandoffError('already_running', 'internal text', details));

    expect(response).toEqual({
      status: 409,
      body: {
        error: {
          code: 'already_running',
          message: messageFor('already_running', { details, surface: 'api' }),
          field: 'from',
          path: ['from'],
          handoff: 'H-4',
        },
      },
    });
  });

  it.each([
    ['api', 'POST /api/v1/handoffs/H-4/cancel'],
    ['cli', 'handoff cancel H-4'],
  ] as const)('speaks the %s surface, never the chat grammar', (surface, words) => {
    const response = toErrorResponse(new HandoffError('already_running', 'x', { handoffNo: 4 }), surface);

    expect(response?.body.error.message).toContain(words);
    expect(response?.body.error.message).not.toContain('`cancel H-4`');
  });

  it.each([
    ['api', '`returnAt` is more than a year ahead'],
    ['cli', '--until is more than a year ahead'],
  ] as const)('words an internal reason (beyond_horizon) for people on the %s surface', (surface, words) => {
    const error = new HandoffError('invalid_plan', 'x', { field: 'returnAt', reason: 'beyond_horizon' });

    const message = toErrorResponse(error, surface)?.body.error.message ?? '';

    expect(message).toContain(words);
    expect(message).not.toContain('beyond_horizon');
  });

  it('answers 502 for a portal failure without its message (it may quote a URL)', () => {
    const response = toErrorResponse(
      new PortalError('https://acme.bitrix24.com/rest/1/secret/ failed', 'network', true),
    );

    expect(response?.status).toBe(502);
    expect(JSON.stringify(response?.body)).not.toContain('secret');
  });

  it('leaves unknown errors to the app (null)', () => {
    expect(toErrorResponse(new Error('boom'))).toBeNull();
    expect(toErrorResponse(new ApiError(401, 'unauthorized', 'no key'))?.status).toBe(401);
  });

  it('names an unknown key as the field itself', () => {
    const result = z.strictObject({ from: z.strictObject({ id: z.number() }) }).safeParse({ from: { id: 1, idd: 2 } });

    const error = fromZodError(result.error as z.ZodError);

    expect(error.path).toEqual(['from', 'idd']);
    expect(error.message).toBe('from.idd: unknown field "idd".');
  });
});

describe('a database that cannot be written → 503', () => {
  const readOnly = new StoreError('The database is read-only: it cannot be written.', 'storage_read_only');

  it('tells an API client a retry with the same Idempotency-Key is safe', () => {
    expect(toErrorResponse(readOnly)).toEqual({
      status: 503,
      body: {
        error: {
          code: 'storage_read_only',
          message:
            'The database is read-only: it cannot be written. Try again later; reads keep working, and a retry with the same Idempotency-Key is safe.',
        },
      },
    });
  });

  it('tells a console viewer in the page’s words: nothing changed, try later, no request headers', () => {
    const answer = toErrorResponse(readOnly, 'console');

    expect(answer?.status).toBe(503);
    expect(answer?.body.error.message).toBe(
      'The database is read-only: it cannot be written. Nothing was changed; try again later (handoffs can still be viewed).',
    );
  });
});
