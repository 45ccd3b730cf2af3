import type { Fill } from './events';
import { Portfolio } from './portfolio';

function fill(side: 'buy' | 'sell', qty: number, price: number, extra: Partial<Fill> = {}): Fill {
  return {
    type: 'fill', ts: 0, orderId: 'o', strategyId: 's', venue: 'v', asset: 'TSLA', quoteAsset: 'USD', account: 'broker',
    side, qty, price, fee: 0, gasUsd: 0, liquidity: 'taker', ...extra,
  };
}

describe('Portfolio', () => {
  it('realises PnL by average cost, through zero, with fees and gas outside the trade price', () => {
    const p = new Portfolio({ USD: 1 });
    p.deposit('broker', 'USD', 10_000);
    p.applyFill(fill('buy', 10, 100, { fee: 1 }));
    p.applyFill(fill('buy', 10, 110, { fee: 1 }));
    expect(p.position('broker', 'TSLA')).toBe(20);
    p.applyFill(fill('sell', 30, 120, { fee: 2, gasUsd: 0.5 }));
    // closed 20 at avg 105 -> +300, then short 10 opened at 120
    expect(p.realizedPnl).toBeCloseTo(300, 9);
    expect(p.position('broker', 'TSLA')).toBe(-10);
    p.setMark('TSLA', 115);
    expect(p.unrealizedPnl()).toBeCloseTo(50, 9);
    expect(p.feesPaid).toBe(4);
    expect(p.gasPaid).toBe(0.5);
    expect(p.position('broker', 'USD')).toBeCloseTo(10_000 - 1000 - 1 - 1100 - 1 + 3600 - 2, 9);
  });

  it('keeps nav - startNav = realized + unrealized - fees - gas, with holdings costed at their first mark', () => {
    const p = new Portfolio({ USD: 1, USDC: 1 });
    p.deposit('wallet', 'TSLAx', 30);
    p.deposit('wallet', 'USDC', 20_000);
    p.deposit('broker', 'USD', 50_000);
    p.deposit('broker', 'TSLA', -30);
    p.setMark('TSLA', 250);
    p.setMark('TSLAx', 250);
    const startNav = p.nav();
    expect(startNav).toBe(70_000);
    p.applyFill(fill('sell', 12, 600, { asset: 'TSLAx', quoteAsset: 'USDC', account: 'wallet', fee: 21.6, gasUsd: 0.45 }));
    p.applyFill(fill('buy', 12, 250.05, { fee: 0 }));
    p.setMark('TSLA', 251);
    p.setMark('TSLAx', 251);
    const total = p.realizedPnl + p.unrealizedPnl() - p.feesPaid - p.gasPaid;
    expect(p.nav() - startNav).toBeCloseTo(total, 6);
    expect(total).toBeCloseTo(12 * (600 - 250) - 12 * 0.05 - 21.6 - 0.45, 6);
  });

  it('refuses a non-positive mark', () => {
    const p = new Portfolio({ USD: 1 });
    expect(() => p.setMark('TSLA', Number.NaN)).toThrow(expect.objectContaining({ code: 'INVARIANT_VIOLATED' }));
    expect(() => p.setMark('TSLA', -1)).toThrow(/positive/);
  });
});
