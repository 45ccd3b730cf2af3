import type { TestClock } from '../core/clock';
import type { Kernel } from '../core/kernel';
import type { RecordedSource } from './recorded/source';
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
