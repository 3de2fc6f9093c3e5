import { describe, expect, it } from 'vitest';
import { classifyFailure, type TransportError, toPortalError, toTransportError } from '../../../bitrix24/errors.js';
import { isPortalError } from '../../../engine/errors.js';

describe('classifyFailure (reference §5)', () => {
  it.each([
    [503, 'QUERY_LIMIT_EXCEEDED', 'retryable'],
    [429, 'OPERATION_TIME_LIMIT', 'retryable'],
    [500, 'INTERNAL_SERVER_ERROR', 'retryable'],
    [500, 'ERROR_UNEXPECTED_ANSWER', 'retryable'],
    [401, 'expired_token', 'auth'],
    [401, 'invalid_token', 'auth'],
    [401, 'NO_AUTH_FOUND', 'permanent'],
    [403, 'insufficient_scope', 'permanent'],
    [403, 'ACCESS_DENIED', 'permanent'],
    [400, 'ACCESS_DENIED', 'permanent'],
    [400, 'NOT_FOUND', 'permanent'],
    [400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', 'permanent'],
    [404, 'ERROR_METHOD_NOT_FOUND', 'permanent'],
    [503, 'OVERLOAD_LIMIT', 'permanent'],
    [500, 'PORTAL_DELETED', 'permanent'],
  ] as const)('HTTP %i %s is %s', (status, code, expected) => {
    expect(classifyFailure(toTransportError(status, code, 'x'))).toBe(expected);
  });

  it.each([
    [{ kind: 'network', message: 'reset', timeout: false }, 'retryable'],
    [{ kind: 'network', message: 'timed out', timeout: true }, 'retryable'],
    [{ kind: 'http', status: 502, message: 'bad gateway' }, 'retryable'],
    [{ kind: 'http', status: 400, message: 'html' }, 'permanent'],
  ] as [TransportError, string][])('%o is %s', (error, expected) => {
    expect(classifyFailure(error)).toBe(expected);
  });

  it('waits for operating_reset_at on OPERATION_TIME_LIMIT', () => {
    const error = toTransportError(429, 'OPERATION_TIME_LIMIT', 'slow down', { operatingResetAt: 1_000 }, 990_000);

    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 10_000 });
  });

  it('reads legacy empty and numeric codes from the description', () => {
    expect(toTransportError(400, '', 'Not found')).toMatchObject({ code: 'NOT_FOUND' });
    expect(toTransportError(400, '', 'Access denied.')).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(toTransportError(400, '100', 'Bad fields<br>more')).toMatchObject({
      code: 'ERROR_100',
      description: 'Bad fields more',
    });
    expect(toTransportError(400, undefined, undefined)).toMatchObject({ code: 'UNKNOWN_ERROR' });
  });

  it('wraps into a PortalError carrying the code and retryability', () => {
    const error = toPortalError('crm.item.list', toTransportError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'));

    expect(isPortalError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', retryable: true });
    expect(error.message).toContain('crm.item.list');
  });
});
