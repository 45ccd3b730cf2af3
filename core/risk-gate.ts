import type { DenialReason, Fill } from './events';
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
  /** Undefined lets the order through; a Denial stops it. Never throws for a policy refusal. */
  check(order: Order): Denial | undefined;
  /** Told of every fill, so exposure-based limits see the new positions. */
  onFill?(fill: Fill): void;
}
