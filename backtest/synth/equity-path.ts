import { InvariantError } from '../../core/errors';
import { MICROS_PER_SECOND, type Micros } from '../../core/time';
import type { SynthParams } from './params';
import type { Random } from './random';
import type { TradingDay } from './schedule';

/** Regular-session seconds in a year (252 days x 6.5 h): the base the annual volatility is quoted on. */
const TRADING_SECONDS_PER_YEAR = 252 * 6.5 * 3600;

/**
 * The TSLA mid, one value per second from each day's pre-market open to its post-market close.
 *
 * Within a day the log mid is a driftless GBM step per second (the -σ²/2 term keeps the price itself a
 * martingale). Between days it jumps by a normal log gap, larger when a whole day without trading
 * passed; the jump lands on the first pre-market second, so the gap shows in pre-market quotes.
 */
export class EquityPath {
  private constructor(
    readonly days: readonly TradingDay[],
    private readonly mids: readonly Float64Array[],
  ) {}

  static simulate(days: readonly TradingDay[], params: SynthParams['equity'], random: Random): EquityPath {
    const regularSd = params.annualVol / Math.sqrt(TRADING_SECONDS_PER_YEAR);
    const extendedSd = regularSd * params.extendedHoursVolFactor;
    let logMid = Math.log(params.startPrice);
    const mids = days.map((day, index) => {
      if (index > 0) {
        const gapSd = day.afterClosedDay ? params.weekendGapSd : params.overnightGapSd;
        logMid += gapSd * random.normal() - (gapSd * gapSd) / 2;
      }
      const seconds = (day.postClose - day.preOpen) / MICROS_PER_SECOND;
      const values = new Float64Array(seconds);
      for (let s = 0; s < seconds; s++) {
        if (s > 0) {
          const ts = day.preOpen + s * MICROS_PER_SECOND;
          const sd = ts >= day.open && ts < day.close ? regularSd : extendedSd;
          logMid += sd * random.normal() - (sd * sd) / 2;
        }
        values[s] = Math.exp(logMid);
      }
      return values;
    });
    return new EquityPath(days, mids);
  }

  /** The mid in force at `ts` (the value of the second holding it); `ts` must be inside a day's sessions. */
  midAt(ts: Micros): number {
    for (let i = 0; i < this.days.length; i++) {
      const day = this.days[i]!;
      if (ts >= day.preOpen && ts < day.postClose) return this.mids[i]![Math.floor((ts - day.preOpen) / MICROS_PER_SECOND)]!;
    }
    throw new InvariantError('no TSLA mid outside the quoted sessions', { ts });
  }
}
