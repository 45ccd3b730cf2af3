import { marginView } from './margin';

const config = {
  accounts: ['wallet', 'broker'],
  haircuts: { default: { open: 0.1, closed: 0.4 }, assets: { USDC: { open: 0, closed: 0 } } },
  shortMarginRate: 0.5,
  minMarginRatio: 1.5,
  maintenanceMarginRatio: 1.2,
};

function view(marketOpen: boolean) {
  return marginView(config, {
    positions: [
      { account: 'wallet', asset: 'TSLAx', qty: 100, avgCost: 250 }, // 25,000 of stock tokens
      { account: 'wallet', asset: 'USDC', qty: 5_000, avgCost: undefined },
      { account: 'broker', asset: 'BTC-PERP-SHORT', qty: -1, avgCost: 40_000 }, // a 40,000 short
      { account: 'elsewhere', asset: 'TSLAx', qty: 1_000, avgCost: 250 }, // not in the margin accounts
    ],
    mark: (a) => ({ TSLAx: 250, USDC: 1, 'BTC-PERP-SHORT': 40_000 })[a],
    isCash: (a) => a === 'USDC',
    marketOpen: () => marketOpen,
  });
}

describe('marginView', () => {
  it('counts stock tokens with a 10 % haircut while their market is open', () => {
    const v = view(true);
    expect(v.equity).toBeCloseTo(25_000 * 0.9 + 5_000 - 40_000, 9);
    expect(v.requirement).toBe(20_000);
  });

  it('widens the haircut to 40 % while the market is closed, cutting the margin ratio', () => {
    const open = view(true);
    const closed = view(false);
    expect(closed.equity).toBeCloseTo(25_000 * 0.6 + 5_000 - 40_000, 9);
    expect(closed.ratio).toBeLessThan(open.ratio);
  });
});
