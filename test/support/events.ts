import type { MarketDataEvent, MarketDataType } from '../../core/events';

/** 2024-06-05 13:30:00.000123 UTC, the US open, in µs. */
export const T0 = 1_717_594_200_000_123;
const POOL = 'uniswap-v2:ethereum:TSLAx-USDC';

/** One event of every type, with amounts above 2^64 (18446744073709551616) where the type has bigints. */
export const ONE_OF_EACH: Record<MarketDataType, MarketDataEvent> = {
  'equity.quote': { type: 'equity.quote', tsEvent: T0, tsRecv: T0 + 850, symbol: 'TSLA', bid: 178.31, bidSize: 300, ask: 178.33, askSize: 200 },
  'cex.quote': { type: 'cex.quote', tsEvent: T0 + 1_000, tsRecv: T0 + 41_000, market: 'kraken:TSLAx/USD', bid: 178.1, bidSize: 12.5, ask: 178.6, askSize: 3.25 },
  'cex.trade': { type: 'cex.trade', tsEvent: T0 + 2_000, tsRecv: T0 + 42_500, market: 'kraken:TSLAx/USD', price: 178.4, size: 0.75, side: 'sell' },
  'cex.book': {
    type: 'cex.book',
    tsEvent: T0 + 3_000,
    tsRecv: T0 + 43_100,
    market: 'kraken:TSLAx/USD',
    snapshot: false,
    firstSeq: 48_211_007,
    lastSeq: 48_211_019,
    bids: [[178.1, 12.5], [178.05, 40]],
    asks: [[178.6, 3.25], [178.75, 0.5]],
  },
  'pool.state': { type: 'pool.state', tsEvent: T0 + 12_000_000, tsRecv: T0 + 12_150_000, pool: POOL, reserve0: 123_456_789_012_345_678_901_234n, reserve1: 22_013_456_789n },
  'pool.swap': {
    type: 'pool.swap',
    tsEvent: T0 + 12_000_000,
    tsRecv: T0 + 12_150_000,
    pool: POOL,
    amount0In: 0n,
    amount1In: 2_483_000_000n,
    amount0Out: 99_876_543_210_987_654_321n,
    amount1Out: 0n,
  },
  'pool.liquidity': { type: 'pool.liquidity', tsEvent: T0 + 24_000_000, tsRecv: T0 + 24_200_000, pool: POOL, amount0: -5_000_000_000_000_000_000_000n, amount1: -891_500_000_000n },
  'pool.v3.swap': {
    type: 'pool.v3.swap', tsEvent: T0, tsRecv: T0 + 900_000, pool: 'uniswap-v3:ethereum:USDC-WETH-3000',
    amount0: -4_009_416_115n, amount1: 1_773_000_000_000_000_000n, sqrtPriceX96: 1_835_256_658_823_455_418_233_541_207_474_372n, liquidity: 16_718_829_371_547_208_871n, tick: 197_634,
  },
  'pool.v3.mint': {
    type: 'pool.v3.mint', tsEvent: T0, tsRecv: T0 + 900_000, pool: 'uniswap-v3:ethereum:USDC-WETH-3000',
    tickLower: 196_080, tickUpper: 199_020, liquidity: 18_446_744_073_709_551_617n, amount0: 1_000_000_000n, amount1: 250_000_000_000_000_000n,
  },
  'pool.v3.burn': {
    type: 'pool.v3.burn', tsEvent: T0, tsRecv: T0 + 900_000, pool: 'uniswap-v3:ethereum:USDC-WETH-3000',
    tickLower: -60, tickUpper: 60, liquidity: 5n, amount0: 0n, amount1: 1n,
  },
  'pool.v3.collect': {
    type: 'pool.v3.collect', tsEvent: T0, tsRecv: T0 + 900_000, pool: 'uniswap-v3:ethereum:USDC-WETH-3000', tickLower: 196_080, tickUpper: 199_020, amount0: 12_345n, amount1: 0n,
  },
  'pool.v3.state': {
    type: 'pool.v3.state', tsEvent: T0, tsRecv: T0 + 900_000, pool: 'uniswap-v3:ethereum:USDC-WETH-3000',
    sqrtPriceX96: 1_835_256_658_823_455_418_233_541_207_474_372n, tick: 197_634, liquidity: 16_718_829_371_547_208_871n,
  },
  'chain.gas': { type: 'chain.gas', tsEvent: T0 + 12_000_000, tsRecv: T0 + 12_100_000, chain: 'ethereum', baseFeeGwei: 23.417 },
  'market.status': { type: 'market.status', tsEvent: T0 + 60_000_000, tsRecv: T0 + 60_000_400, symbol: 'TSLA', status: 'halted' },
  'corporate.action': { type: 'corporate.action', tsEvent: T0, tsRecv: T0 + 5, token: 'TSLAx@ethereum', newMultiplier: 1.0042, activation: T0 + 86_400_000_000 },
};
