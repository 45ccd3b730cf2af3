import type {
  CexBook,
  ChainGas,
  CexQuote,
  CexTrade,
  CorporateAction,
  EquityQuote,
  Fill,
  MarketStatus,
  OrderDenied,
  OrderEvent,
  PoolLiquidity,
  PoolState,
  PoolSwap,
  TimerEvent,
  TradingStateChanged,
  V3PoolCollect,
  V3PoolLiquidity,
  V3PoolState,
  V3PoolSwap,
} from './events';
import type { FairValueView } from './fair-value';
import type { InstrumentRegistry } from './instruments';
import type { Logger } from './log';
import type { Order, OrderRequest } from './orders';
import type { PortfolioView } from './portfolio';
import type { Micros } from './time';

/**
 * Everything a strategy may touch. There is no venue client here and no way to tell backtest from live:
 * orders go through the risk manager, time comes from the clock.
 */
export interface StrategyContext {
  readonly strategyId: string;
  readonly instruments: InstrumentRegistry;
  readonly portfolio: PortfolioView;
  readonly fairValue: FairValueView;
  readonly log: Logger;
  now(): Micros;
  /** Delivers a `timer` event to `onTimer` at `at` (and every `intervalUs` if given). */
  setTimer(name: string, at: Micros, intervalUs?: number): void;
  cancelTimer(name: string): void;
  /** Receive the market data published on `topic` (see core/topics.ts). */
  subscribe(topic: string): void;
  /**
   * Sends an order through the risk manager. The returned order is already `denied` if the risk manager
   * refused it; the strategy also receives an `order.denied` event after its current handler returns.
   */
  submit(request: OrderRequest): Order;
  cancel(orderId: string): void;
  /** Cancels and sends a new order with the changes; returns the new order. */
  replace(orderId: string, changes: { qty?: number; price?: number }): Order | undefined;
  openOrders(): readonly Order[];
}

/** The handlers the kernel calls. All optional: a strategy implements what it consumes. */
export interface StrategyHandlers {
  readonly id: string;
  onStart?(ctx: StrategyContext): void;
  onStop?(): void;
  onEquityQuote?(quote: EquityQuote): void;
  onCexQuote?(quote: CexQuote): void;
  onCexTrade?(trade: CexTrade): void;
  onCexBook?(book: CexBook): void;
  onPoolState?(state: PoolState): void;
  onPoolSwap?(swap: PoolSwap): void;
  onPoolLiquidity?(change: PoolLiquidity): void;
  /** Every Uniswap V3 pool event (swap, mint, burn, collect, state). */
  onV3Pool?(event: V3PoolSwap | V3PoolLiquidity | V3PoolCollect | V3PoolState): void;
  onMarketStatus?(status: MarketStatus): void;
  onChainGas?(gas: ChainGas): void;
  onCorporateAction?(action: CorporateAction): void;
  onTimer?(timer: TimerEvent): void;
  onOrderEvent?(event: OrderEvent): void;
  onOrderDenied?(event: OrderDenied): void;
  onFill?(fill: Fill): void;
  onTradingState?(event: TradingStateChanged): void;
}
