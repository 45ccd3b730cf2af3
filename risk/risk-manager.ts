import type { DenialReason, Fill, OrderEvent, TradingStateChanged } from '../core/events';
import type { FairValueView } from '../core/fair-value';
import { isTerminal, type Order, type OrderSide } from '../core/orders';
import type { PortfolioView } from '../core/portfolio';
import type { Denial, OrderGate } from '../core/risk-gate';
import { MICROS_PER_SECOND, type Micros } from '../core/time';
import type { RiskConfig } from './config';

/** Active: anything within limits. Reducing: only orders that shrink exposure. Halted: nothing. */
export type TradingState = 'active' | 'reducing' | 'halted';

export interface RiskManagerDeps {
  portfolio: PortfolioView;
  fairValue: FairValueView;
  now: () => Micros;
  /** Where state changes go (the kernel delivers them to strategies and logs). */
  onStateChange: (event: TradingStateChanged) => void;
}

/**
 * One shared instance in the order path of every strategy of a bot. It refuses with a typed reason and
 * never throws for a policy refusal.
 */
export class RiskManager implements OrderGate {
  private _state: TradingState;
  /** Accept times of recent orders, oldest first, for the sliding one-second rate window. */
  private readonly recentAccepts: Micros[] = [];
  /**
   * Unfilled quantity of orders that passed and are still open. Position limits count it as if filled:
   * fills arrive after the handler that sent the orders returns, and a burst must not slip past a limit.
   */
  private readonly inFlight = new Map<string, { asset: string; side: OrderSide; leaves: number }>();

  constructor(
    private readonly config: RiskConfig,
    private readonly deps: RiskManagerDeps,
  ) {
    this._state = config.initialState;
  }

  get state(): TradingState {
    return this._state;
  }

  setState(to: TradingState, reason: string): void {
    if (to === this._state) return;
    const from = this._state;
    this._state = to;
    this.deps.onStateChange({ type: 'risk.state', ts: this.deps.now(), from, to, reason });
  }

  check(order: Order): Denial | undefined {
    const denial = this.evaluate(order);
    if (!denial) {
      this.recentAccepts.push(this.deps.now());
      const { request } = order;
      this.inFlight.set(order.id, { asset: request.asset ?? request.instrument, side: request.side, leaves: request.qty });
    }
    return denial;
  }

  onFill(fill: Fill): void {
    const entry = this.inFlight.get(fill.orderId);
    if (!entry) return;
    entry.leaves -= fill.qty;
    if (entry.leaves <= 1e-12 * fill.qty) this.inFlight.delete(fill.orderId);
  }

  onOrderEvent(event: OrderEvent): void {
    if (isTerminal(event.status)) this.inFlight.delete(event.orderId);
  }

  private evaluate(order: Order): Denial | undefined {
    const { request } = order;
    if (this._state === 'halted') return deny('TRADING_HALTED', 'trading is halted');
    const asset = request.asset ?? request.instrument;
    const signed = request.side === 'buy' ? request.qty : -request.qty;
    // Worst case: every open order on the same side fills first.
    const current = this.deps.portfolio.netPosition(asset) + this.pending(asset, request.side);
    const after = current + signed;
    const reduces = Math.abs(after) < Math.abs(current) && Math.sign(after) !== -Math.sign(current);
    if (this._state === 'reducing' && !reduces) {
      return deny('REDUCING_ONLY', `reducing: ${request.side} ${request.qty} ${asset} would not shrink the position ${current}`);
    }
    const price = request.price ?? this.referencePrice(asset);
    if (price === undefined) return deny('NO_REFERENCE_PRICE', `no price to value an order in ${asset}`);
    const notional = request.qty * price;
    if (notional > this.config.maxOrderNotionalUsd) {
      return deny('MAX_ORDER_NOTIONAL', `notional ${notional.toFixed(2)} USD > limit ${this.config.maxOrderNotionalUsd}`);
    }
    const limit = this.config.maxPosition[asset] ?? this.config.maxPosition.default;
    if (!reduces && Math.abs(after) > limit) {
      return deny('MAX_POSITION', `position in ${asset} would be ${after} (limit ${limit})`);
    }
    if (this.ordersInLastSecond() >= this.config.maxOrdersPerSecond) {
      return deny('MAX_ORDER_RATE', `more than ${this.config.maxOrdersPerSecond} orders in one second`);
    }
    return undefined;
  }

  private pending(asset: string, side: OrderSide): number {
    let total = 0;
    for (const o of this.inFlight.values()) if (o.asset === asset && o.side === side) total += o.leaves;
    return side === 'buy' ? total : -total;
  }

  private referencePrice(asset: string): number | undefined {
    return this.deps.fairValue.get(asset)?.price ?? this.deps.fairValue.underlyingMid(asset) ?? this.deps.portfolio.mark(asset);
  }

  private ordersInLastSecond(): number {
    const horizon = this.deps.now() - MICROS_PER_SECOND;
    while (this.recentAccepts.length > 0 && (this.recentAccepts[0] as Micros) <= horizon) this.recentAccepts.shift();
    return this.recentAccepts.length;
  }
}

function deny(reason: DenialReason, message: string): Denial {
  return { reason, message };
}
