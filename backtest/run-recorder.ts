import type { DenialReason, Fill, OrderDenied, OrderEvent, TradingStateChanged, Transfer } from '../core/events';
import type { FairValueView } from '../core/fair-value';
import type { Kernel } from '../core/kernel';
import type { Portfolio } from '../core/portfolio';
import type { Micros } from '../core/time';
import { Topics } from '../core/topics';

/** One execution with the context needed to judge it. */
export interface TradeRecord {
  readonly fill: Fill;
  readonly tag: string | undefined;
  /** Fair value of the asset when it filled (for a tokenized stock: underlying x multiplier). */
  readonly fairValue: number | undefined;
}

export interface NavSample {
  readonly ts: Micros;
  readonly nav: number;
}

/**
 * Watches a run from the outside: every fill with its fair value, every trading-state change, and NAV
 * sampled on a data-time timer and at every fill, from which drawdown is measured.
 */
export class RunRecorder {
  readonly trades: TradeRecord[] = [];
  readonly stateChanges: TradingStateChanged[] = [];
  readonly navSamples: NavSample[] = [];
  readonly denials: DenialReason[] = [];
  readonly transfers: Transfer[] = [];
  private peakNav = Number.NEGATIVE_INFINITY;
  private _maxDrawdown = 0;
  private _maxDrawdownPct = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly portfolio: Portfolio,
    private readonly fairValue: FairValueView,
    private readonly sampleUs: number,
  ) {
    kernel.bus.subscribe<Fill>(Topics.allFills, (fill) => this.onFill(fill));
    kernel.bus.subscribe<TradingStateChanged>(Topics.riskState, (e) => this.stateChanges.push(e));
    kernel.bus.subscribe<Transfer>(Topics.transfers, (t) => this.transfers.push(t));
    kernel.bus.subscribe<OrderEvent | OrderDenied>(Topics.allOrders, (e) => {
      if (e.type === 'order.denied') this.denials.push(e.reason);
    });
  }

  /** Starts the NAV samples at the run's first data time. */
  start(ts: Micros): void {
    this.kernel.clock.setTimer('recorder:nav', ts, (_name, due) => this.sample(due), this.sampleUs);
  }

  get maxDrawdown(): number {
    return this._maxDrawdown;
  }

  get maxDrawdownPct(): number {
    return this._maxDrawdownPct;
  }

  /** Takes a last sample at the end of the run. */
  finish(ts: Micros): void {
    this.sample(ts);
  }

  private onFill(fill: Fill): void {
    const order = this.kernel.order(fill.orderId);
    const fv = this.fairValue.get(fill.asset)?.price ?? this.fairValue.underlyingMid(fill.asset);
    this.trades.push({ fill, tag: order?.request.tag, fairValue: fv });
    this.sample(fill.ts);
  }

  private sample(ts: Micros): void {
    // Until every held asset has a price, NAV is not meaningful: skip samples before the first marks.
    if (this.portfolio.positions().some((p) => p.qty !== 0 && this.portfolio.mark(p.asset) === undefined)) return;
    const nav = this.portfolio.nav();
    this.navSamples.push({ ts, nav });
    if (nav > this.peakNav) this.peakNav = nav;
    const drawdown = this.peakNav - nav;
    if (drawdown > this._maxDrawdown) {
      this._maxDrawdown = drawdown;
      this._maxDrawdownPct = drawdown / this.peakNav;
    }
  }
}
