/**
 * `<when>` phrases → instants, read with chrono-node in the speaker's IANA zone (reference/slack.md §8). chrono only
 * knows a fixed numeric offset, taken at the reference instant, so a result across a DST change is an hour off; we
 * keep chrono's wall-clock components and re-resolve them in the IANA zone. Never uses Slack's `tz_offset`.
 * @module
 */
import * as chrono from 'chrono-node';
import { fail, ok, problem, type Result } from './problems.js';
import type { ReplyInstant } from './reply.js';
import {
  formatInstant,
  isValidTimeZone,
  preferredZoneName,
  zonedWallClockToInstant,
  zoneOffsetMinutes,
} from './time-zone.js';

export const DATE_LOCALES = ['en', 'en-GB', 'uk', 'de', 'fr', 'es'] as const;
export type DateLocale = (typeof DATE_LOCALES)[number];

export interface DateContext {
  /** The reference instant (injected; never read from a global clock). */
  readonly now: Date;
  /** The speaker's IANA zone, e.g. "Europe/Kyiv". */
  readonly timeZone: string;
  /** Default `en` (M/D); `en-GB` reads 3/11 as 3 November. */
  readonly locale?: DateLocale;
  /**
   * Time of day when the phrase gives none ("Dec 3", "next Friday", "in 2 weeks"). Default 09:00 local: the start of
   * a business day, rather than chrono's noon or the reference time of day. `'implied'` keeps chrono's choice.
   */
  readonly defaultTime?: { readonly hour: number; readonly minute: number } | 'implied';
  /** Latest instant accepted, in ms after `now`. Default 366 days (the engine's horizon). */
  readonly maxAheadMs?: number;
}

/** An instant read from a phrase, with the text that was read and the echo people should see. */
export interface ParsedWhen {
  readonly at: Date;
  /** The part of the phrase that was read as the date. */
  readonly matched: string;
  readonly echo: ReplyInstant;
}

export const DEFAULT_MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;
const BUSINESS_DEFAULT = { hour: 9, minute: 0 } as const;

/** Words that may surround a date without changing it ("until next Monday", "back on Dec 3"). */
const FILLER_WORDS = new Set([
  'until',
  'till',
  'til',
  'back',
  'on',
  'by',
  'at',
  'from',
  'starting',
  'the',
  'of',
  'до',
  'з',
  'о',
  'bis',
  'am',
  'um',
]);

/** chrono tags that mean the phrase named a time of day in words ("tomorrow evening"): keep chrono's hour. */
const TIME_OF_DAY_TAG = /^casualReference\/(morning|afternoon|evening|night|tonight|noon|midnight)$/;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function parserFor(locale: DateLocale): chrono.Chrono {
  switch (locale) {
    case 'en':
      return chrono.en.casual;
    case 'en-GB':
      return chrono.en.GB;
    case 'uk':
      return chrono.uk.casual;
    case 'de':
      return chrono.de.casual;
    case 'fr':
      return chrono.fr.casual;
    case 'es':
      return chrono.es.casual;
    default: {
      const never: never = locale;
      return never;
    }
  }
}

function checkRange(at: Date, matched: string, ctx: DateContext): Result<ParsedWhen> {
  const echo = toReplyInstant(at, ctx.timeZone);
  if (at.getTime() <= ctx.now.getTime()) return fail(problem('date_past', matched, echo.text));
  if (at.getTime() - ctx.now.getTime() > (ctx.maxAheadMs ?? DEFAULT_MAX_AHEAD_MS)) {
    return fail(problem('date_too_far', matched, echo.text));
  }
  return ok({ at, matched, echo });
}

function defaultTimeOf(ctx: DateContext): { hour: number; minute: number } | null {
  return ctx.defaultTime === 'implied' ? null : (ctx.defaultTime ?? BUSINESS_DEFAULT);
}

/** ISO instants ("2026-12-20T09:00:00Z") exactly; ISO dates and local date-times as wall clock in the zone. */
function parseIso(text: string, ctx: DateContext): Result<ParsedWhen> | null {
  if (ISO_WITH_ZONE.test(text)) {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? fail(problem('date_unreadable', text)) : checkRange(at, text, ctx);
  }
  const local = ISO_LOCAL.exec(text);
  if (!local) return null;
  const [, y, mo, d, h, mi, s] = local;
  const time = h !== undefined ? { hour: Number(h), minute: Number(mi) } : (defaultTimeOf(ctx) ?? BUSINESS_DEFAULT);
  const wall = { year: Number(y), month: Number(mo), day: Number(d), ...time, second: Number(s ?? 0) };
  const probe = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  // Date.UTC rolls 2026-02-31 over to March; a date that rolled is not the date typed.
  if (probe.getUTCMonth() !== wall.month - 1 || probe.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59) {
    return fail(problem('date_unreadable', text));
  }
  return checkRange(zonedWallClockToInstant(wall, ctx.timeZone), text, ctx);
}

function leftoverWords(text: string, index: number, matched: string): string {
  const rest = `${text.slice(0, index)} ${text.slice(index + matched.length)}`;
  return rest
    .split(/[\s,.;!?]+/)
    .filter((word) => word.length > 0 && !FILLER_WORDS.has(word.toLowerCase()))
    .join(' ');
}

/**
 * Reads one future instant from a `<when>` phrase in the speaker's zone. Rejects, with a problem naming the words:
 * nothing readable, words left over, several dates or a range, the past, more than `maxAheadMs` ahead.
 * @example parseWhen('next Monday 9am', { now, timeZone: 'Europe/Kyiv' })
 */
export function parseWhen(phrase: string, given: DateContext): Result<ParsedWhen> {
  const ctx = { ...given, timeZone: preferredZoneName(given.timeZone) };
  const text = phrase.trim().replace(/\s+/g, ' ');
  if (!isValidTimeZone(ctx.timeZone)) return fail(problem('date_bad_zone', ctx.timeZone));
  if (text.length === 0) return fail(problem('date_unreadable', phrase));

  const iso = parseIso(text, ctx);
  if (iso) return iso;

  const reference = { instant: ctx.now, timezone: zoneOffsetMinutes(ctx.timeZone, ctx.now) };
  const results = parserFor(ctx.locale ?? 'en').parse(text, reference, { forwardDate: true });
  const [result] = results;
  if (!result) return fail(problem('date_unreadable', text));
  if (results.length > 1) return fail(problem('date_several', text, results.map((r) => r.text).join(' · ')));
  if (result.end) return fail(problem('date_range', result.text));
  const leftover = leftoverWords(text, result.index, result.text);
  if (leftover.length > 0) return fail(problem('date_leftover', leftover, result.text));

  const start = result.start;
  const tags = start.tags();
  // An explicit zone ("9am EST") or an exact offset from now ("in 2 hours") is already the right instant.
  if (start.isCertain('timezoneOffset') || tags.has('result/relativeDateAndTime')) {
    return checkRange(start.date(), result.text, ctx);
  }

  const fallback = defaultTimeOf(ctx);
  const namesTimeOfDay = [...tags].some((tag) => TIME_OF_DAY_TAG.test(tag));
  const useDefault = fallback !== null && !start.isCertain('hour') && !namesTimeOfDay;
  const wall = {
    year: start.get('year') ?? 1970,
    month: start.get('month') ?? 1,
    day: start.get('day') ?? 1,
    hour: useDefault ? fallback.hour : (start.get('hour') ?? 0),
    minute: useDefault ? fallback.minute : (start.get('minute') ?? 0),
    second: useDefault ? 0 : (start.get('second') ?? 0),
  };
  let at = zonedWallClockToInstant(wall, ctx.timeZone);
  // A bare weekday said on that weekday after the default hour means next week, as chrono itself does for its
  // implied noon (slack.md §8.1: "today while noon is ahead, otherwise +7 days").
  if (at <= ctx.now && start.isCertain('weekday') && !start.isCertain('day')) {
    at = zonedWallClockToInstant({ ...wall, day: wall.day + 7 }, ctx.timeZone);
  }
  return checkRange(at, result.text, ctx);
}

/** The echo of an instant for replies. */
export function toReplyInstant(at: Date, given: string): ReplyInstant {
  const timeZone = preferredZoneName(given);
  return { iso: at.toISOString(), text: formatInstant(at, timeZone), timeZone };
}
