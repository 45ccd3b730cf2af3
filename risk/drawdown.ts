import { MICROS_PER_DAY, MICROS_PER_HOUR, type Micros } from '../core/time';

/** Loss from the peak of a PnL series, over all time and since the start of the current trading day. */
export interface Drawdown {
  readonly total: number;
  readonly daily: number;
  /** Changes when a new trading day starts. */
  readonly day: number;
}

/** Tracks one scope's PnL peaks. Trading days start at `dayStartUtcHour` (UTC). */
export class DrawdownTracker {
  private peak = Number.NEGATIVE_INFINITY;
  private dayPeak = Number.NEGATIVE_INFINITY;
  private day = Number.NaN;

  constructor(private readonly dayStartUtcHour: number) {}

  /** Forgets the peaks: the next update is the new baseline. */
  rebase(): void {
    this.peak = Number.NEGATIVE_INFINITY;
    this.day = Number.NaN;
  }

  update(pnl: number, now: Micros): Drawdown {
    const day = Math.floor((now - this.dayStartUtcHour * MICROS_PER_HOUR) / MICROS_PER_DAY);
    if (day !== this.day) {
      this.day = day;
      this.dayPeak = pnl;
    }
    if (pnl > this.peak) this.peak = pnl;
    if (pnl > this.dayPeak) this.dayPeak = pnl;
    return { total: this.peak - pnl, daily: this.dayPeak - pnl, day };
  }
}
