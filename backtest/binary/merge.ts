import type { MarketDataEvent } from '../../core/events';
import type { BinaryCursor } from './reader';

/**
 * Several binary files in receive-time order (ties: earlier file first), synchronously. A linear scan over
 * the cursors' next receive times: files per run are few, and it allocates nothing.
 */
export class CursorMerge {
  constructor(private readonly cursors: readonly BinaryCursor[]) {}

  /** Receive time of the next event, Infinity at the end. */
  peekRecv(): number {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.cursors.length; i++) {
      const t = this.cursors[i]!.peekRecv();
      if (t < best) best = t;
    }
    return best;
  }

  next(): MarketDataEvent | undefined {
    let best = -1;
    let bestT = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.cursors.length; i++) {
      const t = this.cursors[i]!.peekRecv();
      if (t < bestT) {
        bestT = t;
        best = i;
      }
    }
    return best < 0 ? undefined : this.cursors[best]!.next();
  }

  close(): void {
    for (const c of this.cursors) c.close();
  }
}
