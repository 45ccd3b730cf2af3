import { MICROS_PER_MILLI, type Micros } from '../../core/time';
import type { Random } from './random';

/**
 * Receive times for one feed: event time plus a random latency, never earlier than the previous receive
 * time, because a feed delivers in order (and replay orders by receive time).
 */
export class ReceiveClock {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly random: Random,
    private readonly latencyMs: { readonly min: number; readonly max: number },
  ) {}

  /** Receive time of an event at `tsEvent`: a fresh latency draw, in whole microseconds. */
  receive(tsEvent: Micros): Micros {
    const latency = Math.round(this.random.between(this.latencyMs.min, this.latencyMs.max) * MICROS_PER_MILLI);
    this.last = Math.max(this.last, tsEvent + latency);
    return this.last;
  }
}
