import type { DenialReason, Expense, Fill, OrderEvent } from './events';
import type { ExecutionEstimate } from './execution';
import type { Order } from './orders';

export interface Denial {
  readonly reason: DenialReason;
  readonly message: string;
}

/**
 * The pre-trade check every order passes through before it reaches a venue. The risk manager (risk/)
 * implements it; the kernel only knows this shape, so core stays free of risk policy.
 */
export interface OrderGate {
  /** Called when the kernel starts, at the clock's first time: periodic checks start here. */
  start?(): void;
  /**
   * Undefined lets the order through; a Denial stops it. Never throws for a policy refusal. `estimate`
   * is the venue's view of the order's execution when it can give one.
   */
  check(order: Order, estimate?: ExecutionEstimate): Denial | undefined;
  /** Told of every cost without a fill (reverted transactions), for drawdown. */
  onExpense?(expense: Expense): void;
  /** Told of every cancel a strategy asks for (cancel-rate limits). Cancels are never refused. */
  onCancel?(order: Order): void;
  /** Told of every fill, after the portfolio applied it. */
  onFill?(fill: Fill): void;
  /** Told of every order state change reported by a venue (a rejection frees the order's exposure). */
  onOrderEvent?(event: OrderEvent): void;
}
