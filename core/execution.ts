import type { Expense, Fill, MarketDataEvent, OrderEvent, Transfer } from './events';
import type { Order } from './orders';

/** Where an execution client reports what happened to the orders it was given. */
export interface ExecutionSink {
  orderEvent(event: OrderEvent): void;
  fill(fill: Fill): void;
  /**
   * Market data as the venue itself sees it: a simulated pool publishes its own reserves (which include
   * our trades), as a live chain would in its Sync events.
   */
  marketData(event: MarketDataEvent): void;
  /** Units the venue moved between our accounts (an issuer's delivery). */
  transfer(transfer: Transfer): void;
  /** A cost without a fill (gas of a reverted transaction). */
  expense(expense: Expense): void;
}

/**
 * One venue's order entry, simulated or live. The kernel hands it orders that passed the risk manager;
 * strategies never see it. `connect`/`disconnect` are idempotent.
 */
export interface ExecutionClient {
  /** The venue id orders name in `OrderRequest.venue`. */
  readonly venue: string;
  bind(sink: ExecutionSink): void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  submit(order: Order): void;
  cancel(order: Order): void;
  /**
   * What the order would do if executed now, for pre-trade checks: its average price and how far it moves
   * the venue's price (a pool's spot, relative). Venues that cannot say return undefined.
   */
  estimate?(order: Order): ExecutionEstimate | undefined;
}

export interface ExecutionEstimate {
  /** Average execution price, quote per unit. */
  readonly avgPrice: number;
  /** Venue price before the order (a pool's spot). */
  readonly priceBefore: number;
  /** Venue price after it. */
  readonly priceAfter: number;
}

/**
 * Infrastructure that must see market data before strategies do (simulated venues update their state,
 * the fair-value service its inputs), so a strategy never acts on a venue that is behind its data.
 */
export interface MarketDataListener {
  /**
   * Returns true when the listener replaces the event with its own view (published through its
   * ExecutionSink): the kernel then does not pass the recorded event to strategies.
   */
  onMarketData(event: MarketDataEvent): boolean | void;
}
