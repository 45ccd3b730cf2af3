import type { UsEquityCalendar } from '../../core/calendar/us-equity';
import { InvariantError } from '../../core/errors';
import type { EquityQuote, MarketDataEvent } from '../../core/events';
import type { ExecutionClient, ExecutionSink, MarketDataListener } from '../../core/execution';
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
  /** A cash account spends settled cash only (sale proceeds settle T+1); a margin account does not wait. */
  cashAccount: boolean;
  /** Buying power per dollar of equity cash (1 cash, 2 Reg T overnight margin). */
  buyingPowerMultiplier: number;
  /** Whether shares may be sold short. */
  allowShort: boolean;
  /** Starting cash and shares of the account. */
  balances: Readonly<Record<string, number>>;
}

/**
 * An equity broker on the NYSE calendar (holidays, early closes, pre/post market, halts):
 * - market orders fill in the regular session only, at the latest quote (ask for buys, bid for sells)
 *   moved by the slippage and rounded against the trader to $0.0001;
 * - limit orders fill at that price when it is within the limit, at once or later on a quote that makes
 *   them marketable; `day` orders expire at the session's end, `ioc` at once; in pre- and post-market only
 *   limit orders marked `extendedHours` trade (Alpaca's rule);
 * - a halted symbol trades nothing; buying power and (for a cash account) T+1 settlement of sale
 *   proceeds limit what can be bought; short sales need `allowShort`.
 * Fills are whole (the quote's size is not consumed).
 */
export class SimBrokerVenue implements ExecutionClient, MarketDataListener {
  readonly venue: string;
  private sink: ExecutionSink | undefined;
  private readonly quotes = new Map<string, EquityQuote>();
  private readonly halted = new Set<string>();
  private readonly resting: Order[] = [];
  private readonly shares = new Map<string, number>();
  private settledCash: number;
  /** Sale proceeds not yet settled, with the instant they settle. */
  private readonly unsettled: { amount: number; settlesAt: Micros }[] = [];

  constructor(
    private readonly config: SimBrokerConfig,
    private readonly calendar: UsEquityCalendar,
    private readonly now: () => Micros,
  ) {
    this.venue = config.venue;
    this.settledCash = config.balances[config.currency] ?? 0;
    for (const [asset, qty] of Object.entries(config.balances)) if (asset !== config.currency) this.shares.set(asset, qty);
  }

  bind(sink: ExecutionSink): void {
    this.sink = sink;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  /** Cash that can be spent now, before the multiplier. */
  cash(): number {
    this.settle();
    const unsettled = this.unsettled.reduce((sum, u) => sum + u.amount, 0);
    return this.config.cashAccount ? this.settledCash : this.settledCash + unsettled;
  }

  position(symbol: string): number {
    return this.shares.get(symbol) ?? 0;
  }

  onMarketData(event: MarketDataEvent): boolean {
    if (event.type === 'market.status') {
      if (event.status === 'halted') this.halted.add(event.symbol);
      else this.halted.delete(event.symbol);
    }
    if (event.type !== 'equity.quote') return false;
    // Copy: replay may reuse event objects, and this one is kept until the next quote.
    this.quotes.set(event.symbol, { ...event });
    this.workRestingOrders(event.symbol);
    return false;
  }

  submit(order: Order): void {
    const r = order.request;
    const refusal = this.refusal(order);
    if (refusal) return this.report(order, 'rejected', refusal);
    const price = this.executablePrice(order);
    if (price !== undefined) return this.fill(order, price);
    if (r.type === 'market' || r.timeInForce === 'ioc' || r.timeInForce === 'fok') return this.report(order, r.type === 'market' ? 'rejected' : 'expired', 'not marketable now');
    this.report(order, 'accepted');
    this.resting.push(order);
  }

  cancel(order: Order): void {
    const at = this.resting.indexOf(order);
    if (at < 0) return;
    this.resting.splice(at, 1);
    this.report(order, 'cancelled');
  }

  /** Why an order cannot be taken now, or undefined. */
  private refusal(order: Order): string | undefined {
    const r = order.request;
    const session = this.calendar.sessionAt(this.now());
    if (this.halted.has(r.instrument)) return `${r.instrument} is halted`;
    if (r.type === 'market' && session !== 'regular') return 'market closed: market orders fill only in the regular US session';
    if (r.type === 'limit' && session !== 'regular' && !((session === 'pre' || session === 'post') && r.extendedHours)) {
      return `market closed (${session}): limit orders trade outside the regular session only when marked extendedHours, in pre- and post-market`;
    }
    const quote = this.freshQuote(r.instrument);
    if (!quote) return `no fresh quote for ${r.instrument}`;
    if (r.side === 'sell') {
      const available = this.position(r.instrument) - this.restingQty(r.instrument, 'sell');
      const shortfall = r.qty - Math.max(0, available);
      if (shortfall > 1e-9 && !this.config.allowShort) return `insufficient ${r.instrument}: ${available} available, short selling not allowed`;
      if (shortfall > 1e-9 && shortfall * quote.bid > this.buyingPower()) return 'insufficient buying power for the short sale';
      return undefined;
    }
    const notional = r.qty * (r.type === 'limit' && r.price !== undefined ? r.price : quote.ask);
    if (notional > this.buyingPower()) return `insufficient buying power: ${notional.toFixed(2)} needed, ${this.buyingPower().toFixed(2)} available`;
    return undefined;
  }

  private buyingPower(): number {
    const reserved = this.resting.filter((o) => o.request.side === 'buy').reduce((sum, o) => sum + o.leavesQty * (o.request.price ?? 0), 0);
    return Math.max(0, this.cash() * this.config.buyingPowerMultiplier - reserved);
  }

  /** The price the order would fill at now, or undefined if it cannot fill now. */
  private executablePrice(order: Order): number | undefined {
    const r = order.request;
    const quote = this.freshQuote(r.instrument);
    if (!quote || this.halted.has(r.instrument)) return undefined;
    const touch = r.side === 'buy' ? quote.ask : quote.bid;
    if (!(touch > 0)) return undefined;
    const concession = (touch * this.config.slippageBps) / 10_000;
    // Rounded against the trader so the simulation never flatters.
    const price = r.side === 'buy' ? Math.ceil((touch + concession) * PRICE_GRID - 1e-6) / PRICE_GRID : Math.floor((touch - concession) * PRICE_GRID + 1e-6) / PRICE_GRID;
    if (r.price !== undefined && (r.side === 'buy' ? price > r.price : price < r.price)) return undefined;
    return price;
  }

  private workRestingOrders(symbol: string): void {
    const session = this.calendar.sessionAt(this.now());
    for (const order of [...this.resting]) {
      if (order.request.instrument !== symbol) continue;
      const tradable = session === 'regular' || ((session === 'pre' || session === 'post') && order.request.extendedHours);
      if (!tradable) {
        if (order.request.timeInForce !== 'gtc') this.expire(order, `the ${order.request.extendedHours ? 'extended' : 'regular'} session ended`);
        continue;
      }
      const price = this.executablePrice(order);
      if (price !== undefined) {
        this.resting.splice(this.resting.indexOf(order), 1);
        this.fill(order, price);
      }
    }
  }

  private expire(order: Order, reason: string): void {
    this.resting.splice(this.resting.indexOf(order), 1);
    this.report(order, 'expired', reason);
  }

  private fill(order: Order, price: number): void {
    const r = order.request;
    const signed = r.side === 'buy' ? r.qty : -r.qty;
    const fee = r.qty * this.config.commissionPerShare;
    this.shares.set(r.instrument, this.position(r.instrument) + signed);
    if (r.side === 'buy') this.settledCash -= r.qty * price + fee;
    else this.unsettled.push({ amount: r.qty * price - fee, settlesAt: this.nextSettlement() });
    this.requireSink().fill({
      type: 'fill', ts: this.now(), orderId: order.id, strategyId: order.strategyId, venue: this.venue, asset: r.instrument,
      quoteAsset: this.config.currency, account: this.config.account, side: r.side, qty: r.qty, price, fee, gasUsd: 0, liquidity: 'taker',
    });
  }

  /** T+1: the regular open of the next trading day. */
  private nextSettlement(): Micros {
    const day = this.calendar.tradingDaysAfter(this.calendar.etDate(this.now()), 1);
    return this.calendar.regularHours(day)!.open;
  }

  private settle(): void {
    const now = this.now();
    for (let i = this.unsettled.length - 1; i >= 0; i--) {
      const u = this.unsettled[i]!;
      if (u.settlesAt <= now) {
        this.settledCash += u.amount;
        this.unsettled.splice(i, 1);
      }
    }
  }

  private restingQty(symbol: string, side: 'buy' | 'sell'): number {
    return this.resting.filter((o) => o.request.instrument === symbol && o.request.side === side).reduce((sum, o) => sum + o.leavesQty, 0);
  }

  private freshQuote(symbol: string): EquityQuote | undefined {
    const quote = this.quotes.get(symbol);
    return quote && this.now() - quote.tsRecv <= this.config.maxQuoteAgeUs ? quote : undefined;
  }

  private report(order: Order, status: 'accepted' | 'rejected' | 'expired' | 'cancelled', reason?: string): void {
    this.requireSink().orderEvent({ type: 'order', ts: this.now(), orderId: order.id, strategyId: order.strategyId, status, ...(reason === undefined ? {} : { reason }) });
  }

  private requireSink(): ExecutionSink {
    if (!this.sink) throw new InvariantError(`venue ${this.venue} is not bound to a kernel`);
    return this.sink;
  }
}
