import type { UsEquityCalendar } from '../../core/calendar/us-equity';
import type { Clock } from '../../core/clock';
import { InvariantError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import type { ExecutionClient, ExecutionSink, MarketDataListener } from '../../core/execution';
import type { FairValueView } from '../../core/fair-value';
import type { ChainAsset } from '../../core/instruments';
import type { Order } from '../../core/orders';
import { fromUnits, toUnitsFloor } from '../../core/units';
import type { SimWallets } from './wallets';

export interface SimMintRedeemConfig {
  /** Venue id orders name, e.g. `issuer:xstocks`. */
  venue: string;
  /** The wallet that pays for mints and receives redemptions' cash. */
  walletAccount: string;
  /** Where executed orders wait for settlement (counted in the book: they are ours, not yet delivered). */
  pendingAccount: string;
  /** Issuer fee, bps of the notional at fair value. */
  feeBps: number;
  /** Smallest order, tokens. */
  minQty: number;
  /** Delivery after execution, in trading days (T+n), at that day's regular open. */
  settlementDays: number;
}

interface Settlement {
  due: number;
  order: Order;
  token: ChainAsset;
  cash: ChainAsset;
  /** Units delivered into the wallet at settlement: tokens for a mint, cash for a redemption. */
  deliver: { asset: ChainAsset; units: bigint };
}

/**
 * The issuer's primary market for one or more tokenized stocks: mint (a buy: pay cash, receive tokens) and
 * redeem (a sell: give tokens, receive cash) at fair value plus or minus the issuer fee. Orders execute
 * only while the underlying's regular session is open and the token is tradable (otherwise they wait for
 * the first quote after the next open), and settle `settlementDays` trading days later at the open. Until
 * then the proceeds sit in `pendingAccount`: part of the book, but not in the wallet to trade with.
 */
export class SimMintRedeemVenue implements ExecutionClient, MarketDataListener {
  readonly venue: string;
  private sink: ExecutionSink | undefined;
  private readonly waiting: Order[] = [];
  private readonly settlements: Settlement[] = [];

  constructor(
    private readonly config: SimMintRedeemConfig,
    private readonly tokens: ReadonlyMap<string, { token: ChainAsset; cash: ChainAsset }>,
    private readonly deps: { wallets: SimWallets; fairValue: FairValueView; calendar: UsEquityCalendar; clock: Clock },
  ) {
    this.venue = config.venue;
  }

  bind(sink: ExecutionSink): void {
    this.sink = sink;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  onMarketData(event: MarketDataEvent): boolean {
    if (event.type === 'equity.quote' && this.waiting.length > 0) {
      for (const order of this.waiting.splice(0)) this.execute(order);
    }
    return false;
  }

  submit(order: Order): void {
    const r = order.request;
    const sink = this.requireSink();
    const listing = this.tokens.get(r.asset ?? r.instrument);
    const reject = (reason: string) =>
      sink.orderEvent({ type: 'order', ts: this.deps.clock.now(), orderId: order.id, strategyId: order.strategyId, status: 'rejected', reason });
    if (!listing) return reject(`the issuer does not list ${r.asset ?? r.instrument}`);
    if (r.type !== 'market') return reject('the issuer takes market orders: mint or redeem at fair value');
    if (r.qty < this.config.minQty) return reject(`below the issuer's minimum of ${this.config.minQty} tokens`);
    sink.orderEvent({ type: 'order', ts: this.deps.clock.now(), orderId: order.id, strategyId: order.strategyId, status: 'accepted' });
    this.execute(order);
  }

  cancel(order: Order): void {
    const at = this.waiting.indexOf(order);
    if (at < 0) return; // executed orders cannot be cancelled
    this.waiting.splice(at, 1);
    this.requireSink().orderEvent({ type: 'order', ts: this.deps.clock.now(), orderId: order.id, strategyId: order.strategyId, status: 'cancelled' });
  }

  /** Executes at fair value if the issuer can now, else waits for the next quote in a tradable session. */
  private execute(order: Order): void {
    const r = order.request;
    const { token, cash } = this.tokens.get(r.asset ?? r.instrument)!;
    const fv = this.deps.fairValue.get(token.id);
    if (!fv || !fv.marketOpen || !fv.tradable) {
      this.waiting.push(order);
      return;
    }
    const sink = this.requireSink();
    const now = this.deps.clock.now();
    const { wallets } = this.deps;
    const { walletAccount, pendingAccount } = this.config;
    const tokenUnits = toUnitsFloor(r.qty, token.decimals);
    const qty = fromUnits(tokenUnits, token.decimals);
    const notional = qty * fv.price;
    const fee = (notional * this.config.feeBps) / 10_000;
    const mint = r.side === 'buy';
    // Cash rounds against us at the edge: a mint pays up to the unit, a redemption receives down to it.
    const cashUnits = mint ? ceilUnits(notional + fee, cash.decimals) : toUnitsFloor(notional - fee, cash.decimals);
    const [payAsset, payUnits] = mint ? [cash, cashUnits] : [token, tokenUnits];
    if (wallets.balance(walletAccount, payAsset.id) < payUnits) {
      sink.orderEvent({ type: 'order', ts: now, orderId: order.id, strategyId: order.strategyId, status: 'rejected', reason: `insufficient ${payAsset.id} to ${mint ? 'mint' : 'redeem'}` });
      return;
    }
    wallets.move(walletAccount, payAsset.id, -payUnits);
    sink.transfer({ type: 'transfer', ts: now, fromAccount: walletAccount, toAccount: pendingAccount, asset: payAsset.id, qty: fromUnits(payUnits, payAsset.decimals), reason: `${mint ? 'mint' : 'redeem'} ${order.id}: paid to the issuer` });
    sink.fill({
      type: 'fill', ts: now, orderId: order.id, strategyId: order.strategyId, venue: this.venue, asset: token.id, quoteAsset: cash.id, account: pendingAccount,
      side: r.side, qty, price: fv.price, fee: mint ? fromUnits(cashUnits, cash.decimals) - notional : notional - fromUnits(cashUnits, cash.decimals), gasUsd: 0, liquidity: 'taker',
    });
    const settleDate = this.deps.calendar.tradingDaysAfter(this.deps.calendar.etDate(now), this.config.settlementDays);
    const due = this.deps.calendar.regularHours(settleDate)!.open;
    this.settlements.push({ due, order, token, cash, deliver: mint ? { asset: token, units: tokenUnits } : { asset: cash, units: cashUnits } });
    this.deps.clock.setTimer(`${this.venue}:settle:${order.id}`, due, () => this.settle(order.id));
  }

  private settle(orderId: string): void {
    const at = this.settlements.findIndex((s) => s.order.id === orderId);
    if (at < 0) throw new InvariantError(`no settlement for ${orderId}`);
    const [s] = this.settlements.splice(at, 1) as [Settlement];
    this.deps.wallets.move(this.config.walletAccount, s.deliver.asset.id, s.deliver.units);
    this.requireSink().transfer({
      type: 'transfer', ts: this.deps.clock.now(), fromAccount: this.config.pendingAccount, toAccount: this.config.walletAccount, asset: s.deliver.asset.id,
      qty: fromUnits(s.deliver.units, s.deliver.asset.decimals), reason: `${s.order.request.side === 'buy' ? 'mint' : 'redemption'} ${orderId} settled`,
    });
  }

  private requireSink(): ExecutionSink {
    if (!this.sink) throw new InvariantError(`venue ${this.venue} is not bound to a kernel`);
    return this.sink;
  }
}

function ceilUnits(amount: number, decimals: number): bigint {
  const floor = toUnitsFloor(amount, decimals);
  return fromUnits(floor, decimals) < amount ? floor + 1n : floor;
}
