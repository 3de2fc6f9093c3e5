/**
 * IANA time-zone arithmetic on top of Intl: offsets at an instant, wall-clock → instant (DST-safe, two passes) and
 * the one format replies use to echo instants back. No library: Node 20 ships full ICU.
 * @module
 */

export interface WallClock {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/**
 * Legacy IANA names some browsers and ICU builds still report, and the names people know today. Both are the same
 * zone to Intl; only the name shown (and echoed) differs.
 */
export const ZONE_ALIASES: Readonly<Record<string, string>> = {
  'Europe/Kiev': 'Europe/Kyiv',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/**
 * The current name of a zone given by its legacy alias ("Europe/Kiev" → "Europe/Kyiv"), when Intl knows the current
 * name too; anything else as given.
 * @example preferredZoneName('Europe/Kiev') // 'Europe/Kyiv'
 */
export function preferredZoneName(timeZone: string): string {
  const current = ZONE_ALIASES[timeZone];
  return current !== undefined && isValidTimeZone(current) ? current : timeZone;
}

/** True when `timeZone` is an IANA zone Intl knows ("Europe/Kyiv", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 100) return false;
  try {
    offsetFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `at`. */
export function wallClockAt(at: Date, timeZone: string): Required<WallClock> {
  const parts: Record<string, number> = {};
  for (const part of offsetFormat(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/**
 * Minutes east of UTC in `timeZone` at `at` (what chrono calls `timezone`).
 * @example zoneOffsetMinutes('Europe/Kyiv', new Date('2025-10-24T14:00Z')) // 180
 */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const wall = wallClockAt(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall`. Two passes: guess with the offset at the wall
 * time read as UTC, then recompute with the offset at the guessed instant, so a date across a DST change gets the
 * offset of its own side. In a fall-back overlap the earlier instant wins; a wall time inside a spring-forward gap
 * (which no clock shows) lands after the gap, as a person moving the clock forward would read it.
 * @example zonedWallClockToInstant({ year: 2025, month: 10, day: 27, hour: 9, minute: 0 }, 'Europe/Kyiv') // 07:00Z
 */
export function zonedWallClockToInstant(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const first = asUtc - zoneOffsetMinutes(timeZone, new Date(asUtc)) * 60_000;
  const second = asUtc - zoneOffsetMinutes(timeZone, new Date(first)) * 60_000;
  // The two passes find one reading; in an overlap the other one sits under the offset of the day before or after.
  const candidates = [
    first,
    second,
    asUtc - zoneOffsetMinutes(timeZone, new Date(asUtc - DAY_MS)) * 60_000,
    asUtc - zoneOffsetMinutes(timeZone, new Date(asUtc + DAY_MS)) * 60_000,
  ];
  const readings = candidates.filter((instant) => showsWallClock(instant, asUtc, timeZone));
  return new Date(readings.length > 0 ? Math.min(...readings) : Math.max(...candidates));
}

function showsWallClock(instant: number, wallAsUtc: number, timeZone: string): boolean {
  return instant + zoneOffsetMinutes(timeZone, new Date(instant)) * 60_000 === wallAsUtc;
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Echoes an instant for people, always with its zone, e.g. "Mon 30 Nov 2026, 09:00 (Europe/Kyiv)".
 * @example formatInstant(new Date('2026-11-30T07:00:00Z'), 'Europe/Kyiv') // 'Mon 30 Nov 2026, 09:00 (Europe/Kyiv)'
 */
export function formatInstant(at: Date, timeZone: string): string {
  let format = displayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    displayFormats.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const p of format.formatToParts(at)) part[p.type] = p.value;
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} (${timeZone})`;
}
