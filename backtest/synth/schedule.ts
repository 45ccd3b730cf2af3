import type { UsEquityCalendar } from '../../core/calendar/us-equity';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, type Micros } from '../../core/time';

/** One US trading day's session boundaries, as instants. */
export interface TradingDay {
  /** ET date, YYYY-MM-DD. */
  readonly etDate: string;
  /** Pre-market opens (04:00 ET). */
  readonly preOpen: Micros;
  /** Regular session opens (09:30 ET). */
  readonly open: Micros;
  /** Regular session closes (16:00 ET, 13:00 on early-close days). */
  readonly close: Micros;
  /** Post-market closes (20:00 ET, 17:00 on early-close days). */
  readonly postClose: Micros;
  /** True when at least one whole day without trading precedes this one (a weekend or a holiday). */
  readonly afterClosedDay: boolean;
}

/** Pre-market runs 04:00–09:30 ET, 5.5 h before the open; post-market the 4 h after the close. */
const PRE_MARKET = 5 * MICROS_PER_HOUR + 30 * MICROS_PER_MINUTE;
const POST_MARKET = 4 * MICROS_PER_HOUR;

/**
 * The trading days from the one holding `start` through the one of the first regular open at or after
 * `end`: the price path must reach that open, because off-hours fair value drifts toward it.
 */
export function tradingDays(calendar: UsEquityCalendar, start: Micros, end: Micros): TradingDay[] {
  const lastDate = calendar.etDate(calendar.nextRegularOpen(end));
  const days: TradingDay[] = [];
  let previousTradingDate: string | undefined;
  for (let date = calendar.etDate(start); date <= lastDate; date = nextDate(date)) {
    const hours = calendar.isTradingDay(date) ? calendar.regularHours(date) : undefined;
    if (hours === undefined) continue;
    days.push({
      etDate: date,
      preOpen: hours.open - PRE_MARKET,
      open: hours.open,
      close: hours.close,
      postClose: hours.close + POST_MARKET,
      afterClosedDay: previousTradingDate !== undefined && nextDate(previousTradingDate) !== date,
    });
    previousTradingDate = date;
  }
  return days;
}

/** The calendar date after a YYYY-MM-DD date (date arithmetic in UTC, where every day has 24 h). */
function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + MICROS_PER_DAY / 1000).toISOString().slice(0, 10);
}
