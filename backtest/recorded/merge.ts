import { BaseError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import type { RecordedSource } from './source';

export interface MergeOptions {
  /** Events per yielded batch (the last batch may hold fewer). */
  batchEvents?: number;
}

const DEFAULT_MERGE_BATCH_EVENTS = 4096;

/**
 * Merges sources into one stream of batches in non-decreasing `tsRecv` order. Equal `tsRecv`: the source
 * earlier in `sources` first, then file order; so a replay is the same on every run.
 *
 * The yielded array is reused once the consumer asks for the next batch: use it inside the loop body and
 * do not keep it. The only awaits are refills of a source whose batch is used up. Every source is closed
 * when the iteration ends, fails, or the consumer leaves the loop early.
 */
export async function* mergeByRecvTime(sources: RecordedSource[], options: MergeOptions = {}): AsyncGenerator<readonly MarketDataEvent[], void, undefined> {
  try {
    const capacity = options.batchEvents ?? DEFAULT_MERGE_BATCH_EVENTS;
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new BaseError('USAGE', `batchEvents must be a positive integer, got ${capacity}`);
    const heap = new CursorHeap();
    for (let i = 0; i < sources.length; i++) {
      const cursor = new Cursor(sources[i]!, i);
      if (await cursor.refill()) heap.push(cursor);
    }
    const out: MarketDataEvent[] = [];
    while (heap.size > 0) {
      if (out.length >= capacity) {
        yield out;
        out.length = 0;
      }
      const top = heap.top();
      emitRun(top, heap.runnerUp(), out, capacity);
      if (top.pos === top.events.length && !(await top.refill())) heap.removeTop();
      else heap.siftDownTop();
    }
    if (out.length > 0) yield out;
  } finally {
    await closeAll(sources);
  }
}

/**
 * Moves events from the leading source to `out` for as long as they stay ahead of the runner-up's next
 * event: one comparison per event instead of a heap update per event.
 */
function emitRun(top: Cursor, rival: Cursor | undefined, out: MarketDataEvent[], capacity: number): void {
  const events = top.events;
  let pos = top.pos;
  const end = Math.min(events.length, pos + capacity - out.length);
  if (rival === undefined) {
    while (pos < end) out.push(events[pos++]!);
  } else {
    const bound = rival.head();
    const winsTies = top.index < rival.index;
    while (pos < end) {
      const event = events[pos]!;
      if (event.tsRecv > bound || (event.tsRecv === bound && !winsTies)) break;
      out.push(event);
      pos++;
    }
  }
  top.pos = pos;
}

/** A close failure must not hide the error that ended the merge, and after the data is read it changes nothing. */
async function closeAll(sources: RecordedSource[]): Promise<void> {
  await Promise.allSettled(sources.map((source) => source.close()));
}

/** A source's current batch and the position of its next event. */
class Cursor {
  events: readonly MarketDataEvent[] = [];
  pos = 0;

  constructor(
    private readonly source: RecordedSource,
    readonly index: number,
  ) {}

  /** The next event's receive time; only called while `pos` is inside the batch. */
  head(): number {
    return this.events[this.pos]!.tsRecv;
  }

  /** Loads the next non-empty batch; false at the end of the source. */
  async refill(): Promise<boolean> {
    for (;;) {
      const batch = await this.source.readBatch();
      if (batch === null) return false;
      if (batch.length > 0) {
        this.events = batch;
        this.pos = 0;
        return true;
      }
    }
  }
}

function precedes(a: Cursor, b: Cursor): boolean {
  const ta = a.head();
  const tb = b.head();
  return ta < tb || (ta === tb && a.index < b.index);
}

/** Binary min-heap of cursors by (next event's tsRecv, source index). */
class CursorHeap {
  private readonly items: Cursor[] = [];

  get size(): number {
    return this.items.length;
  }

  top(): Cursor {
    return this.items[0]!;
  }

  /** The cursor that would lead if the top one were gone: one of the top's children. */
  runnerUp(): Cursor | undefined {
    const left = this.items[1];
    const right = this.items[2];
    if (left === undefined || right === undefined) return left;
    return precedes(right, left) ? right : left;
  }

  push(cursor: Cursor): void {
    const items = this.items;
    let i = items.push(cursor) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!precedes(cursor, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = cursor;
  }

  removeTop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.siftDownTop();
    }
  }

  /** Restores the heap after the top cursor's key grew. */
  siftDownTop(): void {
    const items = this.items;
    const n = items.length;
    const cursor = items[0]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && precedes(items[right]!, items[left]!) ? right : left;
      if (!precedes(items[child]!, cursor)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = cursor;
  }
}
