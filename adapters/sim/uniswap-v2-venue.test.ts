import type { PoolState } from '../../core/events';
import { getAmountOut } from '../../core/amm/uniswap-v2';
import { InstrumentRegistry } from '../../core/instruments';
import { RecordingSink } from '../../test/support/recording-sink';
import { Order, type OrderRequest } from '../../core/orders';
import { Eip1559GasModel } from './gas';
import { SimUniswapV2Venue } from './uniswap-v2-venue';
import { TestClock } from '../../core/clock';
import { SimWallets } from './wallets';

const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

function setUp(latencyUs = 0) {
  const clock = new TestClock(0);
  const instruments = new InstrumentRegistry([
    { kind: 'tokenized-stock', id: 'TSLAx', symbol: 'TSLAx', chain: 'ethereum', decimals: 18, underlying: 'TSLA', multiplier: 1 },
    { kind: 'token', id: 'USDC', symbol: 'USDC', chain: 'ethereum', decimals: 6, usdPeg: 1 },
    { kind: 'pool', id: POOL, protocol: 'uniswap-v2', chain: 'ethereum', token0: 'TSLAx', token1: 'USDC', feePips: 3000 },
  ]);
  const wallets = new SimWallets();
  wallets.move('wallet', 'TSLAx', 30n * E18);
  wallets.move('wallet', 'USDC', 20_000n * E6);
  const venue = new SimUniswapV2Venue(
    { venue: 'v2', chain: 'ethereum', account: 'wallet', swapGasUnits: 150_000, revertGasUnits: 40_000, latencyUs, gas: new Eip1559GasModel({ baseFeeGwei: 0.9, priorityFeeGwei: 0.1, nativeUsd: 3000 }), wallets },
    instruments,
    clock,
  );
  const sink = new RecordingSink();
  const { fills, events, published, expenses } = sink;
  venue.bind(sink);
  const send = (r: Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'qty'>) => {
    const order = new Order(`o${fills.length + events.length}`, 's', { venue: 'v2', instrument: POOL, asset: 'TSLAx', type: 'market', ...r }, 0);
    order.transition('submitted');
    venue.submit(order);
    return order;
  };
  const state = (r0: bigint, r1: bigint): PoolState => ({ type: 'pool.state', tsEvent: 0, tsRecv: 0, pool: POOL, reserve0: r0, reserve1: r1 });
  return { venue, fills, events, published, expenses, send, state, clock };
}

describe('SimUniswapV2Venue', () => {
  it('replays recorded swaps by their input on its own reserves and publishes its own pool state', () => {
    const { venue, published, state } = setUp();
    expect(venue.onMarketData(state(40n * E18, 10_000n * E6))).toBe(true);
    const out = getAmountOut(500n * E6, 10_000n * E6, 40n * E18);
    venue.onMarketData({ type: 'pool.swap', tsEvent: 1, tsRecv: 1, pool: POOL, amount0In: 0n, amount1In: 500n * E6, amount0Out: out, amount1Out: 0n });
    expect(venue.reserves(POOL)).toEqual({ reserve0: 40n * E18 - out, reserve1: 10_500n * E6 });
    // The recorded Sync after it agrees, and is not passed on a second time.
    expect(venue.onMarketData(state(40n * E18 - out, 10_500n * E6))).toBe(true);
    expect(published.map((e) => e.type)).toEqual(['pool.state', 'pool.swap', 'pool.state']);
  });

  it('stops the run when a recorded state contradicts the replayed swaps (corrupt data)', () => {
    const { venue, state } = setUp();
    venue.onMarketData(state(40n * E18, 10_000n * E6));
    expect(() => venue.onMarketData(state(40n * E18, 10_001n * E6))).toThrow(expect.objectContaining({ code: 'INVARIANT_VIOLATED' }));
  });

  it('sells exact-in with the pair math, reports the price net of the fee, the fee and the gas', () => {
    const { venue, fills, state, send } = setUp();
    venue.onMarketData(state(40n * E18, 10_000n * E6));
    send({ side: 'sell', qty: 2 });
    const proceeds = getAmountOut(2n * E18, 40n * E18, 10_000n * E6); // floor(2e18*997*10,000e6 / (40e18*1000 + 2e18*997)) = 474.829737 USDC
    expect(proceeds).toBe(474_829_737n);
    const f = fills[0]!;
    expect(f.qty * f.price - f.fee).toBeCloseTo(474.829737, 6); // the cash that arrived
    expect(f.fee).toBeCloseTo((474.829737 * 0.003) / 0.997, 9);
    expect(f.gasUsd).toBeCloseTo(0.45, 12); // 150k gas x 1 gwei x $3,000
    expect(venue.balance('USDC')).toBe(20_000n * E6 + proceeds);
    expect(venue.balance('TSLAx')).toBe(28n * E18);
  });

  it('rejects past the limit price, beyond the balance, and non-market orders, leaving reserves untouched', () => {
    const { venue, events, state, send } = setUp();
    venue.onMarketData(state(40n * E18, 10_000n * E6));
    send({ side: 'sell', qty: 2, price: 240 });
    send({ side: 'sell', qty: 31 });
    send({ side: 'buy', qty: 1, type: 'limit', price: 300 });
    expect(events.map((e) => e.reason)).toEqual([
      expect.stringMatching(/^slippage: average price 237\.414868\d* beyond limit 240$/),
      'insufficient TSLAx balance',
      'a V2 pool takes market swaps only',
    ]);
    expect(venue.reserves(POOL)).toEqual({ reserve0: 40n * E18, reserve1: 10_000n * E6 });
  });

  it('prices its swaps at the base fee of the latest chain.gas event of its chain', () => {
    const { venue, fills, send, state } = setUp();
    venue.onMarketData(state(40n * E18, 10_000n * E6));
    venue.onMarketData({ type: 'chain.gas', tsEvent: 0, tsRecv: 0, chain: 'base', baseFeeGwei: 500 }); // another chain
    venue.onMarketData({ type: 'chain.gas', tsEvent: 0, tsRecv: 0, chain: 'ethereum', baseFeeGwei: 9.9 });
    send({ side: 'sell', qty: 1 });
    expect(fills[0]!.gasUsd).toBeCloseTo(150_000 * 10e-9 * 3000, 9); // (9.9 + 0.1 tip) gwei: 4.50 USD
  });

  it('with latency, lands on the reserves of then: a swap whose limit others moved past reverts and pays gas', () => {
    const { venue, fills, events, expenses, send, state, clock } = setUp(2_000_000); // 2 s to inclusion
    venue.onMarketData(state(40n * E18, 10_000n * E6));
    const ok = send({ side: 'sell', qty: 1, price: 200 });
    const late = send({ side: 'sell', qty: 1, price: 235 });
    expect(events.map((e) => e.status)).toEqual(['accepted', 'accepted']);
    // Before they land, somebody sells 3 TSLAx: the price drops about 14 %.
    clock.advanceTo(1_000_000);
    const out = getAmountOut(3n * E18, 40n * E18, 10_000n * E6);
    venue.onMarketData({ type: 'pool.swap', tsEvent: 1, tsRecv: 1, pool: POOL, amount0In: 3n * E18, amount1In: 0n, amount0Out: 0n, amount1Out: out });
    clock.advanceTo(2_000_000);
    expect(fills.map((f) => f.orderId)).toEqual([ok.id]);
    expect(events.at(-1)).toMatchObject({ orderId: late.id, status: 'rejected', reason: expect.stringMatching(/^reverted on chain: slippage/) });
    expect(expenses).toMatchObject([{ orderId: late.id, gasUsd: 40_000 * 1e-9 * 3000 }]);
  });
});

describe('Eip1559GasModel', () => {
  it('prices gas at min(maxFee, baseFee + tip) and follows the chain base fee', () => {
    const gas = new Eip1559GasModel({ baseFeeGwei: 20, priorityFeeGwei: 2, maxFeeGwei: 30, nativeUsd: 3000 });
    expect(gas.costUsd(100_000)).toBeCloseTo(100_000 * 22e-9 * 3000, 9); // 6.60 USD
    gas.observeBaseFee(45);
    expect(gas.effectiveGasPriceGwei()).toBe(30);
    expect(gas.costUsd(100_000)).toBeCloseTo(9, 9);
  });
});
