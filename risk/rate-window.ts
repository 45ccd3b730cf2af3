import { MICROS_PER_SECOND, type Micros } from '../core/time';

/** Counts events in a sliding one-second window of clock time. */
export class RateWindow {
  private readonly times: Micros[] = [];

  record(ts: Micros): void {
    this.times.push(ts);
  }

  countAt(now: Micros): number {
    const horizon = now - MICROS_PER_SECOND;
    while (this.times.length > 0 && (this.times[0] as Micros) <= horizon) this.times.shift();
    return this.times.length;
  }
}
