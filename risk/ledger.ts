import type { Fill } from '../core/events';

/**
 * Positions and PnL of one slice of the book (a strategy, a venue), starting from nothing. PnL is the
 * value of what the slice holds at the marks plus what it paid and received: NAV change of a sub-account.
 */
export class Ledger {
  private readonly positions = new Map<string, number>();
  private cashUsd = 0;

  applyFill(fill: Fill, quoteUsd: number): void {
    const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
    this.positions.set(fill.asset, (this.positions.get(fill.asset) ?? 0) + signed);
    this.cashUsd -= (signed * fill.price + fill.fee) * quoteUsd + fill.gasUsd;
  }

  payGas(usd: number): void {
    this.cashUsd -= usd;
  }

  position(asset: string): number {
    return this.positions.get(asset) ?? 0;
  }

  assets(): IterableIterator<string> {
    return this.positions.keys();
  }

  /** PnL at the marks; an asset without a mark counts at zero value. */
  pnl(mark: (asset: string) => number | undefined): number {
    let value = this.cashUsd;
    for (const [asset, qty] of this.positions) value += qty * (mark(asset) ?? 0);
    return value;
  }
}
