import { InvariantError } from './errors';
import type { Fill } from './events';

/** One asset held in one account (a chain wallet, a broker account, a CEX account). */
export interface Position {
  readonly account: string;
  readonly asset: string;
  /** Signed quantity in whole units (shares, tokens); negative is short. */
  readonly qty: number;
  /** Average cost per unit in USD of the open quantity; undefined until the asset has been marked. */
  readonly avgCost: number | undefined;
}

/** What strategies and the risk manager may read. */
export interface PortfolioView {
  position(account: string, asset: string): number;
  /** Sum over accounts of one asset. */
  netPosition(asset: string): number;
  positions(): readonly Position[];
  /** Latest USD mark of an asset, if any. */
  mark(asset: string): number | undefined;
  /** Net asset value in USD at the latest marks, after fees and gas. */
  nav(): number;
  readonly realizedPnl: number;
  unrealizedPnl(): number;
  readonly feesPaid: number;
  readonly gasPaid: number;
}

interface MutablePosition {
  account: string;
  asset: string;
  qty: number;
  avgCost: number | undefined;
}

/**
 * Balances and PnL by average cost. Cash assets (USD, USDC) carry no PnL and are marked at their peg.
 * Holdings given at the start take the first mark as their cost, so PnL counts from the start of the run.
 *
 * Identity kept (and tested): nav() - startNav = realizedPnl + unrealizedPnl() - feesPaid - gasPaid.
 */
export class Portfolio implements PortfolioView {
  private readonly byKey = new Map<string, MutablePosition>();
  private readonly marks = new Map<string, number>();
  private readonly cashAssets: ReadonlySet<string>;
  private _realized = 0;
  private _fees = 0;
  private _gas = 0;

  /** @param cashPegs assets treated as cash, with their USD value (USD: 1, USDC: 1). */
  constructor(cashPegs: Record<string, number>) {
    this.cashAssets = new Set(Object.keys(cashPegs));
    for (const [asset, peg] of Object.entries(cashPegs)) this.marks.set(asset, peg);
  }

  get realizedPnl(): number {
    return this._realized;
  }

  get feesPaid(): number {
    return this._fees;
  }

  get gasPaid(): number {
    return this._gas;
  }

  /** Sets a starting balance. Must happen before trading; cost is taken from the first mark. */
  deposit(account: string, asset: string, qty: number): void {
    const p = this.slot(account, asset);
    p.qty += qty;
    if (!this.cashAssets.has(asset)) p.avgCost = this.marks.get(asset);
  }

  setMark(asset: string, price: number): void {
    if (!(price > 0) || !Number.isFinite(price)) throw new InvariantError(`mark for ${asset} must be a positive number`, { asset, price });
    this.marks.set(asset, price);
    for (const p of this.byKey.values()) {
      if (p.asset === asset && p.avgCost === undefined) p.avgCost = price;
    }
  }

  mark(asset: string): number | undefined {
    return this.marks.get(asset);
  }

  applyFill(fill: Fill): void {
    const signedQty = fill.side === 'buy' ? fill.qty : -fill.qty;
    const cash = this.slot(fill.account, fill.quoteAsset);
    cash.qty -= signedQty * fill.price + fill.fee;
    this._fees += fill.fee * (this.marks.get(fill.quoteAsset) ?? 1);
    this._gas += fill.gasUsd;
    this.trade(this.slot(fill.account, fill.asset), signedQty, fill.price);
  }

  /** Gas paid by a transaction that did not trade (it reverted). */
  payGas(usd: number): void {
    if (!(usd >= 0)) throw new InvariantError('gas must be >= 0', { usd });
    this._gas += usd;
  }

  /** Moves units between accounts; the destination's cost becomes the quantity-weighted average. */
  transfer(fromAccount: string, toAccount: string, asset: string, qty: number): void {
    if (!(qty > 0)) throw new InvariantError(`transfer of ${asset} must be a positive quantity`, { qty });
    const from = this.slot(fromAccount, asset);
    const to = this.slot(toAccount, asset);
    const cost = from.avgCost;
    from.qty -= qty;
    if (Math.abs(from.qty) < 1e-12) from.qty = 0;
    if (this.cashAssets.has(asset) || cost === undefined) {
      to.qty += qty;
      return;
    }
    to.avgCost = to.qty === 0 || to.avgCost === undefined ? cost : (to.qty * to.avgCost + qty * cost) / (to.qty + qty);
    to.qty += qty;
  }

  position(account: string, asset: string): number {
    return this.byKey.get(key(account, asset))?.qty ?? 0;
  }

  netPosition(asset: string): number {
    let total = 0;
    for (const p of this.byKey.values()) if (p.asset === asset) total += p.qty;
    return total;
  }

  positions(): readonly Position[] {
    return [...this.byKey.values()].map((p) => ({ ...p }));
  }

  unrealizedPnl(): number {
    let total = 0;
    for (const p of this.byKey.values()) {
      if (this.cashAssets.has(p.asset) || p.qty === 0 || p.avgCost === undefined) continue;
      const mark = this.marks.get(p.asset);
      if (mark !== undefined) total += p.qty * (mark - p.avgCost);
    }
    return total;
  }

  nav(): number {
    let total = -this._gas;
    for (const p of this.byKey.values()) {
      const mark = this.marks.get(p.asset) ?? p.avgCost;
      if (mark !== undefined) total += p.qty * mark;
    }
    return total;
  }

  /** Average-cost accounting: a trade that reduces a position realises PnL on the reduced part. */
  private trade(p: MutablePosition, signedQty: number, price: number): void {
    const cost = p.avgCost ?? price;
    if (p.qty === 0 || Math.sign(p.qty) === Math.sign(signedQty)) {
      p.avgCost = (p.qty * cost + signedQty * price) / (p.qty + signedQty);
      p.qty += signedQty;
      return;
    }
    const closing = Math.min(Math.abs(signedQty), Math.abs(p.qty));
    this._realized += closing * (price - cost) * Math.sign(p.qty);
    const remaining = p.qty + signedQty;
    // Crossing through zero opens the rest at the trade price; landing on (float) zero leaves no cost.
    p.avgCost = Math.sign(remaining) === Math.sign(p.qty) ? cost : price;
    p.qty = Math.abs(remaining) < 1e-12 ? 0 : remaining;
  }

  private slot(account: string, asset: string): MutablePosition {
    const k = key(account, asset);
    let p = this.byKey.get(k);
    if (!p) this.byKey.set(k, (p = { account, asset, qty: 0, avgCost: undefined }));
    return p;
  }
}

function key(account: string, asset: string): string {
  return `${account}\u0000${asset}`;
}
