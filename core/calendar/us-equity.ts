import { type Micros, microsFromMillis, millisFromMicros } from '../time';

export type UsEquitySession = 'pre' | 'regular' | 'post' | 'overnight' | 'weekend' | 'holiday';

const ZONE = 'America/New_York';
const PRE_OPEN = 4 * 60;
const REGULAR_OPEN = 9 * 60 + 30;
const REGULAR_CLOSE = 16 * 60;
const EARLY_CLOSE = 13 * 60;
const POST_CLOSE = 20 * 60;
const EARLY_POST_CLOSE = 17 * 60;

interface TradingDay {
  /** Minutes after ET midnight. */
  close: number;
  postClose: number;
}

/**
 * The NYSE/Nasdaq calendar: sessions, holidays and early closes by the exchanges' published rules, in
 * New York time across daylight-saving changes (Node's ICU time-zone data). Special one-off closures (a
 * national day of mourning such as 2025-01-09) are not rules and are not known here.
 */
export class UsEquityCalendar {
  private readonly etFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  private readonly days = new Map<string, TradingDay | null>();
  /** isRegularOpen is asked for every quote: remember the span the last answer holds for. */
  private openCache = { from: 0, to: 0, open: false };

  sessionAt(ts: Micros): UsEquitySession {
    const { date, minutes } = this.etParts(ts);
    const weekday = weekdayOf(date);
    if (weekday === 6 || weekday === 0 || (weekday === 5 && minutes >= POST_CLOSE) || (weekday === 1 && minutes < PRE_OPEN)) return 'weekend';
    const day = this.tradingDay(date);
    if (!day) return 'holiday';
    if (minutes < PRE_OPEN) return 'overnight';
    if (minutes < REGULAR_OPEN) return 'pre';
    if (minutes < day.close) return 'regular';
    if (minutes < day.postClose) return 'post';
    return 'overnight';
  }

  isRegularOpen(ts: Micros): boolean {
    const c = this.openCache;
    if (ts >= c.from && ts < c.to) return c.open;
    const hours = this.regularHours(this.etDate(ts));
    if (hours && ts >= hours.open && ts < hours.close) this.openCache = { from: hours.open, to: hours.close, open: true };
    else this.openCache = { from: ts, to: this.nextRegularOpen(ts), open: false };
    return this.openCache.open;
  }

  regularHours(etDate: string): { open: Micros; close: Micros } | undefined {
    const day = this.tradingDay(etDate);
    if (!day) return undefined;
    return { open: this.instant(etDate, REGULAR_OPEN), close: this.instant(etDate, day.close) };
  }

  nextRegularOpen(ts: Micros): Micros {
    let date = this.etDate(ts);
    for (let i = 0; i < 30; i++, date = addDays(date, 1)) {
      const hours = this.regularHours(date);
      if (hours && hours.open > ts) return hours.open;
    }
    throw new RangeError(`no regular open within 30 days of ${ts}`);
  }

  /** The ET date `n` trading days after `etDate` (T+n settlement). */
  tradingDaysAfter(etDate: string, n: number): string {
    let date = etDate;
    for (let left = n; left > 0; ) {
      date = addDays(date, 1);
      if (this.isTradingDay(date)) left--;
    }
    return date;
  }

  etDate(ts: Micros): string {
    return this.etParts(ts).date;
  }

  isTradingDay(etDate: string): boolean {
    return this.tradingDay(etDate) !== undefined;
  }

  private tradingDay(etDate: string): TradingDay | undefined {
    let day = this.days.get(etDate);
    if (day === undefined) {
      day = computeTradingDay(etDate);
      this.days.set(etDate, day);
    }
    return day ?? undefined;
  }

  private etParts(ts: Micros): { date: string; minutes: number } {
    const parts: Record<string, string> = {};
    for (const p of this.etFormat.formatToParts(new Date(millisFromMicros(ts)))) parts[p.type] = p.value;
    return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  }

  /** The UTC instant of `minutes` after midnight of an ET date. */
  private instant(etDate: string, minutes: number): Micros {
    const asUtc = wallClockAsUtc(etDate, minutes);
    // The ET offset is -5 h or -4 h; read it off the formatter at the guess, then correct once more in case
    // the guess and the answer sit on the two sides of a DST change.
    let utc = asUtc + 5 * 3_600_000;
    for (let i = 0; i < 2; i++) {
      const { date, minutes: seen } = this.etParts(microsFromMillis(utc));
      utc -= wallClockAsUtc(date, seen) - asUtc;
    }
    return microsFromMillis(utc);
  }
}

function computeTradingDay(etDate: string): TradingDay | null {
  const weekday = weekdayOf(etDate);
  if (weekday === 0 || weekday === 6 || isHoliday(etDate)) return null;
  return isEarlyClose(etDate) ? { close: EARLY_CLOSE, postClose: EARLY_POST_CLOSE } : { close: REGULAR_CLOSE, postClose: POST_CLOSE };
}

/** NYSE Rule 7.2 holidays with their observance rules. */
function isHoliday(etDate: string): boolean {
  const [year] = ymd(etDate);
  const holidays = [
    newYearsObserved(year),
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day: third Monday of January
    nthWeekday(year, 2, 1, 3), // Washington's Birthday: third Monday of February
    addDays(easterSunday(year), -2), // Good Friday
    lastWeekday(year, 5, 1), // Memorial Day
    ...(year >= 2022 ? [observed(`${year}-06-19`)] : []), // Juneteenth
    observed(`${year}-07-04`),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving: fourth Thursday of November
    observed(`${year}-12-25`),
  ];
  // New Year's Day of next year falling on a Saturday is not moved to this year's Dec 31 (NYSE rule).
  return holidays.includes(etDate);
}

/** 13:00 closes: July 3 and Christmas Eve when they are trading weekdays, and the day after Thanksgiving. */
function isEarlyClose(etDate: string): boolean {
  const [year, month, day] = ymd(etDate);
  if (month === 7 && day === 3) return true;
  if (month === 12 && day === 24) return true;
  return etDate === addDays(nthWeekday(year, 11, 4, 4), 1);
}

/** New Year's Day; on a Sunday the Monday after; on a Saturday not observed at all. */
function newYearsObserved(year: number): string {
  const date = `${year}-01-01`;
  const weekday = weekdayOf(date);
  if (weekday === 0) return addDays(date, 1);
  return weekday === 6 ? '' : date;
}

/** Saturday holidays are observed the Friday before, Sunday ones the Monday after. */
function observed(date: string): string {
  const weekday = weekdayOf(date);
  return weekday === 6 ? addDays(date, -1) : weekday === 0 ? addDays(date, 1) : date;
}

/** The n-th given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = iso(year, month, 1);
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, weekday: number): string {
  const last = addDays(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** Milliseconds of a wall-clock date and time read as if it were UTC. */
function wallClockAsUtc(date: string, minutes: number): number {
  const [y, m, d] = ymd(date);
  return Date.UTC(y, m - 1, d, 0, minutes);
}

function ymd(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function weekdayOf(date: string): number {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function addDays(date: string, days: number): string {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
