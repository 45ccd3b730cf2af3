/** Instrument ids of the synthetic recording; a run config names the same ids (examples/depeg-arb.yaml). */
export const SYNTH_IDS = {
  equity: 'TSLA',
  /** 18 decimals, multiplier 1.0. */
  token: 'TSLAx@ethereum',
  /** 6 decimals. */
  usdc: 'USDC@ethereum',
  /** token0 = TSLAx, token1 = USDC, fee 0.3 %. */
  pool: 'uniswap-v2:ethereum:TSLAx-USDC',
  /** TSLAx against USD on a CEX that lists xStocks 24/7. */
  cex: 'kraken:TSLAx/USD',
} as const;

export const TSLAX_DECIMALS = 18;
export const USDC_DECIMALS = 6;
export const POOL_FEE_PIPS = 3000n;
