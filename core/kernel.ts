import { MessageBus } from './bus';
import type { Clock } from './clock';
import { BaseError } from './errors';
import type { Expense, Fill, MarketDataEvent, OrderDenied, OrderEvent, TimerEvent, TradingStateChanged, Transfer } from './events';
import type { ExecutionClient, ExecutionSink, MarketDataListener } from './execution';
import type { FairValueService } from './fair-value';
import type { InstrumentRegistry } from './instruments';
import type { Logger } from './log';
import { Order, type OrderRequest } from './orders';
import type { Portfolio } from './portfolio';
import type { OrderGate } from './risk-gate';
import type { StrategyContext, StrategyHandlers } from './strategy';
import { Topics, topicOf } from './topics';

export interface KernelParts {
  clock: Clock;
  /** The bus, when components built before the kernel must subscribe to it (the risk manager). */
  bus?: MessageBus;
  instruments: InstrumentRegistry;
  portfolio: Portfolio;
  fairValue: FairValueService;
  gate: OrderGate;
  log: Logger;
}

type Pending = OrderEvent | OrderDenied | Fill | Transfer | Expense | TradingStateChanged | MarketDataEvent;

/**
 * The one engine behind backtest, paper and live. It takes market data, keeps venues and fair value ahead
 * of strategies, routes strategy orders through the risk gate to the execution clients, and delivers order
 * events and fills back. Execution reports are queued and delivered after the handler that caused them
 * returns, so a strategy is never re-entered in the middle of its own handler.
 */
export class Kernel implements ExecutionSink {
  readonly bus: MessageBus;
  private readonly venues = new Map<string, ExecutionClient>();
  private readonly listeners: MarketDataListener[] = [];
  private readonly strategies: StrategyHandlers[] = [];
  private readonly orders = new Map<string, Order>();
  private readonly pending: Pending[] = [];
  /** True while a handler runs: reports raised meanwhile wait in `pending` until it returns. */
  private busy = false;
  private orderSeq = 0;
  private started = false;

  constructor(private readonly parts: KernelParts) {
    this.bus = parts.bus ?? new MessageBus();
    this.listeners.push(parts.fairValue);
    parts.fairValue.onMark = (asset, price) => parts.portfolio.setMark(asset, price);
  }

  get clock(): Clock {
    return this.parts.clock;
  }

  addVenue(client: ExecutionClient & Partial<MarketDataListener>): void {
    if (this.venues.has(client.venue)) throw new BaseError('VENUE_UNKNOWN', `venue "${client.venue}" added twice`);
    client.bind(this);
    this.venues.set(client.venue, client);
    if (client.onMarketData) this.listeners.push(client as MarketDataListener);
  }

  addStrategy(strategy: StrategyHandlers): void {
    if (this.strategies.some((s) => s.id === strategy.id)) throw new BaseError('USAGE', `strategy "${strategy.id}" added twice`);
    this.strategies.push(strategy);
    this.wireStrategy(strategy);
  }

  async start(): Promise<void> {
    for (const venue of this.venues.values()) await venue.connect();
    this.started = true;
    this.parts.gate.start?.();
    this.exclusive(() => {
      for (const s of this.strategies) s.onStart?.(this.contextFor(s));
    });
  }

  async stop(): Promise<void> {
    this.exclusive(() => {
      for (const s of this.strategies) s.onStop?.();
    });
    for (const venue of this.venues.values()) await venue.disconnect();
    this.started = false;
  }

  /** Entry point for every market-data event, recorded or live. */
  onMarketData(event: MarketDataEvent): void {
    this.busy = true;
    try {
      let replaced = false;
      for (let i = 0; i < this.listeners.length; i++) {
        if ((this.listeners[i] as MarketDataListener).onMarketData(event) === true) replaced = true;
      }
      if (!replaced) this.bus.publish(topicOf(event), event);
    } finally {
      this.busy = false;
    }
    if (this.pending.length > 0) this.drain();
  }

  /** The risk manager reports a change of trading state here. */
  tradingStateChanged(event: TradingStateChanged): void {
    this.enqueue(event);
  }

  // ExecutionSink: venues report here.
  orderEvent(event: OrderEvent): void {
    this.enqueue(event);
  }

  fill(fill: Fill): void {
    this.enqueue(fill);
  }

  marketData(event: MarketDataEvent): void {
    this.enqueue(event);
  }

  transfer(transfer: Transfer): void {
    this.enqueue(transfer);
  }

  expense(expense: Expense): void {
    this.enqueue(expense);
  }

  order(orderId: string): Order | undefined {
    return this.orders.get(orderId);
  }

  allOrders(): readonly Order[] {
    return [...this.orders.values()];
  }

  private enqueue(item: Pending): void {
    this.pending.push(item);
    if (!this.busy && this.started) this.drain();
  }

  /** Runs `fn` as one handler: anything it causes is delivered after it returns. */
  private exclusive(fn: () => void): void {
    if (this.busy) return fn();
    this.busy = true;
    try {
      fn();
    } finally {
      this.busy = false;
    }
    this.drain();
  }

  private drain(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let item = this.pending.shift(); item; item = this.pending.shift()) this.deliver(item);
    } finally {
      this.busy = false;
    }
  }

  private deliver(item: Pending): void {
    switch (item.type) {
      case 'order': {
        const order = this.orders.get(item.orderId);
        if (order && order.status !== item.status) order.transition(item.status);
        this.parts.gate.onOrderEvent?.(item);
        this.bus.publish(Topics.orders(item.strategyId), item);
        this.bus.publish(Topics.allOrders, item);
        return;
      }
      case 'order.denied':
        this.bus.publish(Topics.orders(item.strategyId), item);
        this.bus.publish(Topics.allOrders, item);
        return;
      case 'fill': {
        const order = this.orders.get(item.orderId);
        order?.applyFill(item.qty, item.price);
        this.parts.portfolio.applyFill(item);
        this.parts.gate.onFill?.(item);
        this.bus.publish(Topics.fills(item.strategyId), item);
        this.bus.publish(Topics.allFills, item);
        // The fill completed the order: say so, so that every order ends with a terminal order event.
        if (order?.status === 'filled') this.enqueue({ type: 'order', ts: item.ts, orderId: order.id, strategyId: order.strategyId, status: 'filled' });
        return;
      }
      case 'expense':
        this.parts.portfolio.payGas(item.gasUsd);
        this.parts.gate.onExpense?.(item);
        this.bus.publish(Topics.expenses, item);
        return;
      case 'transfer':
        this.parts.portfolio.transfer(item.fromAccount, item.toAccount, item.asset, item.qty);
        this.bus.publish(Topics.transfers, item);
        return;
      case 'risk.state':
        this.parts.log.info('trading state changed', { scope: item.scope, from: item.from, to: item.to, reason: item.reason });
        this.bus.publish(Topics.riskState, item);
        return;
      default:
        this.bus.publish(topicOf(item), item);
    }
  }

  private submit(strategyId: string, request: OrderRequest): Order {
    const now = this.parts.clock.now();
    const order = new Order(`${strategyId}-${++this.orderSeq}`, strategyId, request, now);
    this.orders.set(order.id, order);
    const venue = this.venues.get(request.venue);
    const denial = !venue
      ? { reason: 'INVALID_ORDER' as const, message: `no venue "${request.venue}"` }
      : !(request.qty > 0 && Number.isFinite(request.qty))
        ? { reason: 'INVALID_ORDER' as const, message: `quantity must be a positive number, got ${request.qty}` }
        : this.parts.gate.check(order, venue.estimate?.(order));
    if (!venue || denial) {
      order.transition('denied');
      this.enqueue({ type: 'order.denied', ts: now, orderId: order.id, strategyId, reason: denial?.reason ?? 'INVALID_ORDER', message: denial?.message ?? '' });
      return order;
    }
    order.transition('submitted');
    venue.submit(order);
    return order;
  }

  private cancel(strategyId: string, orderId: string): void {
    const order = this.orders.get(orderId);
    if (!order || order.strategyId !== strategyId || !order.isOpen) return;
    this.parts.gate.onCancel?.(order);
    this.venues.get(order.request.venue)?.cancel(order);
  }

  /** Cancels every open order of every strategy (the kill switch). */
  cancelAllOpenOrders(): void {
    for (const order of this.orders.values()) if (order.isOpen) this.cancel(order.strategyId, order.id);
  }

  private wireStrategy(s: StrategyHandlers): void {
    this.bus.subscribe<OrderEvent | OrderDenied>(Topics.orders(s.id), (e) => {
      if (e.type === 'order') s.onOrderEvent?.(e);
      else s.onOrderDenied?.(e);
    });
    this.bus.subscribe<Fill>(Topics.fills(s.id), (f) => s.onFill?.(f));
    this.bus.subscribe<TradingStateChanged>(Topics.riskState, (e) => s.onTradingState?.(e));
    this.bus.subscribe<TimerEvent>(Topics.timers(s.id), (t) => s.onTimer?.(t));
  }

  private contextFor(s: StrategyHandlers): StrategyContext {
    const { clock, instruments, portfolio, fairValue, log } = this.parts;
    const timerTopic = Topics.timers(s.id);
    const subscribed = new Set<string>();
    return {
      strategyId: s.id,
      instruments,
      portfolio,
      fairValue,
      log,
      now: () => clock.now(),
      setTimer: (name, at, intervalUs) =>
        clock.setTimer(
          `${s.id}:${name}`,
          at,
          (_full, due) => this.exclusive(() => this.bus.publish(timerTopic, { type: 'timer', name, ts: due } satisfies TimerEvent)),
          intervalUs,
        ),
      cancelTimer: (name) => clock.cancelTimer(`${s.id}:${name}`),
      subscribe: (topic) => {
        if (subscribed.has(topic)) return;
        subscribed.add(topic);
        this.bus.subscribe(topic, (e: MarketDataEvent) => dispatchMarketData(s, e));
      },
      submit: (request) => this.submit(s.id, request),
      cancel: (orderId) => this.cancel(s.id, orderId),
      replace: (orderId, changes) => {
        const old = this.orders.get(orderId);
        if (!old || old.strategyId !== s.id || !old.isOpen) return undefined;
        this.cancel(s.id, orderId);
        return this.submit(s.id, { ...old.request, qty: changes.qty ?? old.leavesQty, price: changes.price ?? old.request.price });
      },
      openOrders: () => [...this.orders.values()].filter((o) => o.strategyId === s.id && o.isOpen),
    };
  }
}

function dispatchMarketData(s: StrategyHandlers, e: MarketDataEvent): void {
  switch (e.type) {
    case 'equity.quote':
      return s.onEquityQuote?.(e);
    case 'cex.quote':
      return s.onCexQuote?.(e);
    case 'cex.trade':
      return s.onCexTrade?.(e);
    case 'cex.book':
      return s.onCexBook?.(e);
    case 'pool.state':
      return s.onPoolState?.(e);
    case 'pool.swap':
      return s.onPoolSwap?.(e);
    case 'pool.liquidity':
      return s.onPoolLiquidity?.(e);
    case 'pool.v3.swap':
    case 'pool.v3.mint':
    case 'pool.v3.burn':
    case 'pool.v3.collect':
    case 'pool.v3.state':
      return s.onV3Pool?.(e);
    case 'market.status':
      return s.onMarketStatus?.(e);
    case 'chain.gas':
      return s.onChainGas?.(e);
    case 'corporate.action':
      return s.onCorporateAction?.(e);
  }
}
