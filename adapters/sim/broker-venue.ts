import { InvariantError } from '../../core/errors';
import type { EquityQuote, MarketDataEvent } from '../../core/events';
import type { ExecutionClient, ExecutionSink, MarketDataListener } from '../../core/execution';
import type { MarketHours } from '../../core/fair-value';
import type { Order } from '../../core/orders';
import type { Micros } from '../../core/time';

/** Fills are reported to $0.0001, the finest increment US equity executions print at. */
const PRICE_GRID = 10_000;

export interface SimBrokerConfig {
  /** Venue id orders name, e.g. `broker`. */
  venue: string;
  /** Portfolio account, e.g. `broker`. */
  account: string;
  /** Cash asset of the account. */
  currency: string;
  /** Price concession on every fill, in basis points of the quote (buys pay more, sells get less). */
  slippageBps: number;
  /** Commission per share in USD (0 at commission-free brokers). */
  commissionPerShare: number;
  /** A quote older than this is not a price to fill at. */
  maxQuoteAgeUs: number;
}

/**
 * An equity broker that fills market orders at the latest recorded quote (ask for buys, bid for sells)
 * moved by the slippage, and only during the regular US session: outside it, or without a fresh quote,
 * the order is rejected with the reason. Limit orders are not simulated yet and are rejected as such.
 */
export class SimBrokerVenue implements ExecutionClient, MarketDataListener {
  readonly venue: string;
  private sink: ExecutionSink | undefined;
  private readonly quotes = new Map<string, EquityQuote>();

  constructor(
    private readonly config: SimBrokerConfig,
    private readonly hours: MarketHours,
    private readonly now: () => Micros,
  ) {
    this.venue = config.venue;
  }

  bind(sink: ExecutionSink): void {
    this.sink = sink;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  onMarketData(event: MarketDataEvent): void {
    // Copy: replay may reuse event objects, and this one is kept until the next quote.
    if (event.type === 'equity.quote') this.quotes.set(event.symbol, { ...event });
  }

  submit(order: Order): void {
    if (!this.sink) throw new InvariantError(`venue ${this.venue} is not bound to a kernel`);
    const sink = this.sink;
    const { request } = order;
    const now = this.now();
    const reject = (reason: string) =>
      sink.orderEvent({ type: 'order', ts: now, orderId: order.id, strategyId: order.strategyId, status: 'rejected', reason });
    if (request.type !== 'market') return reject('the simulated broker fills market orders only');
    if (!this.hours.isRegularOpen(now)) return reject('market closed: the broker fills only in the regular US session');
    const quote = this.quotes.get(request.instrument);
    if (!quote || now - quote.tsRecv > this.config.maxQuoteAgeUs) return reject(`no fresh quote for ${request.instrument}`);
    const touch = request.side === 'buy' ? quote.ask : quote.bid;
    if (!(touch > 0)) return reject(`no ${request.side === 'buy' ? 'ask' : 'bid'} for ${request.instrument}`);
    const concession = (touch * this.config.slippageBps) / 10_000;
    // Executions print on the $0.0001 grid; round against the trader so the simulation never flatters.
    const price =
      request.side === 'buy' ? Math.ceil((touch + concession) * PRICE_GRID - 1e-6) / PRICE_GRID : Math.floor((touch - concession) * PRICE_GRID + 1e-6) / PRICE_GRID;
    if (request.price !== undefined && (request.side === 'buy' ? price > request.price : price < request.price)) {
      return reject(`price ${price} beyond the order's limit ${request.price}`);
    }
    sink.fill({
      type: 'fill',
      ts: now,
      orderId: order.id,
      strategyId: order.strategyId,
      venue: this.venue,
      asset: request.instrument,
      quoteAsset: this.config.currency,
      account: this.config.account,
      side: request.side,
      qty: request.qty,
      price,
      fee: request.qty * this.config.commissionPerShare,
      gasUsd: 0,
      liquidity: 'taker',
    });
  }

  cancel(): void {
    // Market orders fill or are rejected at once; nothing rests here.
  }
}
