import { BaseError } from './errors';
import type { Micros } from './time';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type TimeInForce = 'gtc' | 'ioc' | 'fok' | 'day';

export type OrderIntent = 'quote' | 'arbitrage' | 'hedge';

export type OrderStatus =
  | 'initialized'
  | 'submitted'
  | 'accepted'
  | 'partially-filled'
  | 'filled'
  | 'cancelled'
  | 'rejected'
  | 'denied'
  | 'expired';

/**
 * The legal transitions. `denied` is the risk manager's refusal before the order leaves; `rejected` is
 * the venue's. A venue may fill a market order without acknowledging it first, so `submitted` can go
 * straight to a fill.
 */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  initialized: ['submitted', 'denied'],
  submitted: ['accepted', 'rejected', 'partially-filled', 'filled', 'cancelled', 'expired'],
  accepted: ['partially-filled', 'filled', 'cancelled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'cancelled', 'expired'],
  filled: [],
  cancelled: [],
  rejected: [],
  denied: [],
  expired: [],
};

export function isTerminal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What a strategy asks for. Quantities are in the asset's natural unit (shares, whole tokens). */
export interface OrderRequest {
  /** Where to send it: a venue id known to the execution router (`broker`, `uniswap-v2:ethereum`). */
  readonly venue: string;
  /** The instrument traded: an equity id, or a pool id for a swap. */
  readonly instrument: string;
  /** For a pool: the token bought or sold (the other one is the quote). */
  readonly asset?: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly qty: number;
  /** For a limit order the limit; for a market order or a swap the worst acceptable average price. */
  readonly price?: number;
  readonly timeInForce?: TimeInForce;
  /** A limit order that may trade in pre- and post-market (equities). */
  readonly extendedHours?: boolean;
  /**
   * Why the order exists, for the risk rules that treat them differently: `quote` (market making: a
   * depeg breaker stops it), `arbitrage` (trading a price back toward fair value) or `hedge`. Unset, a
   * resting limit order counts as a quote and anything else as arbitrage.
   */
  readonly intent?: OrderIntent;
  /** A strategy's own tag, kept in reports (e.g. `arb`, `hedge`). */
  readonly tag?: string;
}

/** An order as the engine tracks it. Its status only moves along TRANSITIONS. */
export class Order {
  readonly id: string;
  readonly strategyId: string;
  readonly request: OrderRequest;
  readonly createdAt: Micros;
  private _status: OrderStatus = 'initialized';
  private _filledQty = 0;
  private _notionalFilled = 0;

  constructor(id: string, strategyId: string, request: OrderRequest, createdAt: Micros) {
    this.id = id;
    this.strategyId = strategyId;
    this.request = request;
    this.createdAt = createdAt;
  }

  get status(): OrderStatus {
    return this._status;
  }

  get filledQty(): number {
    return this._filledQty;
  }

  get leavesQty(): number {
    return this.request.qty - this._filledQty;
  }

  get avgPrice(): number {
    return this._filledQty === 0 ? 0 : this._notionalFilled / this._filledQty;
  }

  get isOpen(): boolean {
    return !isTerminal(this._status) && this._status !== 'initialized';
  }

  transition(to: OrderStatus): void {
    if (!canTransition(this._status, to)) {
      throw new BaseError('ORDER_STATE_INVALID', `order ${this.id}: illegal transition ${this._status} -> ${to}`, {
        details: { orderId: this.id, from: this._status, to },
      });
    }
    this._status = to;
  }

  /** Records an execution and moves to partially-filled or filled. */
  applyFill(qty: number, price: number): void {
    if (!(qty > 0) || !Number.isFinite(price)) {
      throw new BaseError('ORDER_STATE_INVALID', `order ${this.id}: bad fill qty=${qty} price=${price}`);
    }
    // Venues round quantities at their edge; tolerate float dust, not real overfills.
    const tolerance = 1e-9 * Math.max(1, this.request.qty);
    if (this._filledQty + qty > this.request.qty + tolerance) {
      throw new BaseError('ORDER_STATE_INVALID', `order ${this.id}: overfill ${this._filledQty + qty} > ${this.request.qty}`);
    }
    this._filledQty += qty;
    this._notionalFilled += qty * price;
    this.transition(this.request.qty - this._filledQty <= tolerance ? 'filled' : 'partially-filled');
  }
}
