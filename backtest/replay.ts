import type { TestClock } from '../core/clock';
import type { Kernel } from '../core/kernel';
import type { RecordedSource } from './recorded/source';
import type { CursorMerge } from './binary/merge';
import { mergeByRecvTime } from './recorded/merge';

export interface ReplayProgress {
  events: number;
  /** Data time of the last event, µs. */
  dataTime: number;
}

/**
 * Drives the kernel from recorded files in receive-time order. Per event: advance the test clock (firing
 * due timers first), then hand the event to the kernel. The loop is synchronous within a batch; the only
 * awaits are batch refills.
 */
export interface ReplayHooks {
  /** Called once at the first event's time, before strategies start. */
  onStart?(ts: number): void;
  /** Called after each batch (progress bars). */
  onBatch?(progress: ReplayProgress): void;
}

/**
 * The same loop over binary files: synchronous from the first event to the last, no promise and no
 * allocation per event (the cursors hand out flyweights).
 */
export async function replayBinary(merge: CursorMerge, kernel: Kernel, clock: TestClock, hooks: ReplayHooks = {}): Promise<ReplayProgress> {
  const first = merge.peekRecv();
  if (first === Number.POSITIVE_INFINITY) return { events: 0, dataTime: clock.now() };
  clock.advanceTo(first);
  hooks.onStart?.(first);
  await kernel.start();
  let events = 0;
  for (let event = merge.next(); event !== undefined; event = merge.next()) {
    clock.advanceTo(event.tsRecv);
    kernel.onMarketData(event);
    if (++events % PROGRESS_EVERY === 0) hooks.onBatch?.({ events, dataTime: clock.now() });
  }
  hooks.onBatch?.({ events, dataTime: clock.now() });
  await kernel.stop();
  return { events, dataTime: clock.now() };
}

/** Progress is reported every this many events on the binary path. */
const PROGRESS_EVERY = 1 << 16;

export async function replay(sources: RecordedSource[], kernel: Kernel, clock: TestClock, hooks: ReplayHooks = {}): Promise<ReplayProgress> {
  let events = 0;
  let started = false;
  for await (const batch of mergeByRecvTime(sources)) {
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i]!;
      clock.advanceTo(event.tsRecv);
      if (!started) {
        // Strategies start at the time of the first record, so their first timers are in data time.
        hooks.onStart?.(event.tsRecv);
        await kernel.start();
        started = true;
      }
      kernel.onMarketData(event);
    }
    events += batch.length;
    hooks.onBatch?.({ events, dataTime: clock.now() });
  }
  if (started) await kernel.stop();
  return { events, dataTime: clock.now() };
}
