import { describe, expect, it } from 'vitest';
import { parseJobPayload, toJobPayload } from '../../../../storage/agenda/job-payload.js';
import { refOf } from '../../../contract/agenda-helpers.js';

describe('parseJobPayload', () => {
  it('accepts { tenantId, handoffId } and brands them', () => {
    const parsed = parseJobPayload({ tenantId: 't1', handoffId: 'h-1' });

    expect(parsed).toEqual({ ok: true, value: { tenantId: 't1', handoffId: 'h-1' } });
  });

  it.each([
    [null, /^payload: /],
    ['t1/h-1', /^payload: /],
    [{ tenantId: 't1' }, /^handoffId: /],
    [{ tenantId: '', handoffId: 'h-1' }, /^tenantId: /],
    [{ tenantId: 1, handoffId: 2 }, /^tenantId: .*; handoffId: /],
  ])('refuses %j without throwing, naming the bad field', (data, problem) => {
    const parsed = parseJobPayload(data);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });
});

describe('toJobPayload', () => {
  it('keeps exactly the two ids, whatever else the reference carries', () => {
    const ref = { ...refOf(1), secret: 'not for the queue' };

    expect(toJobPayload(ref)).toEqual({ tenantId: 't1', handoffId: 'h-1' });
  });
});
