import type { Micros } from './time';
import type { OrderSide, OrderStatus } from './orders';

/**
 * Every event carries the venue's own time (`tsEvent`) and the local time it was received (`tsRecv`).
 * Replay orders events by `tsRecv`: that is when a strategy could have known them.
 *
 * Handlers receive events for the duration of the call only; a strategy that keeps one copies what it
 * needs (replay may reuse event objects to avoid allocating one per record).
 */
interface Stamped {
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
}

/** Top of book for a listed share (from the broker's feed, Alpaca/SIP style). */
export interface EquityQuote extends Stamped {
  readonly type: 'equity.quote';
  readonly symbol: string;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
}

/** Best bid and offer of a CEX market. */
export interface CexQuote extends Stamped {
  readonly type: 'cex.quote';
  readonly market: string;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
}

export interface CexTrade extends Stamped {
  readonly type: 'cex.trade';
  readonly market: string;
  readonly price: number;
  readonly size: number;
  /** The aggressor's side. */
  readonly side: OrderSide;
}

/** L2 book update: a full snapshot, or a diff where size 0 removes a level. */
export interface CexBook extends Stamped {
  readonly type: 'cex.book';
  readonly market: string;
  readonly snapshot: boolean;
  /**
   * The venue's update ids covered by this message, when it numbers them (Binance `U`..`u`). A diff whose
   * `firstSeq` is not the previous `lastSeq` + 1 means updates were lost: the book has a gap.
   */
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  readonly bids: ReadonlyArray<readonly [price: number, size: number]>;
  readonly asks: ReadonlyArray<readonly [price: number, size: number]>;
}

/** Reserves of a V2 pool (the `Sync` event, or a state read). Amounts are token units. */
export interface PoolState extends Stamped {
  readonly type: 'pool.state';
  readonly pool: string;
  readonly reserve0: bigint;
  readonly reserve1: bigint;
}

/** A V2 `Swap` by anybody. Amounts are token units, as in the contract event. */
export interface PoolSwap extends Stamped {
  readonly type: 'pool.swap';
  readonly pool: string;
  readonly amount0In: bigint;
  readonly amount1In: bigint;
  readonly amount0Out: bigint;
  readonly amount1Out: bigint;
}

/** Liquidity added (`Mint`, positive) or removed (`Burn`, negative), in token units. */
export interface PoolLiquidity extends Stamped {
  readonly type: 'pool.liquidity';
  readonly pool: string;
  readonly amount0: bigint;
  readonly amount1: bigint;
}

/**
 * A Uniswap V3 `Swap`: amounts signed from the pool's side (positive = paid into the pool), and the pool's
 * price, tick and active liquidity after it, as the contract event carries them.
 */
export interface V3PoolSwap extends Stamped {
  readonly type: 'pool.v3.swap';
  readonly pool: string;
  readonly amount0: bigint;
  readonly amount1: bigint;
  readonly sqrtPriceX96: bigint;
  readonly liquidity: bigint;
  readonly tick: number;
}

/** A Uniswap V3 `Mint` (liquidity > 0 added to a range) or `Burn` (removed), with the token amounts. */
export interface V3PoolLiquidity extends Stamped {
  readonly type: 'pool.v3.mint' | 'pool.v3.burn';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  readonly liquidity: bigint;
  readonly amount0: bigint;
  readonly amount1: bigint;
}

/** A Uniswap V3 `Collect`: fees and burned amounts withdrawn from a position. */
export interface V3PoolCollect extends Stamped {
  readonly type: 'pool.v3.collect';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  readonly amount0: bigint;
  readonly amount1: bigint;
}

/** Price, tick and active liquidity of a V3 pool (a state read or a recording's starting point). */
export interface V3PoolState extends Stamped {
  readonly type: 'pool.v3.state';
  readonly pool: string;
  readonly sqrtPriceX96: bigint;
  readonly tick: number;
  readonly liquidity: bigint;
}

/** A chain's EIP-1559 base fee, from a new block header. */
export interface ChainGas extends Stamped {
  readonly type: 'chain.gas';
  readonly chain: string;
  readonly baseFeeGwei: number;
}

/** Trading status of an underlying, as Chainlink's tokenized-equity `marketStatus`. */
export type MarketStatusValue = 'open' | 'closed' | 'halted';

export interface MarketStatus extends Stamped {
  readonly type: 'market.status';
  readonly symbol: string;
  readonly status: MarketStatusValue;
}

/** A new token multiplier (dividend reinvestment, split) taking effect at `activation`. */
export interface CorporateAction extends Stamped {
  readonly type: 'corporate.action';
  readonly token: string;
  readonly newMultiplier: number;
  readonly activation: Micros;
}

export type MarketDataEvent =
  | EquityQuote
  | CexQuote
  | CexTrade
  | CexBook
  | PoolState
  | PoolSwap
  | PoolLiquidity
  | V3PoolSwap
  | V3PoolLiquidity
  | V3PoolCollect
  | V3PoolState
  | ChainGas
  | MarketStatus
  | CorporateAction;

export type MarketDataType = MarketDataEvent['type'];

export const MARKET_DATA_TYPES: readonly MarketDataType[] = [
  'equity.quote',
  'cex.quote',
  'cex.trade',
  'cex.book',
  'pool.state',
  'pool.swap',
  'pool.liquidity',
  'pool.v3.swap',
  'pool.v3.mint',
  'pool.v3.burn',
  'pool.v3.collect',
  'pool.v3.state',
  'chain.gas',
  'market.status',
  'corporate.action',
];

/** A timer set on the Clock came due. */
export interface TimerEvent {
  readonly type: 'timer';
  readonly name: string;
  readonly ts: Micros;
}

/** Why the risk manager refused an order. Stable strings: reports and tests match on them. */
export type DenialReason =
  | 'TRADING_HALTED'
  | 'REDUCING_ONLY'
  | 'MARKET_CLOSED'
  | 'STALE_DATA'
  | 'NOT_TRADABLE'
  | 'PRICE_BAND'
  | 'POOL_IMPACT'
  | 'DEPEG_BREAKER'
  | 'MAX_ORDER_NOTIONAL'
  | 'MAX_POSITION'
  | 'MAX_POSITION_NOTIONAL'
  | 'MAX_INVENTORY_SHARE'
  | 'MAX_OPEN_ORDERS'
  | 'MAX_ORDER_RATE'
  | 'MAX_CANCEL_RATE'
  | 'MARGIN'
  | 'NO_REFERENCE_PRICE'
  | 'INVALID_ORDER';

/** A change of an order's state, as the venue (or the risk manager) reported it. */
export interface OrderEvent {
  readonly type: 'order';
  readonly ts: Micros;
  readonly orderId: string;
  readonly strategyId: string;
  readonly status: OrderStatus;
  /** Why: a denial reason, a venue's rejection text, a cancel cause. */
  readonly reason?: string;
}

/** The risk manager refused an order before it left: delivered to the strategy, never thrown into it. */
export interface OrderDenied {
  readonly type: 'order.denied';
  readonly ts: Micros;
  readonly orderId: string;
  readonly strategyId: string;
  readonly reason: DenialReason;
  readonly message: string;
}

/** An execution. `price` excludes fees; the cash moved is `qty * price` plus (buy) or minus (sell) `fee`. */
export interface Fill {
  readonly type: 'fill';
  readonly ts: Micros;
  readonly orderId: string;
  readonly strategyId: string;
  readonly venue: string;
  /** The asset bought or sold (a token id, an equity id). */
  readonly asset: string;
  /** The asset paid or received for it (USDC, USD). */
  readonly quoteAsset: string;
  /** The account (venue) where the balances live. */
  readonly account: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly price: number;
  /** Fee in quote-asset units (pool LP fee, commission). */
  readonly fee: number;
  /** Network fee in USD; zero off chain. */
  readonly gasUsd: number;
  readonly liquidity: 'maker' | 'taker';
}

/**
 * Units moved between two accounts of ours, with no trade: a mint delivered by the issuer, a redemption's
 * cash arriving, a withdrawal. Positions keep their cost.
 */
export interface Transfer {
  readonly type: 'transfer';
  readonly ts: Micros;
  readonly fromAccount: string;
  readonly toAccount: string;
  readonly asset: string;
  readonly qty: number;
  readonly reason: string;
}

/** A cost with no trade: the gas of a transaction that reverted on chain. */
export interface Expense {
  readonly type: 'expense';
  readonly ts: Micros;
  readonly strategyId: string;
  readonly orderId: string;
  readonly gasUsd: number;
  readonly reason: string;
}

/** The risk manager's trading state changed. */
export interface TradingStateChanged {
  readonly type: 'risk.state';
  readonly ts: Micros;
  /** What changed state: `global`, `strategy:<id>` or `asset:<id>`. */
  readonly scope: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}
