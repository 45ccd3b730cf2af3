import type { Expense, Fill, MarketDataEvent, OrderEvent, Transfer } from '../../core/events';
import type { ExecutionSink } from '../../core/execution';

/** An ExecutionSink that keeps everything a venue reports, for venue tests without a kernel. */
export class RecordingSink implements ExecutionSink {
  readonly fills: Fill[] = [];
  readonly events: OrderEvent[] = [];
  readonly published: MarketDataEvent[] = [];
  readonly transfers: Transfer[] = [];
  readonly expenses: Expense[] = [];

  orderEvent(event: OrderEvent): void {
    this.events.push(event);
  }
  fill(fill: Fill): void {
    this.fills.push(fill);
  }
  marketData(event: MarketDataEvent): void {
    this.published.push(event);
  }
  transfer(transfer: Transfer): void {
    this.transfers.push(transfer);
  }
  expense(expense: Expense): void {
    this.expenses.push(expense);
  }
}
