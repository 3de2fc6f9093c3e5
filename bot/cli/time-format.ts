/**
 * Instants for people at a terminal: the API's ISO UTC strings in the reader's zone (the machine's, or --tz), as
 * "Mon 30 Nov 2026 09:00 EET", and only "09:05" for a later instant on the same local day.
 * @module
 */

export interface TimeFormat {
  readonly timeZone: string;
  /** `Mon 30 Nov 2026 09:00 EET`. */
  full(iso: string): string;
  /** `30 Nov 2026 09:00`: for tables, where the zone is the reader's own. */
  short(iso: string): string;
  /** After `previous` on the same local day: `09:05`; otherwise `Tue 1 Dec 2026 09:05`. */
  after(iso: string, previous: string): string;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws RangeError for an unknown zone; check with isTimeZone first.
 * @example createTimeFormat('Europe/Kyiv').full('2026-11-30T07:00:00.000Z') // 'Mon 30 Nov 2026 09:00 EET'
 */
export function createTimeFormat(timeZone: string): TimeFormat {
  // en-GB: day before month and a 24-hour clock, which read the same everywhere.
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const parts = (iso: string) => {
    const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of format.formatToParts(new Date(iso))) out[part.type] = part.value;
    return {
      weekday: out.weekday ?? '',
      date: `${out.day} ${out.month} ${out.year}`,
      time: `${out.hour}:${out.minute}`,
      zone: out.timeZoneName ?? timeZone,
    };
  };
  const valid = (iso: string) => !Number.isNaN(new Date(iso).getTime());
  return {
    timeZone,
    full: (iso) => {
      if (!valid(iso)) return iso;
      const p = parts(iso);
      return `${p.weekday} ${p.date} ${p.time} ${p.zone}`;
    },
    short: (iso) => {
      if (!valid(iso)) return iso;
      const p = parts(iso);
      return `${p.date} ${p.time}`;
    },
    after: (iso, previous) => {
      if (!valid(iso) || !valid(previous)) return iso;
      const p = parts(iso);
      return p.date === parts(previous).date ? p.time : `${p.weekday} ${p.date} ${p.time}`;
    },
  };
}
