import { describe, expect, it } from 'vitest';
import { createTimeFormat, isTimeZone } from '../../../../bot/cli/time-format.js';

describe('createTimeFormat', () => {
  it.each([
    ['Europe/Kyiv', '2026-11-30T07:00:00.000Z', 'Mon 30 Nov 2026 09:00 EET'],
    ['UTC', '2026-11-30T07:00:00.000Z', 'Mon 30 Nov 2026 07:00 UTC'],
    ['America/New_York', '2026-12-01T03:30:00.000Z', 'Mon 30 Nov 2026 22:30 GMT-5'],
  ])('shows an instant in %s as %s', (zone, iso, text) => {
    expect(createTimeFormat(zone).full(iso)).toBe(text);
  });

  it('writes only the time for a later instant on the same local day, the date otherwise', () => {
    const time = createTimeFormat('Europe/Kyiv');

    expect(time.after('2026-11-30T07:05:00.000Z', '2026-11-30T07:00:00.000Z')).toBe('09:05');
    // 22:30 UTC is past midnight in Kyiv: another local day.
    expect(time.after('2026-11-30T22:30:00.000Z', '2026-11-30T07:00:00.000Z')).toBe('Tue 1 Dec 2026 00:30');
    expect(time.short('2026-11-30T07:00:00.000Z')).toBe('30 Nov 2026 09:00');
  });

  it('leaves what is not an instant as it is, and tells zones from non-zones', () => {
    expect(createTimeFormat('UTC').full('soon')).toBe('soon');
    expect([isTimeZone('Europe/Kyiv'), isTimeZone('UTC'), isTimeZone('Mars/Olympus'), isTimeZone('')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
