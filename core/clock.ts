import { InvariantError } from './errors';
import type { Micros } from './time';

/** Called when a timer comes due, with the timer's name and its due time. */
export type TimerCallback = (name: string, due: Micros) => void;

/**
 * The only source of time for strategies, risk and venues. Backtests drive a TestClock from the data's
 * timestamps; live and paper use the WallClock. Nobody else reads the system time.
 */
export interface Clock {
  now(): Micros;
  /** Fires `callback` at `at` and then every `intervalUs` if given. Setting an existing name replaces it. */
  setTimer(name: string, at: Micros, callback: TimerCallback, intervalUs?: number): void;
  cancelTimer(name: string): void;
  hasTimer(name: string): boolean;
}

interface Timer {
  name: string;
  due: Micros;
  intervalUs: number | undefined;
  callback: TimerCallback;
  /** Insertion order: timers due at the same instant fire in the order they were set. */
  seq: number;
}

/**
 * Time advanced explicitly by the replay loop. `advanceTo(t)` fires every timer due at or before `t`, in
 * due-time order, with `now()` equal to each timer's due time while it runs, and only then sets `now` to
 * `t`: a timer never sees data from after its due time (nautilus TestClock, hftbacktest `elapse`).
 */
export class TestClock implements Clock {
  private current: Micros;
  private readonly timers = new Map<string, Timer>();
  private seq = 0;
  /** Earliest due time among timers; lets advanceTo skip the scan in the common no-timer-due case. */
  private nextDue = Number.POSITIVE_INFINITY;

  constructor(start: Micros = 0) {
    this.current = start;
  }

  now(): Micros {
    return this.current;
  }

  setTimer(name: string, at: Micros, callback: TimerCallback, intervalUs?: number): void {
    if (intervalUs !== undefined && !(intervalUs > 0)) throw new InvariantError(`timer ${name}: interval must be > 0`, { intervalUs });
    const due = Math.max(at, this.current);
    this.timers.set(name, { name, due, intervalUs, callback, seq: this.seq++ });
    if (due < this.nextDue) this.nextDue = due;
  }

  cancelTimer(name: string): void {
    this.timers.delete(name);
    this.nextDue = this.earliestDue();
  }

  hasTimer(name: string): boolean {
    return this.timers.has(name);
  }

  advanceTo(t: Micros): void {
    if (t < this.current) {
      throw new InvariantError(`clock cannot go backwards: ${t} < ${this.current}`, { now: this.current, to: t });
    }
    while (this.nextDue <= t) {
      const timer = this.dueFirst();
      this.current = timer.due;
      if (timer.intervalUs === undefined) this.timers.delete(timer.name);
      else timer.due += timer.intervalUs;
      this.nextDue = this.earliestDue();
      timer.callback(timer.name, this.current);
    }
    this.current = t;
  }

  private dueFirst(): Timer {
    let first: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (!first || timer.due < first.due || (timer.due === first.due && timer.seq < first.seq)) first = timer;
    }
    return first as Timer;
  }

  private earliestDue(): Micros {
    let due = Number.POSITIVE_INFINITY;
    for (const timer of this.timers.values()) if (timer.due < due) due = timer.due;
    return due;
  }
}
