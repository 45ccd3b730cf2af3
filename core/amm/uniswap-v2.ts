import { BaseError } from '../errors';

/**
 * Uniswap V2 integer math, bit for bit as UniswapV2Library, UniswapV2Pair and
 * UniswapV2LiquidityMathLibrary compute it, generalised from the 0.3 % fee (997/1000) to a fee in
 * millionths (`feePips`; 3000 gives exactly the contract's results, since 997000/1000000 = 997/1000 and
 * every division is a floor of the same fraction).
 */

const PIPS = 1_000_000n;
export const DEFAULT_FEE_PIPS = 3000n;

export type V2ErrorCode = 'AMM_INSUFFICIENT_INPUT_AMOUNT' | 'AMM_INSUFFICIENT_OUTPUT_AMOUNT' | 'AMM_INSUFFICIENT_LIQUIDITY' | 'AMM_K';

/** A require() of the V2 contracts that would have reverted. */
export class UniswapV2Error extends BaseError {
  constructor(code: V2ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}

/** UniswapV2Library.getAmountOut: output for an exact input, floored. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feePips: bigint = DEFAULT_FEE_PIPS): bigint {
  if (amountIn <= 0n) throw new UniswapV2Error('AMM_INSUFFICIENT_INPUT_AMOUNT', 'UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT');
  requireLiquidity(reserveIn, reserveOut);
  const amountInWithFee = amountIn * (PIPS - feePips);
  return (amountInWithFee * reserveOut) / (reserveIn * PIPS + amountInWithFee);
}

/** UniswapV2Library.getAmountIn: least input for an exact output (floor + 1, as the library rounds up). */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feePips: bigint = DEFAULT_FEE_PIPS): bigint {
  if (amountOut <= 0n) throw new UniswapV2Error('AMM_INSUFFICIENT_OUTPUT_AMOUNT', 'UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT');
  requireLiquidity(reserveIn, reserveOut);
  // The library would underflow (revert) here; the pair itself requires amountOut < reserve.
  if (amountOut >= reserveOut) throw new UniswapV2Error('AMM_INSUFFICIENT_LIQUIDITY', 'UniswapV2: INSUFFICIENT_LIQUIDITY', { amountOut, reserveOut });
  return (reserveIn * amountOut * PIPS) / ((reserveOut - amountOut) * (PIPS - feePips)) + 1n;
}

export interface V2Swap {
  amount0In: bigint;
  amount1In: bigint;
  amount0Out: bigint;
  amount1Out: bigint;
}

/**
 * UniswapV2Pair.swap's checks on a swap given by its four amounts; returns the reserves after it. Throws
 * where the pair reverts: no output, output not below the reserves, no input, or the fee-adjusted K check
 * `balance0Adj * balance1Adj >= reserve0 * reserve1 * 1e6^2` failing.
 */
export function applySwap(reserve0: bigint, reserve1: bigint, swap: V2Swap, feePips: bigint = DEFAULT_FEE_PIPS): { reserve0: bigint; reserve1: bigint } {
  const { amount0In, amount1In, amount0Out, amount1Out } = swap;
  if (amount0Out < 0n || amount1Out < 0n || amount0In < 0n || amount1In < 0n) {
    throw new UniswapV2Error('AMM_INSUFFICIENT_OUTPUT_AMOUNT', 'negative swap amount', { swap });
  }
  if (amount0Out === 0n && amount1Out === 0n) throw new UniswapV2Error('AMM_INSUFFICIENT_OUTPUT_AMOUNT', 'UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT');
  if (amount0Out >= reserve0 || amount1Out >= reserve1) throw new UniswapV2Error('AMM_INSUFFICIENT_LIQUIDITY', 'UniswapV2: INSUFFICIENT_LIQUIDITY');
  if (amount0In === 0n && amount1In === 0n) throw new UniswapV2Error('AMM_INSUFFICIENT_INPUT_AMOUNT', 'UniswapV2: INSUFFICIENT_INPUT_AMOUNT');
  const balance0 = reserve0 + amount0In - amount0Out;
  const balance1 = reserve1 + amount1In - amount1Out;
  const balance0Adjusted = balance0 * PIPS - amount0In * feePips;
  const balance1Adjusted = balance1 * PIPS - amount1In * feePips;
  if (balance0Adjusted * balance1Adjusted < reserve0 * reserve1 * PIPS * PIPS) throw new UniswapV2Error('AMM_K', 'UniswapV2: K', { swap });
  return { reserve0: balance0, reserve1: balance1 };
}

/** Babylonian.sqrt of @uniswap/lib: the floor of the square root. */
export function sqrtFloor(y: bigint): bigint {
  if (y < 0n) throw new RangeError('square root of a negative number');
  if (y < 4n) return y === 0n ? 0n : 1n;
  let z = y;
  let x = y / 2n + 1n;
  while (x < z) {
    z = x;
    x = (y / x + x) / 2n;
  }
  return z;
}

/**
 * UniswapV2LiquidityMathLibrary.computeProfitMaximizingTrade. The "true prices" are the library's: the
 * ratio `truePriceTokenA : truePriceTokenB` is the ratio of reserves (A units per B unit) at which the
 * pool would be fairly priced; `truePricesFromUsd` builds them from USD values. Returns the direction
 * (true: sell A into the pool) and the input amount that moves the pool to the price where one more unit
 * traded earns nothing after the fee; 0 when no trade pays.
 */
export function computeProfitMaximizingTrade(
  truePriceTokenA: bigint,
  truePriceTokenB: bigint,
  reserveA: bigint,
  reserveB: bigint,
  feePips: bigint = DEFAULT_FEE_PIPS,
): { aToB: boolean; amountIn: bigint } {
  requireLiquidity(reserveA, reserveB);
  const aToB = (reserveA * truePriceTokenB) / reserveB < truePriceTokenA;
  const invariant = reserveA * reserveB;
  const leftSide = sqrtFloor((invariant * PIPS * (aToB ? truePriceTokenA : truePriceTokenB)) / ((aToB ? truePriceTokenB : truePriceTokenA) * (PIPS - feePips)));
  const rightSide = ((aToB ? reserveA : reserveB) * PIPS) / (PIPS - feePips);
  if (leftSide < rightSide) return { aToB: false, amountIn: 0n };
  return { aToB, amountIn: leftSide - rightSide };
}

/** Fixed-point scale of the USD values handed to `truePricesFromUsd`: 12 decimal digits. */
const USD_SCALE = 1_000_000_000_000;

/**
 * The library's true-price pair from USD values per whole token. At fair value reserveA * usdA/10^decA =
 * reserveB * usdB/10^decB, so A units per B unit = (usdB * 10^decA) : (usdA * 10^decB). Each USD value is
 * rounded to the nearest 1e-12 USD (Math.round, half up): far below any price tick, and explicit.
 */
export function truePricesFromUsd(usdPerTokenA: number, decimalsA: number, usdPerTokenB: number, decimalsB: number): { truePriceTokenA: bigint; truePriceTokenB: bigint } {
  if (!(usdPerTokenA > 0 && usdPerTokenB > 0)) throw new RangeError('USD values must be positive');
  const a = BigInt(Math.round(usdPerTokenA * USD_SCALE));
  const b = BigInt(Math.round(usdPerTokenB * USD_SCALE));
  return { truePriceTokenA: b * 10n ** BigInt(decimalsA), truePriceTokenB: a * 10n ** BigInt(decimalsB) };
}

/** Spot price of token0 in token1 from reserves, as a number (display and strategy use only). */
export function priceOf(reserve0: bigint, reserve1: bigint, decimals0: number, decimals1: number): number {
  return (Number(reserve1) / Number(reserve0)) * 10 ** (decimals0 - decimals1);
}

function requireLiquidity(reserveIn: bigint, reserveOut: bigint): void {
  if (reserveIn <= 0n || reserveOut <= 0n) throw new UniswapV2Error('AMM_INSUFFICIENT_LIQUIDITY', 'UniswapV2Library: INSUFFICIENT_LIQUIDITY');
}
