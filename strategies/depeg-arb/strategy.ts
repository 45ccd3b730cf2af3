import { computeProfitMaximizingTrade, getAmountIn, getAmountOut, priceOf, truePricesFromUsd } from '../../core/amm/uniswap-v2';
import { BaseError } from '../../core/errors';
import type { EquityQuote, Fill, OrderDenied, OrderEvent, PoolState } from '../../core/events';
import type { ChainAsset, Pool } from '../../core/instruments';
import { isTerminal } from '../../core/orders';
import { MICROS_PER_SECOND } from '../../core/time';
import { Topics } from '../../core/topics';
import { fromUnits, toUnitsFloor } from '../../core/units';
import { Strategy } from '../api';
import type { DepegArbParams } from './config';

/** A trade the strategy would make now, with the figures behind the decision. */
export interface ArbOpportunity {
  readonly side: 'buy' | 'sell';
  /** Tokens bought or sold. */
  readonly qty: number;
  /** Average pool price of the trade, quote per token. */
  readonly avgPrice: number;
  readonly fairValue: number;
  readonly poolPrice: number;
  /** Profit at fair value after pool fee, gas and hedge cost, in USD. */
  readonly expectedProfitUsd: number;
}

/**
 * Depeg arbitrage on a V2 pool: when the pool's price of a tokenized stock is further from fair value
 * (underlying x multiplier) than all costs plus a margin, swap the pool back toward fair value with the
 * profit-maximising size, and hedge the resulting delta at the broker while the market is open.
 * README.md has the maths.
 */
export class DepegArbStrategy extends Strategy<DepegArbParams> {
  private pool!: Pool;
  private base!: ChainAsset;
  private quote!: ChainAsset;
  /** USD per quote token (1 for a dollar stablecoin). */
  private quoteUsd = 1;
  private baseIs0 = true;
  private reserveBase = 0n;
  private reserveQuote = 0n;
  /** Delta in shares (token x multiplier + shares) to hold; what it was at start. */
  private targetDelta = 0;
  private arbOrderId: string | undefined;
  private hedgeOrderId: string | undefined;
  private issuerOrderId: string | undefined;
  private _denials = 0;
  /** After a refusal the strategy waits `retryAfterDenialSec` before asking again. */
  private quietUntil = 0;

  get denials(): number {
    return this._denials;
  }

  protected onStarted(): void {
    const { instruments } = this.ctx;
    this.pool = instruments.pool(this.params.pool);
    this.base = instruments.tokenizedStock(this.params.token);
    this.baseIs0 = this.pool.token0 === this.base.id;
    this.quote = instruments.chainAsset(this.baseIs0 ? this.pool.token1 : this.pool.token0);
    if (this.quote.kind !== 'token' || this.quote.usdPeg === undefined) {
      throw new BaseError('USAGE', `depeg-arb needs ${this.pool.id} quoted in a dollar stablecoin (a token with usdPeg)`);
    }
    this.quoteUsd = this.quote.usdPeg;
    this.targetDelta = this.netDelta();
    this.ctx.subscribe(Topics.pool(this.pool.id));
    this.ctx.subscribe(Topics.equityQuotes(this.params.hedge.instrument));
  }

  onPoolState(state: PoolState): void {
    this.reserveBase = this.baseIs0 ? state.reserve0 : state.reserve1;
    this.reserveQuote = this.baseIs0 ? state.reserve1 : state.reserve0;
    this.act();
  }

  onEquityQuote(_quote: EquityQuote): void {
    this.rebalanceHedge();
    this.act();
  }

  onFill(fill: Fill): void {
    if (fill.venue === this.params.poolVenue || fill.venue === this.params.issuer?.venue) this.rebalanceHedge();
  }

  onOrderEvent(event: OrderEvent): void {
    if (!isTerminal(event.status)) return;
    if (event.orderId === this.arbOrderId) this.arbOrderId = undefined;
    if (event.orderId === this.hedgeOrderId) this.hedgeOrderId = undefined;
    if (event.orderId === this.issuerOrderId) this.issuerOrderId = undefined;
    if (event.status === 'rejected') this.ctx.log.warn('order rejected', { orderId: event.orderId, reason: event.reason });
  }

  onOrderDenied(event: OrderDenied): void {
    this._denials++;
    this.quietUntil = this.ctx.now() + this.params.retryAfterDenialSec * MICROS_PER_SECOND;
    if (event.orderId === this.arbOrderId) this.arbOrderId = undefined;
    if (event.orderId === this.hedgeOrderId) this.hedgeOrderId = undefined;
    if (event.orderId === this.issuerOrderId) this.issuerOrderId = undefined;
    this.ctx.log.info('order denied by risk', { orderId: event.orderId, reason: event.reason, message: event.message });
  }

  /** The trade worth making now, or undefined. Pure with respect to the context: used by tests too. */
  opportunity(): ArbOpportunity | undefined {
    const p = this.params;
    const fv = this.ctx.fairValue.get(p.token);
    if (!fv || !fv.tradable || this.reserveBase === 0n || this.reserveQuote === 0n) return undefined;
    const hedged = fv.marketOpen;
    if (!hedged && p.offHours.mode === 'stand-aside') return undefined;
    if (hedged && this.ctx.now() - fv.updatedAt > p.maxQuoteAgeSec * MICROS_PER_SECOND) return undefined;

    const poolPrice = priceOf(this.reserveBase, this.reserveQuote, this.base.decimals, this.quote.decimals) * this.quoteUsd;
    const feeRate = this.pool.feePips / 1e6;
    const hedgeCost = hedged ? p.hedge.costBps / 1e4 : 0;
    // The margin grows with fair value's confidence band: a stale or off-hours price must be beaten by more.
    const margin = p.minEdgeBps / 1e4 + fv.band / fv.price;
    // Cheap pre-filter on price alone; gas is judged below on the sized trade.
    if (Math.abs(poolPrice / fv.price - 1) <= feeRate + hedgeCost + margin) return undefined;

    const truePrices = truePricesFromUsd(fv.price, this.base.decimals, this.quoteUsd, this.quote.decimals);
    const trade = computeProfitMaximizingTrade(truePrices.truePriceTokenA, truePrices.truePriceTokenB, this.reserveBase, this.reserveQuote, BigInt(this.pool.feePips));
    if (trade.amountIn <= 0n) return undefined;
    const side = trade.aToB ? 'sell' : 'buy';
    let qty = side === 'sell' ? this.toBase(trade.amountIn) : this.toBase(getAmountOut(trade.amountIn, this.reserveQuote, this.reserveBase, BigInt(this.pool.feePips)));
    // The notional cap holds at whichever is higher, fair value or the (possibly spiked) pool price.
    qty = Math.min(qty, p.maxTradeUsd / Math.max(fv.price, poolPrice), this.capacity(side, fv.price, fv.multiplier, hedged));
    if (!(qty > 0)) return undefined;

    const baseUnits = toUnitsFloor(qty, this.base.decimals);
    if (baseUnits === 0n || baseUnits >= this.reserveBase) return undefined;
    const fee = BigInt(this.pool.feePips);
    const quoteAmount = this.quoteUsd * this.toQuote(
      side === 'sell' ? getAmountOut(baseUnits, this.reserveBase, this.reserveQuote, fee) : getAmountIn(baseUnits, this.reserveQuote, this.reserveBase, fee),
    );
    const notional = qty * fv.price;
    const gross = side === 'sell' ? quoteAmount - notional : notional - quoteAmount;
    const expectedProfitUsd = gross - p.estimatedGasUsd - notional * hedgeCost;
    if (expectedProfitUsd < notional * margin) return undefined;
    return { side, qty, avgPrice: quoteAmount / qty / this.quoteUsd, fairValue: fv.price, poolPrice, expectedProfitUsd };
  }

  private act(): void {
    if (this.arbOrderId !== undefined || this.ctx.now() < this.quietUntil) return;
    const o = this.opportunity();
    if (!o) {
      this.restoreInventory();
      return;
    }
    const tolerance = this.params.slippageBps / 1e4;
    const order = this.ctx.submit({
      venue: this.params.poolVenue,
      instrument: this.pool.id,
      asset: this.base.id,
      side: o.side,
      type: 'market',
      qty: o.qty,
      price: o.side === 'buy' ? o.avgPrice * (1 + tolerance) : o.avgPrice * (1 - tolerance),
      tag: 'arb',
      intent: 'arbitrage',
    });
    if (order.status !== 'denied') this.arbOrderId = order.id;
  }

  /**
   * Mints when token inventory (wallet + awaiting delivery) is below its floor and the pool's premium pays
   * the issuer fee plus the carry of the settlement delay and the margin; redeems above the ceiling on a
   * discount, by the same test. The issuer executes at fair value, so this is the other way to offset the
   * pool trades than the broker: it turns shares of exposure back into tokens to sell (or the reverse).
   */
  private restoreInventory(): void {
    const issuer = this.params.issuer;
    if (!issuer || this.issuerOrderId !== undefined || this.reserveBase === 0n) return;
    const fv = this.ctx.fairValue.get(this.params.token);
    if (!fv?.marketOpen || !fv.tradable) return;
    const { portfolio } = this.ctx;
    const inventory = portfolio.position(this.params.poolAccount, this.base.id) + portfolio.position(issuer.pendingAccount, this.base.id);
    const premium = (priceOf(this.reserveBase, this.reserveQuote, this.base.decimals, this.quote.decimals) * this.quoteUsd) / fv.price - 1;
    const hurdle = (issuer.feeBps + issuer.carryBpsPerDay * issuer.settlementDays + this.params.minEdgeBps) / 1e4;
    let side: 'buy' | 'sell' | undefined;
    if (inventory < issuer.inventory.min && premium > hurdle) side = 'buy';
    else if (inventory > issuer.inventory.max && -premium > hurdle) side = 'sell';
    if (!side) return;
    const qty = Math.abs(issuer.inventory.target - inventory);
    if (qty < issuer.minQty) return;
    const order = this.ctx.submit({ venue: issuer.venue, instrument: this.base.id, asset: this.base.id, side, type: 'market', qty, intent: 'arbitrage', tag: side === 'buy' ? 'mint' : 'redeem' });
    if (order.status !== 'denied') this.issuerOrderId = order.id;
  }

  /** Brings net delta back to target at the broker, while it is open. */
  private rebalanceHedge(): void {
    if (this.hedgeOrderId !== undefined) return;
    const fv = this.ctx.fairValue.get(this.params.token);
    if (!fv?.marketOpen) return;
    const excess = this.netDelta() - this.targetDelta;
    if (Math.abs(excess) < this.params.hedge.minQty) return;
    const order = this.ctx.submit({
      venue: this.params.hedge.venue,
      instrument: this.params.hedge.instrument,
      side: excess > 0 ? 'sell' : 'buy',
      type: 'market',
      // Brokers take fractional shares to 1e-9 (Alpaca); rounding here also drops the float dust of the delta sum.
      qty: Math.round(Math.abs(excess) * 1e9) / 1e9,
      tag: 'hedge',
      intent: 'hedge',
    });
    if (order.status !== 'denied') this.hedgeOrderId = order.id;
  }

  /** How many tokens the wallet and the off-hours limit allow on this side. */
  private capacity(side: 'buy' | 'sell', price: number, multiplier: number, hedged: boolean): number {
    const { portfolio } = this.ctx;
    const wallet =
      side === 'sell'
        ? portfolio.position(this.params.poolAccount, this.base.id)
        : portfolio.position(this.params.poolAccount, this.quote.id) / (price * (1 + this.params.slippageBps / 1e4));
    if (hedged) return wallet;
    // Unhedged: the delta this trade adds must stay within the off-hours limit.
    const deltaNow = this.netDelta() - this.targetDelta;
    const room = side === 'sell' ? this.params.offHours.maxUnhedgedShares + deltaNow : this.params.offHours.maxUnhedgedShares - deltaNow;
    return Math.min(wallet, Math.max(0, room) / multiplier);
  }

  private netDelta(): number {
    const fv = this.ctx.fairValue.get(this.params.token);
    const multiplier = fv?.multiplier ?? this.ctx.instruments.tokenizedStock(this.params.token).multiplier;
    return this.ctx.portfolio.netPosition(this.params.token) * multiplier + this.ctx.portfolio.netPosition(this.params.hedge.instrument);
  }

  private toBase(units: bigint): number {
    return fromUnits(units, this.base.decimals);
  }

  private toQuote(units: bigint): number {
    return fromUnits(units, this.quote.decimals);
  }
}
