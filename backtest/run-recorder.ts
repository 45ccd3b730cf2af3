import type { DenialReason, Expense, Fill, OrderDenied, OrderEvent, TradingStateChanged, Transfer } from '../core/events';
import type { FairValueView } from '../core/fair-value';
import type { InstrumentRegistry } from '../core/instruments';
import type { Kernel } from '../core/kernel';
import { MarketPrices } from '../core/market-prices';
import type { Portfolio } from '../core/portfolio';
import { MICROS_PER_SECOND, type Micros } from '../core/time';
import { Topics } from '../core/topics';

/** Horizons of the markouts, seconds. */
export const MARKOUT_HORIZONS_SEC = [1, 10, 60] as const;

/** One execution with the context needed to judge it. */
export interface TradeRecord {
  readonly fill: Fill;
  readonly tag: string | undefined;
  /** Fair value of the asset when it filled (for a tokenized stock: underlying x multiplier). */
  readonly fairValue: number | undefined;
  /**
   * PnL of the fill marked to fair value h seconds later, USD: signed qty x (fair(t + h) - price). Adverse
   * selection shows as negative markouts. Missing where the run ended first.
   */
  readonly markouts: Partial<Record<(typeof MARKOUT_HORIZONS_SEC)[number], number>>;
}

/** The state of the book at one instant. */
export interface Sample {
  readonly ts: Micros;
  readonly nav: number;
  /** Net position per traded (non-cash) asset, summed over accounts. */
  readonly positions: Readonly<Record<string, number>>;
  /** Fair value per tokenized stock, and mid per equity. */
  readonly fair: Readonly<Record<string, number>>;
  /** Market price per tokenized stock (pool spot, CEX mid). */
  readonly market: Readonly<Record<string, number>>;
}

/**
 * Watches a run from the outside: every fill with its fair value and markouts, every refusal, transfer and
 * trading-state change, and the book sampled on a data-time timer and at every fill.
 */
export class RunRecorder {
  readonly trades: TradeRecord[] = [];
  readonly stateChanges: TradingStateChanged[] = [];
  readonly samples: Sample[] = [];
  readonly denials: DenialReason[] = [];
  readonly transfers: Transfer[] = [];
  /** Costs without fills: reverted transactions. */
  readonly expenses: Expense[] = [];
  /** Orders that reached a venue (not refused by risk), for the fill ratio. */
  ordersSent = 0;
  private readonly marketPrices: MarketPrices;
  private readonly tracked: { id: string; kind: 'token' | 'equity' }[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly portfolio: Portfolio,
    private readonly fairValue: FairValueView,
    instruments: InstrumentRegistry,
    private readonly sampleUs: number,
  ) {
    for (const i of instruments.all()) {
      if (i.kind === 'tokenized-stock') this.tracked.push({ id: i.id, kind: 'token' });
      else if (i.kind === 'equity') this.tracked.push({ id: i.id, kind: 'equity' });
    }
    this.marketPrices = new MarketPrices(instruments, (topic, handler) => kernel.bus.subscribe(topic, handler));
    kernel.bus.subscribe<Fill>(Topics.allFills, (fill) => this.onFill(fill));
    kernel.bus.subscribe<TradingStateChanged>(Topics.riskState, (e) => this.stateChanges.push(e));
    kernel.bus.subscribe<Transfer>(Topics.transfers, (t) => this.transfers.push(t));
    kernel.bus.subscribe<Expense>(Topics.expenses, (e) => this.expenses.push(e));
    kernel.bus.subscribe<OrderEvent | OrderDenied>(Topics.allOrders, (e) => {
      if (e.type === 'order.denied') this.denials.push(e.reason);
    });
  }

  /** Starts the samples at the run's first data time. */
  start(ts: Micros): void {
    this.kernel.clock.setTimer('recorder:sample', ts, (_name, due) => this.sample(due), this.sampleUs);
  }

  /** Takes a last sample at the end of the run. */
  finish(ts: Micros): void {
    this.sample(ts);
    this.ordersSent = this.kernel.allOrders().filter((o) => o.status !== 'denied').length;
  }

  private onFill(fill: Fill): void {
    const order = this.kernel.order(fill.orderId);
    const fairValue = this.fairOf(fill.asset);
    const record: TradeRecord = { fill, tag: order?.request.tag, fairValue, markouts: {} };
    this.trades.push(record);
    const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
    for (const h of MARKOUT_HORIZONS_SEC) {
      this.kernel.clock.setTimer(`recorder:markout:${this.trades.length}:${h}`, fill.ts + h * MICROS_PER_SECOND, () => {
        const later = this.fairOf(fill.asset);
        if (later !== undefined) (record.markouts as Record<number, number>)[h] = signed * (later - fill.price);
      });
    }
    this.sample(fill.ts);
  }

  private fairOf(asset: string): number | undefined {
    return this.fairValue.get(asset)?.price ?? this.fairValue.underlyingMid(asset);
  }

  private sample(ts: Micros): void {
    // Until every held asset has a price, NAV is not meaningful: skip samples before the first marks.
    const held = this.portfolio.positions();
    if (held.some((p) => p.qty !== 0 && this.portfolio.mark(p.asset) === undefined)) return;
    const positions: Record<string, number> = {};
    const fair: Record<string, number> = {};
    const market: Record<string, number> = {};
    for (const { id, kind } of this.tracked) {
      positions[id] = this.portfolio.netPosition(id);
      const f = this.fairOf(id);
      if (f !== undefined) fair[id] = f;
      const m = kind === 'token' ? this.marketPrices.get(id) : undefined;
      if (m !== undefined) market[id] = m;
    }
    this.samples.push({ ts, nav: this.portfolio.nav(), positions, fair, market });
  }
}
