import type { Clock } from '../core/clock';
import type { CexQuote, DenialReason, Expense, Fill, OrderEvent, PoolState, TradingStateChanged } from '../core/events';
import type { ExecutionEstimate } from '../core/execution';
import type { FairValueView, MarketHours } from '../core/fair-value';
import type { InstrumentRegistry } from '../core/instruments';
import { MarketPrices } from '../core/market-prices';
import { isTerminal, type Order, type OrderIntent, type OrderSide } from '../core/orders';
import type { PortfolioView } from '../core/portfolio';
import type { Denial, OrderGate } from '../core/risk-gate';
import { MICROS_PER_SECOND, type Micros } from '../core/time';
import type { Limits, RiskConfig } from './config';
import { DrawdownTracker } from './drawdown';
import { Ledger } from './ledger';
import { marginView } from './margin';
import { RateWindow } from './rate-window';
import { type Condition, moreSevere, ScopeStates, type TradingState } from './trading-state';

export type { TradingState } from './trading-state';

export interface RiskManagerDeps {
  portfolio: PortfolioView;
  fairValue: FairValueView;
  instruments: InstrumentRegistry;
  hours: MarketHours;
  clock: Clock;
  /** Assets that are cash (USD, USDC): no exposure, no limits. */
  cashAssets: ReadonlySet<string>;
  /** Market data the risk manager watches for token prices (the kernel's bus). */
  subscribe: (topic: string, handler: (event: PoolState | CexQuote) => void) => void;
  /** Where state changes go (the kernel delivers them to strategies and logs). */
  onStateChange: (event: TradingStateChanged) => void;
  /** Cancels every open order (the kill switch). */
  cancelAll: () => void;
}

/** An order that passed and is not finished: counted as if it filled, against every limit. */
interface OpenOrder {
  readonly strategy: string;
  readonly venue: string;
  readonly asset: string;
  readonly side: OrderSide;
  readonly price: number;
  leaves: number;
}

const GLOBAL = 'global';
const strategyScope = (id: string) => `strategy:${id}`;
const assetScope = (id: string) => `asset:${id}`;
const venueScope = (id: string) => `venue:${id}`;

/** Asset conditions a strategy with an off-hours allowance may trade through. */
const OFF_HOURS_CONDITION = 'market-closed';

/**
 * The one risk manager of a bot, in the order path of every strategy. It refuses with a typed reason and
 * never throws for a policy refusal; every change of a trading state is an event with its reason.
 * docs/risk.md lists every rule and parameter.
 */
export class RiskManager implements OrderGate {
  private readonly states: ScopeStates;
  private readonly open = new Map<string, OpenOrder>();
  private readonly orderRates = new Map<string, RateWindow>();
  private readonly cancelRates = new Map<string, RateWindow>();
  private readonly strategyLedgers = new Map<string, Ledger>();
  private readonly drawdowns = new Map<string, DrawdownTracker>();
  /** Latest market price of each token (pool spot or CEX mid), for the depeg breaker. */
  private readonly marketPrices: MarketPrices;
  private consecutiveRejects = 0;
  private capitalUsd: number | undefined;

  constructor(
    private readonly config: RiskConfig,
    private readonly deps: RiskManagerDeps,
  ) {
    this.states = new ScopeStates((scope, from, to, reason) => deps.onStateChange({ type: 'risk.state', ts: deps.clock.now(), scope, from, to, reason }));
    if (config.initialState !== 'active') this.states.set(GLOBAL, 'manual', { state: config.initialState, reason: 'initial state' });
    this.marketPrices = new MarketPrices(deps.instruments, deps.subscribe, (token) => this.refreshDepeg(token));
  }

  /** The global trading state. */
  get state(): TradingState {
    return this.states.state(GLOBAL);
  }

  stateOf(scope: string): TradingState {
    return this.states.state(scope);
  }

  /** Sets the global state by hand (`active` clears a manual state). */
  setState(to: TradingState, reason: string): void {
    this.states.set(GLOBAL, 'manual', to === 'active' ? undefined : { state: to, reason });
  }

  /** Kill switch, pause: nothing but cancels passes until `resume`. Open orders stay. */
  pause(reason: string): void {
    this.states.set(GLOBAL, 'kill-switch', { state: 'halted', reason: `paused: ${reason}` });
  }

  /** Kill switch, stop: pause and cancel every open order. */
  kill(reason: string): void {
    this.states.set(GLOBAL, 'kill-switch', { state: 'halted', reason: `killed: ${reason}` });
    this.deps.cancelAll();
  }

  /** Lifts the kill switch and the latched total-drawdown states, globally and for every strategy. */
  resume(reason: string): void {
    this.consecutiveRejects = 0;
    // The operator has seen the loss: drawdown is measured from here on.
    for (const tracker of this.drawdowns.values()) tracker.rebase();
    for (const scope of [GLOBAL, ...[...this.strategyLedgers.keys()].map(strategyScope)]) {
      this.states.set(scope, 'kill-switch', undefined);
      this.states.set(scope, 'drawdown:total', undefined);
    }
    this.deps.onStateChange({ type: 'risk.state', ts: this.deps.clock.now(), scope: GLOBAL, from: 'paused', to: this.state, reason: `resumed: ${reason}` });
  }

  /** Starts the periodic checks (market hours, stale data, drawdown, margin) at the clock's time. */
  start(): void {
    this.capitalUsd = this.config.capitalUsd ?? this.deps.portfolio.nav();
    const every = this.config.drawdown.checkEverySec * MICROS_PER_SECOND;
    this.deps.clock.setTimer('risk:checks', this.deps.clock.now(), () => this.periodicChecks(), every);
  }

  check(order: Order, estimate?: ExecutionEstimate): Denial | undefined {
    const denial = this.evaluate(order, estimate);
    if (denial) return denial;
    const r = order.request;
    const now = this.deps.clock.now();
    for (const scope of this.scopesOf(order.strategyId, r.venue, assetOf(order))) this.window(this.orderRates, scope).record(now);
    this.open.set(order.id, { strategy: order.strategyId, venue: r.venue, asset: assetOf(order), side: r.side, price: this.priceFor(order, estimate) ?? 0, leaves: r.qty });
    return undefined;
  }

  onCancel(order: Order): void {
    const now = this.deps.clock.now();
    for (const scope of this.scopesOf(order.strategyId, order.request.venue, assetOf(order))) this.window(this.cancelRates, scope).record(now);
  }

  onFill(fill: Fill): void {
    this.consecutiveRejects = 0;
    const entry = this.open.get(fill.orderId);
    if (entry) {
      entry.leaves -= fill.qty;
      if (entry.leaves <= 1e-12 * fill.qty) this.open.delete(fill.orderId);
    }
    this.ledger(fill.strategyId).applyFill(fill, this.deps.portfolio.mark(fill.quoteAsset) ?? 1);
    this.checkDrawdowns();
  }

  onExpense(expense: Expense): void {
    this.ledger(expense.strategyId).payGas(expense.gasUsd);
  }

  onOrderEvent(event: OrderEvent): void {
    if (!isTerminal(event.status)) return;
    this.open.delete(event.orderId);
    if (event.status !== 'rejected') return;
    this.consecutiveRejects++;
    if (this.consecutiveRejects >= this.config.killSwitch.maxConsecutiveRejects) {
      this.pause(`${this.consecutiveRejects} venue rejections in a row (last: ${event.reason ?? 'no reason'})`);
    }
  }

  private evaluate(order: Order, estimate: ExecutionEstimate | undefined): Denial | undefined {
    const r = order.request;
    const asset = assetOf(order);
    if (this.deps.cashAssets.has(asset)) return deny('INVALID_ORDER', `${asset} is cash, not something to trade`);
    this.refreshAssetConditions(asset);
    const exposure = this.exposureChange(order);
    const reduces = exposure.reduces;

    const stateDenial = this.checkStates(order, asset, exposure);
    if (stateDenial) return stateDenial;

    const price = this.priceFor(order, estimate);
    if (price === undefined) return deny('NO_REFERENCE_PRICE', `no price to value an order in ${asset}`);
    const notional = r.qty * price;
    const fair = this.fairPrice(asset);

    if (fair !== undefined && !reduces) {
      const bandDenial = this.checkPriceBand(r.side, estimate?.avgPrice ?? r.price ?? price, fair);
      if (bandDenial) return bandDenial;
    }
    if (estimate && fair !== undefined) {
      const impactDenial = this.checkPoolImpact(estimate, fair);
      if (impactDenial) return impactDenial;
    }
    if (this.states.held(assetScope(asset)).has('depeg')) {
      const depegDenial = this.checkDepeg(order, asset, price, notional);
      if (depegDenial) return depegDenial;
    }
    return this.checkLimits(order, asset, price, notional, reduces) ?? (reduces ? undefined : this.checkMargin(order, asset, price));
  }

  /** Global, strategy and asset states; a strategy's off-hours allowance lets it through a closed market. */
  private checkStates(order: Order, asset: string, exposure: ExposureChange): Denial | undefined {
    const global = this.states.state(GLOBAL);
    const strategy = this.states.state(strategyScope(order.strategyId));
    const conditions = [...this.states.held(assetScope(asset)).entries()];
    const allowance = this.config.offHours.unhedged[order.strategyId];
    const exempt = allowance !== undefined && Math.abs(exposure.strategyDeltaAfter) <= allowance + 1e-9;
    const assetConditions = conditions.filter(([key]) => !(exempt && key === OFF_HOURS_CONDITION)).map(([, c]) => c);
    const effective = moreSevere(moreSevere(global, strategy), this.states.derive(assetConditions));
    if (effective === 'halted') return deny('TRADING_HALTED', `trading is halted (${this.why('halted', order, assetConditions)})`);
    if (effective === 'reducing' && !exposure.reduces) {
      const cause = assetConditions.find((c) => c.state === 'reducing');
      const reason: DenialReason = global === 'reducing' || strategy === 'reducing' || !cause ? 'REDUCING_ONLY' : ASSET_CONDITION_REASON[cause.reason.split(':')[0] as string] ?? 'REDUCING_ONLY';
      return deny(reason, `only orders that reduce exposure pass (${this.why('reducing', order, assetConditions)})`);
    }
    return undefined;
  }

  private checkPriceBand(side: OrderSide, price: number, fair: number): Denial | undefined {
    const band = this.config.priceBand;
    const deviation = price / fair - 1;
    const adverse = side === 'buy' ? deviation : -deviation;
    const outside = band.mode === 'both' ? Math.abs(deviation) : adverse;
    if (outside * 100 > band.maxDeviationPct) {
      return deny('PRICE_BAND', `${side} at ${round(price)} is ${round(deviation * 100)} % from fair value ${round(fair)} (band ${band.maxDeviationPct} %)`);
    }
    return undefined;
  }

  /** A pool trade that pushes the price away from fair value by more than the limit; repairs pass. */
  private checkPoolImpact(e: ExecutionEstimate, fair: number): Denial | undefined {
    const awayBefore = Math.abs(e.priceBefore / fair - 1);
    const awayAfter = Math.abs(e.priceAfter / fair - 1);
    const impact = Math.abs(e.priceAfter / e.priceBefore - 1);
    if (awayAfter > awayBefore && impact * 100 > this.config.priceBand.maxPoolImpactPct) {
      return deny('POOL_IMPACT', `the trade moves the pool ${round(impact * 100)} % away from fair value (limit ${this.config.priceBand.maxPoolImpactPct} %)`);
    }
    return undefined;
  }

  /**
   * Breaker tripped: no quotes; only arbitrage, meaning a trade at a price no worse than fair value (a sale
   * into a premium, a purchase at a discount, a mint or redemption with the issuer at fair), and small.
   */
  private checkDepeg(order: Order, asset: string, price: number, notional: number): Denial | undefined {
    const fair = this.fairPrice(asset);
    if (intentOf(order) === 'quote') return deny('DEPEG_BREAKER', `${asset} is depegged: no quoting`);
    const atOrBetterThanFair = fair !== undefined && (order.request.side === 'sell' ? price >= fair : price <= fair);
    if (!atOrBetterThanFair) return deny('DEPEG_BREAKER', `${asset} is depegged: only trades at or better than fair value pass`);
    if (notional > this.config.depegBreaker.arbMaxNotionalUsd) {
      return deny('DEPEG_BREAKER', `${asset} is depegged: arbitrage limited to ${this.config.depegBreaker.arbMaxNotionalUsd} USD per order, got ${round(notional)}`);
    }
    return undefined;
  }

  private checkLimits(order: Order, asset: string, price: number, notional: number, reduces: boolean): Denial | undefined {
    const r = order.request;
    const now = this.deps.clock.now();
    const scopes: [string, Limits | undefined][] = [
      [GLOBAL, this.config.global],
      [strategyScope(order.strategyId), this.config.strategies[order.strategyId] ?? this.config.strategies.default],
      [assetScope(asset), this.config.assets[asset] ?? this.config.assets.default],
      [venueScope(r.venue), this.config.venues[r.venue]],
    ];
    for (const [scope, limits] of scopes) {
      if (!limits) continue;
      if (limits.maxOrderNotionalUsd !== undefined && notional > limits.maxOrderNotionalUsd) {
        return deny('MAX_ORDER_NOTIONAL', `${scope}: notional ${round(notional)} USD > ${limits.maxOrderNotionalUsd}`);
      }
      if (limits.maxOpenOrders !== undefined && this.openCount(scope) >= limits.maxOpenOrders) {
        return deny('MAX_OPEN_ORDERS', `${scope}: ${limits.maxOpenOrders} orders already open`);
      }
      if (limits.maxOrdersPerSecond !== undefined && this.window(this.orderRates, scope).countAt(now) >= limits.maxOrdersPerSecond) {
        return deny('MAX_ORDER_RATE', `${scope}: more than ${limits.maxOrdersPerSecond} orders in one second`);
      }
      if (limits.maxCancelsPerSecond !== undefined && this.window(this.cancelRates, scope).countAt(now) >= limits.maxCancelsPerSecond) {
        return deny('MAX_CANCEL_RATE', `${scope}: more than ${limits.maxCancelsPerSecond} cancels in one second; new orders wait`);
      }
      if (reduces) continue;
      const positionDenial = this.checkPosition(scope, limits, order, asset, price);
      if (positionDenial) return positionDenial;
    }
    return undefined;
  }

  private checkPosition(scope: string, limits: Limits, order: Order, asset: string, price: number): Denial | undefined {
    const r = order.request;
    const signed = r.side === 'buy' ? r.qty : -r.qty;
    if (scope.startsWith('asset:')) {
      const after = this.deps.portfolio.netPosition(asset) + this.pendingUnits(asset, r.side) + signed;
      if (limits.maxPosition !== undefined && Math.abs(after) > limits.maxPosition) {
        return deny('MAX_POSITION', `position in ${asset} would be ${round(after)} (limit ${limits.maxPosition})`);
      }
      return this.checkNotional(scope, limits, Math.abs(after) * price);
    }
    const gross = this.grossAfter(scope, order, asset, signed, price);
    return this.checkNotional(scope, limits, gross);
  }

  private checkNotional(scope: string, limits: Limits, value: number): Denial | undefined {
    if (limits.maxPositionNotionalUsd !== undefined && value > limits.maxPositionNotionalUsd) {
      return deny('MAX_POSITION_NOTIONAL', `${scope}: positions would be worth ${round(value)} USD (limit ${limits.maxPositionNotionalUsd})`);
    }
    const capital = this.capitalUsd ?? this.deps.portfolio.nav();
    if (limits.maxInventoryShare !== undefined && capital > 0 && value / capital > limits.maxInventoryShare) {
      return deny('MAX_INVENTORY_SHARE', `${scope}: inventory would be ${round((value / capital) * 100)} % of capital (limit ${limits.maxInventoryShare * 100} %)`);
    }
    return undefined;
  }

  private checkMargin(order: Order, asset: string, price: number): Denial | undefined {
    const margin = this.config.margin;
    if (!margin || order.request.side !== 'sell') return undefined;
    const now = this.marginNow();
    // A sale beyond what is held opens (or grows) a short that needs margin.
    const held = Math.max(0, this.deps.portfolio.netPosition(asset) + this.pendingUnits(asset, 'sell'));
    const shortening = Math.max(0, order.request.qty - held);
    if (shortening === 0) return undefined;
    const requirement = now.requirement + shortening * price * margin.shortMarginRate;
    const ratio = now.equity / requirement;
    if (ratio < margin.minMarginRatio) {
      return deny('MARGIN', `margin ratio would be ${round(ratio)} (minimum ${margin.minMarginRatio})`);
    }
    return undefined;
  }

  /** Market hours, halts, stale inputs and tradability of one asset, as conditions on its scope. */
  private refreshAssetConditions(asset: string): void {
    const instrument = this.deps.instruments.has(asset) ? this.deps.instruments.get(asset) : undefined;
    if (!instrument || (instrument.kind !== 'tokenized-stock' && instrument.kind !== 'equity')) return;
    const scope = assetScope(asset);
    const now = this.deps.clock.now();
    const fv = instrument.kind === 'tokenized-stock' ? this.deps.fairValue.get(asset) : undefined;
    const open = fv ? fv.marketOpen : this.deps.hours.isRegularOpen(now);
    const halted = fv?.session === 'halted';
    this.states.set(scope, 'halted-underlying', halted ? { state: 'reducing', reason: 'halted-underlying: the underlying is halted' } : undefined);
    this.states.set(scope, OFF_HOURS_CONDITION, !open && !halted ? { state: 'reducing', reason: 'market-closed: the underlying market is closed: no hedge' } : undefined);
    const maxAge = (this.config.staleData.assets[asset] ?? this.config.staleData.maxAgeSec) * MICROS_PER_SECOND;
    const live = fv ? fv.source !== 'last-print' : open;
    const updatedAt = fv ? fv.updatedAt : this.deps.fairValue.underlyingUpdatedAt(asset);
    const stale = live && updatedAt !== undefined && now - updatedAt > maxAge;
    this.states.set(scope, 'stale-data', stale ? { state: 'reducing', reason: `stale-data: fair-value input is ${round((now - (updatedAt ?? 0)) / MICROS_PER_SECOND)} s old` } : undefined);
    this.states.set(scope, 'not-tradable', fv && !fv.tradable ? { state: 'reducing', reason: `not-tradable: ${fv.reason}` } : undefined);
    this.refreshDepeg(asset);
  }

  private refreshDepeg(asset: string): void {
    const fair = this.fairPrice(asset);
    const market = this.marketPrices.get(asset);
    if (fair === undefined || market === undefined) return;
    const premium = market / fair - 1;
    const tripped = Math.abs(premium) * 100 > this.config.depegBreaker.premiumPct;
    this.states.set(assetScope(asset), 'depeg', tripped ? { state: 'arbitrage-only', reason: `depeg: market ${round(market)} is ${round(premium * 100)} % from fair value ${round(fair)}` } : undefined);
  }

  private periodicChecks(): void {
    for (const i of this.deps.instruments.all()) if (i.kind === 'tokenized-stock' || i.kind === 'equity') this.refreshAssetConditions(i.id);
    this.checkDrawdowns();
    const margin = this.config.margin;
    if (margin) {
      const view = this.marginNow();
      this.states.set(GLOBAL, 'margin', view.ratio < margin.maintenanceMarginRatio ? { state: 'reducing', reason: `margin ratio ${round(view.ratio)} below maintenance ${margin.maintenanceMarginRatio}` } : undefined);
    }
  }

  private checkDrawdowns(): void {
    const now = this.deps.clock.now();
    const mark = (asset: string) => this.deps.portfolio.mark(asset);
    const { portfolio } = this.deps;
    const globalPnl = portfolio.realizedPnl + portfolio.unrealizedPnl() - portfolio.feesPaid - portfolio.gasPaid;
    this.applyDrawdown(GLOBAL, globalPnl, this.config.drawdown.global, now);
    for (const [strategy, ledger] of this.strategyLedgers) {
      const levels = this.config.drawdown.strategies[strategy] ?? this.config.drawdown.strategies.default;
      if (levels) this.applyDrawdown(strategyScope(strategy), ledger.pnl(mark), levels, now);
    }
  }

  private applyDrawdown(scope: string, pnl: number, levels: RiskConfig['drawdown']['global'], now: Micros): void {
    let tracker = this.drawdowns.get(scope);
    if (!tracker) this.drawdowns.set(scope, (tracker = new DrawdownTracker(this.config.drawdown.dayStartUtcHour)));
    const dd = tracker.update(pnl, now);
    const level = (value: number, soft: number | undefined, hard: number | undefined, what: string): Condition | undefined => {
      if (hard !== undefined && value >= hard) return { state: 'halted', reason: `${what} drawdown ${round(value)} USD >= hard limit ${hard}` };
      if (soft !== undefined && value >= soft) return { state: 'reducing', reason: `${what} drawdown ${round(value)} USD >= soft limit ${soft}` };
      return undefined;
    };
    // Daily levels clear with the day; total levels stay until resumed by hand.
    this.states.set(scope, 'drawdown:daily', level(dd.daily, levels.dailySoftUsd, levels.dailyHardUsd, 'daily'));
    const total = level(dd.total, levels.totalSoftUsd, levels.totalHardUsd, 'total');
    const held = this.states.held(scope).get('drawdown:total');
    if (total && (!held || moreSevere(total.state, held.state) !== held.state)) this.states.set(scope, 'drawdown:total', total);
  }

  /** How the order changes exposure to its underlying: globally (for Reducing) and for its strategy. */
  private exposureChange(order: Order): ExposureChange {
    const r = order.request;
    const asset = assetOf(order);
    const { key, multiplier } = this.deltaGroup(asset);
    const signed = (r.side === 'buy' ? r.qty : -r.qty) * multiplier;
    let current = 0;
    let strategyDelta = 0;
    const ledger = this.strategyLedgers.get(order.strategyId);
    for (const i of this.groupMembers(key)) {
      current += this.deps.portfolio.netPosition(i.asset) * i.multiplier + this.pendingUnits(i.asset, r.side) * i.multiplier;
      strategyDelta += (ledger?.position(i.asset) ?? 0) * i.multiplier + this.pendingUnits(i.asset, r.side, order.strategyId) * i.multiplier;
    }
    const after = current + signed;
    const reduces = Math.abs(after) < Math.abs(current) - 1e-12 && Math.sign(after) !== -Math.sign(current);
    return { reduces, strategyDeltaAfter: strategyDelta + signed };
  }

  /** Tokenized stocks count in shares of their underlying; everything else in its own units. */
  private deltaGroup(asset: string): { key: string; multiplier: number } {
    if (!this.deps.instruments.has(asset)) return { key: asset, multiplier: 1 };
    const i = this.deps.instruments.get(asset);
    if (i.kind === 'tokenized-stock') return { key: i.underlying, multiplier: this.deps.fairValue.get(asset)?.multiplier ?? i.multiplier };
    return { key: asset, multiplier: 1 };
  }

  private groupMembers(key: string): { asset: string; multiplier: number }[] {
    const members = [{ asset: key, multiplier: 1 }];
    for (const i of this.deps.instruments.all()) {
      if (i.kind === 'tokenized-stock' && i.underlying === key) members.push({ asset: i.id, multiplier: this.deltaGroup(i.id).multiplier });
    }
    return members;
  }

  /** Open quantity on one side, signed (sells negative), optionally of one strategy. */
  private pendingUnits(asset: string, side: OrderSide, strategy?: string): number {
    let total = 0;
    for (const o of this.open.values()) if (o.asset === asset && o.side === side && (strategy === undefined || o.strategy === strategy)) total += o.leaves;
    return side === 'buy' ? total : -total;
  }

  /** Gross position value of a scope after the order, counting open orders as filled. */
  private grossAfter(scope: string, order: Order, asset: string, signed: number, price: number): number {
    const positions = new Map<string, number>();
    const add = (a: string, q: number) => positions.set(a, (positions.get(a) ?? 0) + q);
    if (scope === GLOBAL) for (const p of this.deps.portfolio.positions()) add(p.asset, p.qty);
    else if (scope.startsWith('strategy:')) {
      const ledger = this.strategyLedgers.get(order.strategyId);
      if (ledger) for (const a of ledger.assets()) add(a, ledger.position(a));
    }
    for (const o of this.open.values()) {
      if (scope === GLOBAL || (scope.startsWith('strategy:') && o.strategy === order.strategyId) || (scope.startsWith('venue:') && o.venue === order.request.venue)) {
        add(o.asset, o.side === 'buy' ? o.leaves : -o.leaves);
      }
    }
    add(asset, signed);
    let gross = 0;
    for (const [a, q] of positions) {
      if (this.deps.cashAssets.has(a)) continue;
      gross += Math.abs(q) * (a === asset ? price : (this.deps.portfolio.mark(a) ?? 0));
    }
    return gross;
  }

  private openCount(scope: string): number {
    if (scope === GLOBAL) return this.open.size;
    const [kind, id] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
    let n = 0;
    for (const o of this.open.values()) if ((kind === 'strategy' ? o.strategy : kind === 'asset' ? o.asset : o.venue) === id) n++;
    return n;
  }

  private marginNow() {
    const margin = this.config.margin!;
    const { portfolio, cashAssets, instruments, hours } = this.deps;
    return marginView(margin, {
      positions: portfolio.positions(),
      mark: (a) => portfolio.mark(a),
      isCash: (a) => cashAssets.has(a),
      marketOpen: (a) => {
        if (cashAssets.has(a)) return true;
        const fv = this.deps.fairValue.get(a);
        if (fv) return fv.marketOpen;
        return instruments.has(a) && instruments.get(a).kind === 'equity' ? hours.isRegularOpen(this.deps.clock.now()) : true;
      },
    });
  }

  private priceFor(order: Order, estimate: ExecutionEstimate | undefined): number | undefined {
    return estimate?.avgPrice ?? order.request.price ?? this.referencePrice(assetOf(order));
  }

  private fairPrice(asset: string): number | undefined {
    return this.deps.fairValue.get(asset)?.price ?? this.deps.fairValue.underlyingMid(asset);
  }

  private referencePrice(asset: string): number | undefined {
    return this.fairPrice(asset) ?? this.deps.portfolio.mark(asset);
  }

  private why(state: TradingState, order: Order, assetConditions: Condition[]): string {
    const reasons = [
      ...[...this.states.held(GLOBAL).values(), ...this.states.held(strategyScope(order.strategyId)).values(), ...assetConditions]
        .filter((c) => c.state === state)
        .map((c) => c.reason),
    ];
    return reasons.join('; ') || state;
  }

  private scopesOf(strategy: string, venue: string, asset: string): string[] {
    return [GLOBAL, strategyScope(strategy), assetScope(asset), venueScope(venue)];
  }

  private window(map: Map<string, RateWindow>, scope: string): RateWindow {
    let w = map.get(scope);
    if (!w) map.set(scope, (w = new RateWindow()));
    return w;
  }

  private ledger(strategy: string): Ledger {
    let l = this.strategyLedgers.get(strategy);
    if (!l) this.strategyLedgers.set(strategy, (l = new Ledger()));
    return l;
  }
}

interface ExposureChange {
  /** The order shrinks the absolute net delta of its underlying (over all strategies) without flipping it. */
  readonly reduces: boolean;
  /** The strategy's own delta in the underlying after the order (for its off-hours allowance). */
  readonly strategyDeltaAfter: number;
}

/** The denial reason for an asset held in Reducing by one of its conditions. */
const ASSET_CONDITION_REASON: Readonly<Record<string, DenialReason>> = {
  'market-closed': 'MARKET_CLOSED',
  'halted-underlying': 'MARKET_CLOSED',
  'stale-data': 'STALE_DATA',
  'not-tradable': 'NOT_TRADABLE',
};

function assetOf(order: Order): string {
  return order.request.asset ?? order.request.instrument;
}

/** A resting limit order is a quote unless said otherwise; anything else takes liquidity. */
function intentOf(order: Order): OrderIntent {
  const r = order.request;
  return r.intent ?? (r.type === 'limit' && r.timeInForce !== 'ioc' && r.timeInForce !== 'fok' ? 'quote' : 'arbitrage');
}

function deny(reason: DenialReason, message: string): Denial {
  return { reason, message };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
