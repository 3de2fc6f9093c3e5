import { describe, expect, it } from 'vitest';
import { parseWhen, toReplyInstant } from '../../../commands/dates.js';
import {
  formatInstant,
  isValidTimeZone,
  preferredZoneName,
  zonedWallClockToInstant,
  zoneOffsetMinutes,
} from '../../../commands/time-zone.js';

const KYIV = 'Europe/Kyiv';
const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const UTC = 'UTC';

function readInstant(phrase: string, timeZone: string, now: Date, defaultTime?: 'implied'): string {
  const result = parseWhen(phrase, { now, timeZone, ...(defaultTime ? { defaultTime } : {}) });
  if (!result.ok) throw new Error(`${phrase} in ${timeZone}: ${result.problem.code} ${result.problem.word ?? ''}`);
  return result.value.at.toISOString();
}

/**
 * reference/slack.md §8.3, the "fixed" columns: reference 2025-10-24T14:00Z (Fri 10:00 EDT, Fri 17:00 EEST);
 * EU/Ukraine DST ends 2025-10-26, US DST ends 2025-11-02. chrono's implied hours kept, so the table applies as is.
 */
describe('slack.md §8.3 trial table, chrono hours kept (the "fixed" column)', () => {
  const now = new Date('2025-10-24T14:00:00Z');

  it.each([
    ['next Monday 9am', NY, '2025-10-27T13:00:00.000Z'], // Mon 27 Oct 09:00 EDT
    ['next Monday 9am', KYIV, '2025-10-27T07:00:00.000Z'], // Mon 27 Oct 09:00 EET (chrono alone: 08:00)
    ['in 2 weeks', NY, '2025-11-07T15:00:00.000Z'], // Fri 7 Nov 10:00 EST
    ['in 2 weeks', KYIV, '2025-11-07T15:00:00.000Z'], // Fri 7 Nov 17:00 EET
    ['Dec 3', NY, '2025-12-03T17:00:00.000Z'], // Wed 3 Dec 12:00 EST
    ['Dec 3', KYIV, '2025-12-03T10:00:00.000Z'], // Wed 3 Dec 12:00 EET
    ['tomorrow 5pm', NY, '2025-10-25T21:00:00.000Z'], // Sat 25 Oct 17:00 EDT
    ['tomorrow 5pm', KYIV, '2025-10-25T14:00:00.000Z'], // Sat 25 Oct 17:00 EEST
    ['Friday', NY, '2025-10-24T16:00:00.000Z'], // today: noon still ahead at 10:00
    ['Friday', KYIV, '2025-10-31T10:00:00.000Z'], // +7 d: noon passed at 17:00
    ['next Friday', NY, '2025-10-31T16:00:00.000Z'],
    ['next Friday', KYIV, '2025-10-31T10:00:00.000Z'],
    ['in 3 days', NY, '2025-10-27T14:00:00.000Z'], // Mon 27 Oct 10:00 EDT
    ['in 3 days', KYIV, '2025-10-27T15:00:00.000Z'], // Mon 27 Oct 17:00 EET
    ['3/11', NY, '2026-03-11T16:00:00.000Z'], // Wed 11 Mar 2026 12:00 EDT
    ['3/11', KYIV, '2026-03-11T10:00:00.000Z'], // Wed 11 Mar 2026 12:00 EET
  ])('%s in %s → %s', (phrase, timeZone, expected) => {
    expect(readInstant(phrase, timeZone, now, 'implied')).toBe(expected);
  });

  it.each([
    ['the 15th', NY],
    ['after the holidays', KYIV],
  ])('%s in %s is not read', (phrase, timeZone) => {
    const result = parseWhen(phrase, { now, timeZone });

    expect(result).toEqual({ ok: false, problem: expect.objectContaining({ code: 'date_unreadable' }) });
  });
});

describe('same table with the 09:00 business default when no hour is given', () => {
  const now = new Date('2025-10-24T14:00:00Z');

  it.each([
    ['next Monday 9am', NY, '2025-10-27T13:00:00.000Z'],
    ['in 2 weeks', NY, '2025-11-07T14:00:00.000Z'], // Fri 7 Nov 09:00 EST
    ['in 2 weeks', KYIV, '2025-11-07T07:00:00.000Z'], // Fri 7 Nov 09:00 EET
    ['Dec 3', NY, '2025-12-03T14:00:00.000Z'],
    ['Dec 3', KYIV, '2025-12-03T07:00:00.000Z'],
    ['Friday', NY, '2025-10-31T13:00:00.000Z'], // today 09:00 has passed at 10:00 → next Friday
    ['Friday', KYIV, '2025-10-31T07:00:00.000Z'],
    ['in 3 days', KYIV, '2025-10-27T07:00:00.000Z'], // Mon 27 Oct 09:00 EET, after the DST end
    ['tomorrow morning', NY, '2025-10-25T10:00:00.000Z'], // words name the time of day: chrono's 06:00 kept
    ['tomorrow evening', KYIV, '2025-10-25T17:00:00.000Z'], // 20:00 EEST
  ])('%s in %s → %s', (phrase, timeZone, expected) => {
    expect(readInstant(phrase, timeZone, now)).toBe(expected);
  });
});

/**
 * 2026: reference Fri 2026-10-23T12:00Z = 15:00 EEST Kyiv, 08:00 EDT New York, 21:00 JST Tokyo. EU DST ends
 * Sun 2026-10-25 01:00Z, US DST ends Sun 2026-11-01 06:00Z; Tokyo and UTC have none.
 */
describe('2026 across four zones and two DST changes', () => {
  const now = new Date('2026-10-23T12:00:00Z');

  it.each([
    // phrase, zone, expected instant, echo
    ['next Monday 9am', KYIV, '2026-10-26T07:00:00.000Z', 'Mon 26 Oct 2026, 09:00 (Europe/Kyiv)'],
    ['next Monday 9am', NY, '2026-10-26T13:00:00.000Z', 'Mon 26 Oct 2026, 09:00 (America/New_York)'],
    ['next Monday 9am', TOKYO, '2026-10-26T00:00:00.000Z', 'Mon 26 Oct 2026, 09:00 (Asia/Tokyo)'],
    ['next Monday 9am', UTC, '2026-10-26T09:00:00.000Z', 'Mon 26 Oct 2026, 09:00 (UTC)'],
    ['Nov 2', KYIV, '2026-11-02T07:00:00.000Z', 'Mon 2 Nov 2026, 09:00 (Europe/Kyiv)'],
    ['Nov 2', NY, '2026-11-02T14:00:00.000Z', 'Mon 2 Nov 2026, 09:00 (America/New_York)'],
    ['Nov 2', TOKYO, '2026-11-02T00:00:00.000Z', 'Mon 2 Nov 2026, 09:00 (Asia/Tokyo)'],
    ['Nov 2', UTC, '2026-11-02T09:00:00.000Z', 'Mon 2 Nov 2026, 09:00 (UTC)'],
    ['tomorrow 5pm', KYIV, '2026-10-24T14:00:00.000Z', 'Sat 24 Oct 2026, 17:00 (Europe/Kyiv)'],
    ['tomorrow 5pm', NY, '2026-10-24T21:00:00.000Z', 'Sat 24 Oct 2026, 17:00 (America/New_York)'],
    ['tomorrow 5pm', TOKYO, '2026-10-24T08:00:00.000Z', 'Sat 24 Oct 2026, 17:00 (Asia/Tokyo)'],
    ['in 2 weeks', KYIV, '2026-11-06T07:00:00.000Z', 'Fri 6 Nov 2026, 09:00 (Europe/Kyiv)'],
    ['in 2 weeks', NY, '2026-11-06T14:00:00.000Z', 'Fri 6 Nov 2026, 09:00 (America/New_York)'],
    ['Oct 25 10am', KYIV, '2026-10-25T08:00:00.000Z', 'Sun 25 Oct 2026, 10:00 (Europe/Kyiv)'], // DST day, after
    ['Oct 25 10am', NY, '2026-10-25T14:00:00.000Z', 'Sun 25 Oct 2026, 10:00 (America/New_York)'],
    ['Nov 1 9:30am', NY, '2026-11-01T14:30:00.000Z', 'Sun 1 Nov 2026, 09:30 (America/New_York)'], // US DST day
    ['Nov 1 9:30am', KYIV, '2026-11-01T07:30:00.000Z', 'Sun 1 Nov 2026, 09:30 (Europe/Kyiv)'],
    ['Nov 1 9:30am', TOKYO, '2026-11-01T00:30:00.000Z', 'Sun 1 Nov 2026, 09:30 (Asia/Tokyo)'],
    ['in 2 hours', NY, '2026-10-23T14:00:00.000Z', 'Fri 23 Oct 2026, 10:00 (America/New_York)'], // exact
    ['in 2 hours', TOKYO, '2026-10-23T14:00:00.000Z', 'Fri 23 Oct 2026, 23:00 (Asia/Tokyo)'],
    ['until Monday', UTC, '2026-10-26T09:00:00.000Z', 'Mon 26 Oct 2026, 09:00 (UTC)'], // filler word
    ['2026-12-20T09:00:00Z', KYIV, '2026-12-20T09:00:00.000Z', 'Sun 20 Dec 2026, 11:00 (Europe/Kyiv)'],
    ['2026-12-20T09:00+02:00', UTC, '2026-12-20T07:00:00.000Z', 'Sun 20 Dec 2026, 07:00 (UTC)'],
    ['2026-12-20', NY, '2026-12-20T14:00:00.000Z', 'Sun 20 Dec 2026, 09:00 (America/New_York)'],
    ['2026-11-30 18:15', KYIV, '2026-11-30T16:15:00.000Z', 'Mon 30 Nov 2026, 18:15 (Europe/Kyiv)'],
  ])('%s in %s → %s (%s)', (phrase, timeZone, expected, echo) => {
    const result = parseWhen(phrase, { now, timeZone });

    expect(result.ok && result.value.at.toISOString()).toBe(expected);
    expect(result.ok && result.value.echo).toEqual({ iso: expected, text: echo, timeZone });
  });

  it.each([
    ['next Monday 9am please', KYIV, 'date_leftover', 'please'],
    ['Monday 25:00', NY, 'date_leftover', '25:00'],
    ['dec 20 9am and jan 5', UTC, 'date_several', 'dec 20 9am and jan 5'],
    ['Dec 3 - Dec 5', TOKYO, 'date_range', 'Dec 3 - Dec 5'],
    ['yesterday', KYIV, 'date_past', 'yesterday'],
    ['2 days ago', NY, 'date_past', '2 days ago'],
    ['Dec 3 2027', UTC, 'date_too_far', 'Dec 3 2027'],
    ['2026-10-22', UTC, 'date_past', '2026-10-22'],
    ['2026-02-31', UTC, 'date_unreadable', '2026-02-31'],
    ['after the holidays', TOKYO, 'date_unreadable', 'after the holidays'],
    ['   ', UTC, 'date_unreadable', '   '],
    ['next Monday', 'Mars/Olympus', 'date_bad_zone', 'Mars/Olympus'],
  ])('%j in %s is refused: %s (%s)', (phrase, timeZone, code, word) => {
    const result = parseWhen(phrase, { now, timeZone });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    if (word !== undefined) expect(result.problem.word).toBe(word);
  });

  it('echoes the refused past instant so people see what was read', () => {
    const result = parseWhen('yesterday', { now, timeZone: KYIV });

    expect(result).toEqual({
      ok: false,
      problem: { code: 'date_past', word: 'yesterday', expected: 'Thu 22 Oct 2026, 09:00 (Europe/Kyiv)' },
    });
  });

  it('reads 3/11 as 3 November with the en-GB locale', () => {
    const result = parseWhen('3/11', { now, timeZone: KYIV, locale: 'en-GB' });

    expect(result.ok && result.value.echo.text).toBe('Tue 3 Nov 2026, 09:00 (Europe/Kyiv)');
  });
});

describe('time-zone helpers', () => {
  it.each([
    [KYIV, '2026-10-24T12:00:00Z', 180],
    [KYIV, '2026-10-25T12:00:00Z', 120],
    [NY, '2026-10-31T12:00:00Z', -240],
    [NY, '2026-11-01T12:00:00Z', -300],
    [TOKYO, '2026-11-01T12:00:00Z', 540],
  ])('offset of %s at %s is %i minutes', (zone, at, minutes) => {
    expect(zoneOffsetMinutes(zone, new Date(at))).toBe(minutes);
  });

  it.each([
    [{ year: 2027, month: 3, day: 14, hour: 2, minute: 30 }, NY, '2027-03-14T07:30:00.000Z'], // gap → 03:30 EDT
    [{ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY, '2026-11-01T05:30:00.000Z'], // overlap → EDT
    [{ year: 2026, month: 10, day: 25, hour: 3, minute: 30 }, KYIV, '2026-10-25T00:30:00.000Z'], // overlap → EEST
  ])('wall clock %j in %s is %s', (wall, zone, expected) => {
    expect(zonedWallClockToInstant(wall, zone).toISOString()).toBe(expected);
  });

  it('knows valid zones', () => {
    expect([isValidTimeZone('Europe/Kyiv'), isValidTimeZone('UTC'), isValidTimeZone('Nowhere/Land')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('formats the echo the same way everywhere', () => {
    expect(formatInstant(new Date('2026-11-30T07:00:00Z'), KYIV)).toBe('Mon 30 Nov 2026, 09:00 (Europe/Kyiv)');
  });
});

describe('legacy zone names (a browser may report Europe/Kiev)', () => {
  const now = new Date('2025-10-24T14:00:00Z');

  it('reads and echoes a phrase in the legacy zone under its current name', () => {
    const legacy = parseWhen('next Monday 9am', { now, timeZone: 'Europe/Kiev' });
    const current = parseWhen('next Monday 9am', { now, timeZone: KYIV });
    if (!legacy.ok || !current.ok) throw new Error('both zones should read the phrase');

    expect(legacy.value.at.toISOString()).toBe(current.value.at.toISOString());
    expect(toReplyInstant(legacy.value.at, 'Europe/Kiev').text).toBe('Mon 27 Oct 2025, 09:00 (Europe/Kyiv)');
  });

  it('keeps names that are current or unknown as given', () => {
    expect(preferredZoneName('Europe/Kiev')).toBe(KYIV);
    expect(preferredZoneName('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(preferredZoneName(NY)).toBe(NY);
    expect(preferredZoneName('Mars/Olympus')).toBe('Mars/Olympus');
  });
});
