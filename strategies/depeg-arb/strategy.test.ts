import { getAmountOut } from '../../core/amm/uniswap-v2';
import { TestClock } from '../../core/clock';
import type { Fill, OrderDenied, PoolState } from '../../core/events';
import type { Logger } from '../../core/log';
import { microsFromIso } from '../../core/time';
import { Topics } from '../../core/topics';
import { assembleSimulated } from '../../bots/assemble';
import { runConfigSchema } from '../../bots/config';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

function config(offHours: { mode: 'stand-aside' | 'unhedged'; maxUnhedgedShares: number }) {
  return runConfigSchema.parse({
    name: 'unit',
    data: ['unused.ndjson'],
    instruments: {
      equities: [{ id: 'TSLA', symbol: 'TSLA' }],
      tokens: [{ id: 'USDC', symbol: 'USDC', chain: 'ethereum', decimals: 6, usdPeg: 1 }],
      tokenizedStocks: [{ id: 'TSLAx', symbol: 'TSLAx', chain: 'ethereum', decimals: 18, underlying: 'TSLA', multiplier: 1 }],
      pools: [{ id: POOL, protocol: 'uniswap-v2', chain: 'ethereum', token0: 'TSLAx', token1: 'USDC', feePips: 3000 }],
    },
    venues: {
      pools: [{ venue: 'uniswap-v2:ethereum', chain: 'ethereum', account: 'wallet', baseFeeGwei: 0.9, priorityFeeGwei: 0.1, nativeUsd: 3000 }],
      broker: { slippageBps: 2 },
    },
    accounts: { wallet: { TSLAx: 30, USDC: 20_000 }, broker: { USD: 50_000, TSLA: -30 } },
    risk: {
      global: { maxOrdersPerSecond: 5 },
      assets: { default: { maxOrderNotionalUsd: 10_000, maxPosition: 500 } },
      depegBreaker: { premiumPct: 15, arbMaxNotionalUsd: 8_000 },
      offHours: { unhedged: offHours.mode === 'unhedged' ? { arb: offHours.maxUnhedgedShares } : {} },
    },
    strategies: [
      {
        type: 'depeg-arb',
        id: 'arb',
        params: {
          token: 'TSLAx', pool: POOL, poolVenue: 'uniswap-v2:ethereum', poolAccount: 'wallet',
          hedge: { venue: 'broker', instrument: 'TSLA' }, maxTradeUsd: 8_000, offHours,
        },
      },
    ],
  });
}

/** A kernel with the real simulated venues, fed by hand: a TSLA quote at 250 and a 40 TSLAx / 10,000 USDC pool. */
async function harness(startIso: string, offHours = { mode: 'stand-aside' as const, maxUnhedgedShares: 0 } as { mode: 'stand-aside' | 'unhedged'; maxUnhedgedShares: number }) {
  const start = microsFromIso(startIso);
  const clock = new TestClock(start);
  const parts = assembleSimulated(config(offHours), clock, silent, 'unit.yaml');
  const fills: Fill[] = [];
  const denials: OrderDenied[] = [];
  const states: PoolState[] = [];
  parts.kernel.bus.subscribe<Fill>(Topics.allFills, (f) => fills.push(f));
  parts.kernel.bus.subscribe<OrderDenied>(Topics.allOrders, (e) => e.type === 'order.denied' && denials.push(e));
  parts.kernel.bus.subscribe<PoolState>(Topics.pool(POOL), (e) => e.type === 'pool.state' && states.push({ ...e }));
  let t = start;
  const step = () => {
    t += 1_000_000;
    clock.advanceTo(t);
    return t;
  };
  await parts.kernel.start();
  const quote = (mid: number) => {
    const ts = step();
    parts.kernel.onMarketData({ type: 'equity.quote', tsEvent: ts, tsRecv: ts, symbol: 'TSLA', bid: mid - 0.01, bidSize: 100, ask: mid + 0.01, askSize: 100 });
  };
  let reserves = { r0: 40n * E18, r1: 10_000n * E6 };
  const ts0 = step();
  parts.kernel.onMarketData({ type: 'pool.state', tsEvent: ts0, tsRecv: ts0, pool: POOL, reserve0: reserves.r0, reserve1: reserves.r1 });
  /** Somebody else buys TSLAx with `usdc` (recorded flow). */
  const othersBuy = (usdc: bigint) => {
    const ts = step();
    const out = getAmountOut(usdc, reserves.r1, reserves.r0);
    parts.kernel.onMarketData({ type: 'pool.swap', tsEvent: ts, tsRecv: ts, pool: POOL, amount0In: 0n, amount1In: usdc, amount0Out: out, amount1Out: 0n });
    reserves = { r0: reserves.r0 - out, r1: reserves.r1 + usdc };
  };
  const othersSell = (tsla: bigint) => {
    const ts = step();
    const out = getAmountOut(tsla, reserves.r0, reserves.r1);
    parts.kernel.onMarketData({ type: 'pool.swap', tsEvent: ts, tsRecv: ts, pool: POOL, amount0In: tsla, amount1In: 0n, amount0Out: 0n, amount1Out: out });
    reserves = { r0: reserves.r0 + tsla, r1: reserves.r1 - out };
  };
  const poolPrice = () => {
    const s = states[states.length - 1]!;
    return Number(s.reserve1) / 1e6 / (Number(s.reserve0) / 1e18);
  };
  return { parts, fills, denials, quote, othersBuy, othersSell, poolPrice };
}

// Friday 2026-03-06 10:00 ET (regular session) and Saturday 2026-03-07 11:00 ET (closed).
const OPEN = '2026-03-06T15:00:00Z';
const CLOSED = '2026-03-07T16:00:00Z';

describe('DepegArbStrategy', () => {
  it('stays flat while the pool is within fee + hedge cost + margin of fair value', async () => {
    const h = await harness(OPEN);
    h.quote(250);
    h.othersBuy(25n * E6); // +0.5 % price: under the 0.3 + 0.05 + 0.3 = 0.65 % threshold
    expect(h.poolPrice() / 250 - 1).toBeGreaterThan(0.004);
    h.quote(250);
    expect(h.fills).toHaveLength(0);
  });

  it('sells into a spike above fair value with the optimal size and hedges the fill at the broker', async () => {
    const h = await harness(OPEN);
    h.quote(250);
    h.othersBuy(5_000n * E6); // the pool's price goes to 250 x 1.5^2 = 562
    const [arb, hedge, ...rest] = h.fills;
    expect(rest).toHaveLength(0);
    expect(arb).toMatchObject({ venue: 'uniswap-v2:ethereum', side: 'sell' });
    expect(arb!.price).toBeGreaterThan(250);
    // After the profit-maximising trade the marginal price equals fair value net of the 0.3 % fee.
    expect(h.poolPrice()).toBeGreaterThan(250 * 0.997);
    expect(h.poolPrice()).toBeLessThan(250 * 1.004);
    expect(hedge).toMatchObject({ venue: 'broker', side: 'buy' });
    expect(hedge!.qty).toBeCloseTo(arb!.qty, 9);
    const p = h.parts.portfolio;
    expect(p.netPosition('TSLAx') + p.netPosition('TSLA')).toBeCloseTo(0, 8);
    expect(p.realizedPnl + p.unrealizedPnl() - p.feesPaid - p.gasPaid).toBeGreaterThan(1_000);
  });

  it('buys below fair value', async () => {
    const h = await harness(OPEN);
    h.quote(250);
    h.othersSell(10n * E18);
    expect(h.fills.map((f) => [f.venue, f.side])).toEqual([
      ['uniswap-v2:ethereum', 'buy'],
      ['broker', 'sell'],
    ]);
    expect(h.fills[0]!.price).toBeLessThan(250);
  });

  it('stands aside while the market is closed when so configured', async () => {
    const h = await harness(CLOSED);
    h.quote(250);
    h.othersBuy(5_000n * E6);
    expect(h.fills).toHaveLength(0);
  });

  it('trades unhedged within its off-hours limit when the market is closed', async () => {
    const h = await harness(CLOSED, { mode: 'unhedged', maxUnhedgedShares: 2 });
    h.quote(250);
    h.othersBuy(5_000n * E6);
    expect(h.fills.map((f) => [f.venue, f.side])).toEqual([['uniswap-v2:ethereum', 'sell']]);
    expect(h.fills[0]!.qty).toBeCloseTo(2, 12);
    h.quote(250);
    expect(h.fills).toHaveLength(1);
  });

  it('caps a trade by the risk manager and learns of the denial as an event', async () => {
    const h = await harness(OPEN);
    h.parts.risk.setState('halted', 'test');
    h.quote(250);
    h.othersBuy(5_000n * E6);
    expect(h.fills).toHaveLength(0);
    expect(h.denials.map((d) => d.reason)).toEqual(['TRADING_HALTED']);
  });
});
