import type { Clock, TimerCallback } from '../core/clock';
import type { Micros } from '../core/time';
import { microsFromMillis } from '../core/time';

/**
 * Real time for paper and live runs. It lives with the runtime rather than in core so that the system
 * clock is read in exactly one place; strategies see it only through the Clock interface.
 */
export class WallClock implements Clock {
  private readonly handles = new Map<string, NodeJS.Timeout>();

  now(): Micros {
    // eslint-disable-next-line no-restricted-syntax -- the one sanctioned read of the system clock
    return microsFromMillis(Date.now());
  }

  setTimer(name: string, at: Micros, callback: TimerCallback, intervalUs?: number): void {
    this.cancelTimer(name);
    const arm = (due: Micros): void => {
      const delayMs = Math.max(0, (due - this.now()) / 1000);
      this.handles.set(
        name,
        setTimeout(() => {
          if (intervalUs === undefined) this.handles.delete(name);
          else arm(due + intervalUs);
          callback(name, due);
        }, delayMs),
      );
    };
    arm(at);
  }

  cancelTimer(name: string): void {
    const handle = this.handles.get(name);
    if (handle) clearTimeout(handle);
    this.handles.delete(name);
  }

  hasTimer(name: string): boolean {
    return this.handles.has(name);
  }

  /** Stops every timer; called on shutdown so the process can exit. */
  cancelAll(): void {
    for (const name of [...this.handles.keys()]) this.cancelTimer(name);
  }
}
